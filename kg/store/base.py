"""The store interface every backend implements (embedded Oxigraph, in-memory, remote SPARQL)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol, runtime_checkable

from kg.store.terms import BindingValue, QueryResult

__all__ = ["DEFAULT_MAX_ROWS", "DEFAULT_TIMEOUT_S", "GraphStore"]

DEFAULT_TIMEOUT_S = 30.0
DEFAULT_MAX_ROWS = 100_000


@runtime_checkable
class GraphStore(Protocol):
    """A quad store queried with SPARQL; the default graph is the union of the named graphs."""

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

    def named_graphs(self) -> list[str]: ...

    def close(self) -> None: ...
