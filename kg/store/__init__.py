"""Stage: stores. One interface, three backends picked by a spec string (see `open_store`).

- ``memory``: pyoxigraph in memory (tests, notebooks);
- ``oxigraph:PATH`` or a bare PATH: the embedded pyoxigraph store on disk (the default,
  ``build/store``, written by ``kg build``);
- ``sparql:http://HOST:PORT``: any SPARQL 1.1 server over the Query, Update and Graph Store
  protocols (Oxigraph's layout by default; see kg.store.protocol.Endpoints for the overrides,
  and KG_SPARQL_LOAD=update|gsp, KG_SPARQL_MERGED_GRAPH in kg.store.remote).

The spec comes from the argument, else ``KG_STORE``, else the embedded default.
"""

from __future__ import annotations

import os
from pathlib import Path

from kg.errors import StoreError
from kg.store.base import GraphStore
from kg.store.export import export
from kg.store.load import LoadReport, load
from kg.store.oxigraph import OxigraphStore
from kg.store.remote import RemoteStore
from kg.store.terms import QueryResult, Term

__all__ = [
    "GraphStore",
    "LoadReport",
    "OxigraphStore",
    "QueryResult",
    "RemoteStore",
    "Term",
    "export",
    "load",
    "open_store",
]


def open_store(spec: str | None = None, *, read_only: bool = False) -> GraphStore:
    """Open a store from a spec: 'memory', 'oxigraph:PATH' (the default, from settings), a PATH,
    or 'sparql:http://HOST:PORT'.

    The embedded store path may be a symlink that `kg build` swaps to a freshly built store.

    >>> store = open_store("memory")
    >>> store.query("ASK { ?s ?p ?o }").values()
    [(False,)]
    """
    from kg.config import settings

    spec = spec or settings().store
    if spec == "memory":
        return OxigraphStore(None)
    if spec.startswith("sparql:"):
        return RemoteStore(
            spec,
            read_only=read_only,
            load_strategy=os.environ.get("KG_SPARQL_LOAD", "update"),
            merged_graph=os.environ.get("KG_SPARQL_MERGED_GRAPH") or None,
        )
    if spec.startswith("oxigraph:") or "://" not in spec:
        path = Path(spec.removeprefix("oxigraph:"))
        if read_only and not path.exists():
            raise StoreError(f"{path}: no store here; run `kg build` first")
        return OxigraphStore(path, read_only=read_only)
    raise StoreError(
        f"unknown store spec {spec!r}: use 'memory', 'oxigraph:PATH' or 'sparql:http://HOST:PORT'"
    )
