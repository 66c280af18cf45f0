"""One exception tree: every error the package raises on bad input is a KGError naming its culprit."""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "CurationError",
    "DocumentError",
    "KGError",
    "QueryError",
    "QueryRefused",
    "QueryTimeout",
    "StoreBusy",
    "StoreError",
    "ValidationFailed",
]


class KGError(Exception):
    """Root of all sanctions-kg errors."""


class DocumentError(KGError):
    """A source document cannot be read or has unusable metadata."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")


class CurationError(KGError):
    """Curated data is malformed: names the file and the fact or entity at fault."""

    def __init__(self, path: Path | str, where: str, problem: str) -> None:
        self.path = Path(path)
        self.where = where
        self.problem = problem
        location = f"{path} [{where}]" if where else str(path)
        super().__init__(f"{location}: {problem}")


class ValidationFailed(KGError):
    """The graph violates the SHACL shapes; `report` is the readable report."""

    def __init__(self, report: str, violations: int) -> None:
        self.report = report
        self.violations = violations
        super().__init__(f"SHACL validation failed with {violations} violation(s):\n{report}")


class StoreError(KGError):
    """A store cannot be opened, read or written."""


class StoreBusy(StoreError):
    """Another process holds the write lock on the embedded store."""


class QueryError(KGError):
    """A query is malformed or cannot be found."""


class QueryRefused(QueryError):
    """A query asks for something the read path does not allow (update, SERVICE, LOAD, FROM <url>)."""


class QueryTimeout(QueryError):
    """A query ran past its wall-clock limit."""


class OutputError(KGError):
    """An output (graph file, store version, ingest record) cannot be written; names the file."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{path}: {problem}")
