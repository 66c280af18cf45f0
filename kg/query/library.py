"""The named-query library: each queries/NAME.rq answers one question a user asks.

A query file starts with comment lines of metadata:

    # title: Measures Japan announced in December 2023
    # description: type, effective date and targets of each measure
    # param: country  IRI of the state (default: Japan)

The rest is SPARQL. Parameters are passed as bindings, never pasted into the text.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.config import settings
from kg.errors import QueryError
from kg.store.base import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, GraphStore
from kg.store.terms import BindingValue, QueryResult

__all__ = ["MAX_QUERY_BYTES", "NamedQuery", "find_query", "list_queries", "read_query", "run_named"]

MAX_QUERY_BYTES = 1_000_000  # a query file is text a person wrote; /dev/zero is not one
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    params: dict[str, str] = field(default_factory=dict)


def _read_text(path: Path) -> str:
    """The file's text: a regular file of at most MAX_QUERY_BYTES, UTF-8."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # before opening: a FIFO would block the open
            raise QueryError(f"{path}: not a regular file; give a .rq file")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped meanwhile
                raise QueryError(f"{path}: not a regular file; give a .rq file")
            data = handle.read(MAX_QUERY_BYTES + 1)
    except OSError as error:
        raise QueryError(f"{path}: cannot read the query: {error.strerror or error}") from None
    if len(data) > MAX_QUERY_BYTES:
        raise QueryError(f"{path}: larger than {MAX_QUERY_BYTES:,} bytes; not a query file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise QueryError(f"{path}: not UTF-8 text (byte {error.start})") from None


def read_query(path: Path) -> NamedQuery:
    path = Path(path)
    text = _read_text(path)
    meta: dict[str, str] = {}
    params: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        if key == "param":
            name, _, doc = value.strip().partition(" ")
            params[name] = doc.strip()
        elif key in ("title", "description"):
            meta[key] = value.strip()
    return NamedQuery(
        path.stem, path, text, meta.get("title", ""), meta.get("description", ""), params
    )


def list_queries(folder: Path | None = None) -> list[NamedQuery]:
    folder = folder or settings().queries_dir
    return [read_query(p) for p in sorted(Path(folder).glob("*.rq"))]


def find_query(name: str, folder: Path | None = None) -> NamedQuery:
    """The named query `name` of `folder` (queries/); a name is a file stem, never a path."""
    folder = folder or settings().queries_dir
    if not _NAME.match(name) or ".." in name:
        raise QueryError(
            f"{name!r} is not a query name (letters, digits, '_', '.', '-'; no paths): "
            "give a file as the argument to run a query outside queries/"
        )
    path = Path(folder) / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(q.name for q in list_queries(folder))
        raise QueryError(f"no named query {name!r} in {folder}; known: {known}")
    return read_query(path)


def run_named(
    store: GraphStore,
    name: str,
    bindings: Mapping[str, BindingValue] | None = None,
    *,
    timeout_s: float | None = DEFAULT_TIMEOUT_S,
    max_rows: int | None = DEFAULT_MAX_ROWS,
    folder: Path | None = None,
) -> QueryResult:
    query = find_query(name, folder)
    unknown = set(bindings or {}) - set(query.params)
    if unknown:
        raise QueryError(
            f"query {name!r} takes no parameter(s) {sorted(unknown)}; it takes {sorted(query.params)}"
        )
    return store.query(query.text, bindings, timeout_s=timeout_s, max_rows=max_rows)
