"""Stage: stores. One interface, backends picked by a spec string (see `open_store`)."""

from __future__ import annotations

from pathlib import Path

from kg.errors import StoreError
from kg.store.base import GraphStore
from kg.store.oxigraph import OxigraphStore
from kg.store.terms import QueryResult, Term

__all__ = ["GraphStore", "OxigraphStore", "QueryResult", "Term", "open_store"]


def open_store(spec: str | None = None, *, read_only: bool = False) -> GraphStore:
    """Open a store from a spec: 'memory', 'oxigraph:PATH' (the default, from settings) or a PATH.

    The embedded store path may be a symlink that `kg build` swaps to a freshly built store.
    """
    from kg.config import settings

    spec = spec or settings().store
    if spec == "memory":
        return OxigraphStore(None)
    if spec.startswith("oxigraph:") or "://" not in spec:
        path = Path(spec.removeprefix("oxigraph:"))
        if read_only and not path.exists():
            raise StoreError(f"{path}: no store here; run `kg build` first")
        return OxigraphStore(path, read_only=read_only)
    raise StoreError(f"unknown store spec {spec!r}: use 'memory', 'oxigraph:PATH'")
