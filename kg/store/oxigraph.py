"""Embedded Oxigraph store (on disk, the default) and its in-memory twin (tests, notebooks)."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError, QueryTimeout, StoreBusy, StoreError
from kg.query.guard import check_read_query
from kg.store.base import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, UNMERGE_GRAPH
from kg.store.terms import BindingValue, QueryResult, Term, to_term

__all__ = ["OxigraphStore", "from_ox", "to_ox"]


def to_ox(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if term.kind == "uri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    datatype = ox.NamedNode(term.datatype) if term.datatype else None
    return ox.Literal(term.value, datatype=datatype)


def from_ox(node: Any) -> Term | None:
    if node is None:
        return None
    if isinstance(node, ox.NamedNode):
        return Term("uri", node.value)
    if isinstance(node, ox.BlankNode):
        return Term("bnode", node.value)
    if node.language:
        return Term("literal", node.value, None, node.language)
    return Term("literal", node.value, node.datatype.value)


class OxigraphStore:
    """pyoxigraph.Store behind the GraphStore interface. `path=None` keeps it in memory.

    The default graph holds the merge of the named graphs (see kg.store.base.MERGE_DEFAULT_GRAPH):
    Oxigraph's own union mode would repeat a triple once per graph that holds it and inflate counts. The wall-clock limit runs
    the query in a daemon thread: pyoxigraph releases the GIL, but cannot be cancelled, so a
    timed-out query is abandoned (it stops with the process).
    """

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                self._store = ox.Store(str(path))
        except OSError as error:
            if "lock" in str(error).lower():
                raise StoreBusy(
                    f"{path}: the store is busy (another process is writing to it)"
                ) from error
            raise StoreError(f"{path}: cannot open the store: {error}") from error

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store itself, for bulk work that the interface does not cover."""
        return self._store

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, BindingValue] | None = None,
        *,
        timeout_s: float | None = DEFAULT_TIMEOUT_S,
        max_rows: int | None = DEFAULT_MAX_ROWS,
    ) -> QueryResult:
        form = check_read_query(sparql)
        if form not in ("SelectQuery", "AskQuery"):
            raise QueryError(f"only SELECT and ASK are supported here, not {form}")
        substitutions = {ox.Variable(k): to_ox(to_term(v)) for k, v in (bindings or {}).items()}
        outcome: dict[str, Any] = {}

        def run() -> None:
            try:
                outcome["result"] = self._run(sparql, substitutions, max_rows)
            except BaseException as error:  # handed to the caller's thread
                outcome["error"] = error

        if timeout_s is None:
            run()
        else:
            worker = threading.Thread(target=run, daemon=True, name="kg-query")
            worker.start()
            worker.join(timeout_s)
            if worker.is_alive():
                raise QueryTimeout(f"query stopped after {timeout_s:g} s (wall-clock limit)")
        if "error" in outcome:
            error = outcome["error"]
            if isinstance(error, SyntaxError):
                raise QueryError(f"SPARQL syntax error: {error}") from error
            if isinstance(error, RuntimeError):  # e.g. a binding for a variable not selected
                raise QueryError(f"query failed: {error}") from error
            raise error
        return outcome["result"]  # type: ignore[no-any-return]

    def _run(
        self, sparql: str, substitutions: dict[ox.Variable, Any], max_rows: int | None
    ) -> QueryResult:
        solutions = self._store.query(
            sparql, substitutions=substitutions
        )
        if isinstance(solutions, ox.QueryBoolean):
            return QueryResult(
                ["result"],
                [
                    (
                        Term.literal(
                            str(bool(solutions)).lower(), "http://www.w3.org/2001/XMLSchema#boolean"
                        ),
                    )
                ],
            )
        variables = [v.value for v in solutions.variables]
        rows = []
        truncated = False
        for solution in solutions:
            if max_rows is not None and len(rows) >= max_rows:
                truncated = True
                break
            rows.append(tuple(from_ox(solution[v]) for v in variables))
        return QueryResult(variables, rows, truncated)

    def replace_graphs(self, nquads: bytes, graphs: list[str]) -> None:
        """Replace `graphs` by the quads of `nquads` in one update transaction: all or nothing."""
        try:
            quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
        except SyntaxError as error:
            raise StoreError(f"cannot parse the quads to load: {error}") from error
        by_graph: dict[str, list[str]] = {}
        for quad in quads:
            if isinstance(quad.graph_name, ox.DefaultGraph):
                raise StoreError("quads to load must all be in named graphs")
            by_graph.setdefault(str(quad.graph_name), []).append(
                f"{quad.subject} {quad.predicate} {quad.object} ."
            )
        operations = [
            *(UNMERGE_GRAPH.replace("?g", str(ox.NamedNode(g))) for g in graphs),
            *(f"DROP SILENT GRAPH {ox.NamedNode(g)}" for g in graphs),
        ]
        if by_graph:
            inserts = " ".join(f"GRAPH {g} {{ {' '.join(t)} }}" for g, t in by_graph.items())
            merged = " ".join(" ".join(t) for t in by_graph.values())
            operations.append(f"INSERT DATA {{ {inserts} {merged} }}")
        try:
            self._store.update(" ;\n".join(operations))
        except OSError as error:
            raise StoreError(
                f"{self.path or 'memory'}: load failed, nothing changed: {error}"
            ) from error

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self._store)

    def flush(self) -> None:
        if self.path is not None:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        del self._store
