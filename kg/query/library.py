"""The named-query library: each queries/NAME.rq answers one question a user asks.

A query file starts with comment lines of metadata:

    # title: Measures Japan announced in December 2023
    # description: type, effective date and targets of each measure
    # param: country  IRI of the state (default: Japan)

The rest is SPARQL. Parameters are passed as bindings, never pasted into the text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.config import settings
from kg.errors import QueryError
from kg.store.base import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, GraphStore
from kg.store.terms import BindingValue, QueryResult

__all__ = ["NamedQuery", "find_query", "list_queries", "read_query", "run_named"]


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    params: dict[str, str] = field(default_factory=dict)


def read_query(path: Path) -> NamedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QueryError(f"{path}: cannot read the query: {error}") from error
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
    folder = folder or settings().queries_dir
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
