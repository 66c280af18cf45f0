"""The store interface every backend implements (embedded Oxigraph, in-memory, remote SPARQL)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

from kg.store.terms import BindingValue, QueryResult

__all__ = [
    "DEFAULT_MAX_ROWS",
    "DEFAULT_TIMEOUT_S",
    "MERGE_DEFAULT_GRAPH",
    "UNMERGE_GRAPH",
    "GraphStore",
]

DEFAULT_TIMEOUT_S = 30.0

# The default graph of every store is the merge (set union) of its named graphs, kept up to date
# by the loaders, so that a query without GRAPH sees each triple once, on every backend: union
# modes of servers (and pyoxigraph's use_default_graph_as_union) repeat a triple per graph.
MERGE_DEFAULT_GRAPH = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
# Before a named graph ?g is dropped: remove from the default graph what only ?g held.
UNMERGE_GRAPH = (
    "DELETE { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } "
    "FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } FILTER(?other != ?g) } }"
)
DEFAULT_MAX_ROWS = 100_000


@runtime_checkable
class GraphStore(Protocol):
    """A quad store queried with SPARQL; the default graph is the merge of the named graphs."""

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, BindingValue] | None = None,
        *,
        timeout_s: float | None = DEFAULT_TIMEOUT_S,
        max_rows: int | None = DEFAULT_MAX_ROWS,
    ) -> QueryResult:
        """Run a read-only SELECT or ASK query (ASK gives one row with variable 'result')."""
        ...

    def replace_graphs(self, nquads: bytes, graphs: list[str]) -> None:
        """Atomically replace `graphs` with the quads of `nquads` (N-Quads): all or nothing."""
        ...

    def replace_parts(self, parts: Sequence[tuple[str, bytes]]) -> None:
        """`replace_graphs` with the quads given graph by graph: ((graph, its N-Quads), ...);
        the embedded store writes new graphs given so at half the cost (kg.store.replace)."""
        ...

    def named_graphs(self) -> list[str]: ...

    def close(self) -> None: ...
