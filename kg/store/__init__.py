"""Stage: stores. One interface, three backends picked by a spec string (see `open_store`).

- ``memory``: pyoxigraph in memory (tests, notebooks);
- ``oxigraph:PATH`` or a bare PATH: the embedded pyoxigraph store on disk (the default,
  ``build/store``, written by ``kg build``);
- ``sparql:http://HOST:PORT``: any SPARQL 1.1 server over the Query, Update and Graph Store
  protocols (Oxigraph's layout by default; see kg.store.protocol.Endpoints for the overrides,
  and KG_SPARQL_LOAD=update|gsp, KG_SPARQL_MERGED_GRAPH in kg.store.remote).

The spec comes from the argument, else ``KG_STORE``, else the embedded default. A store is
opened read-only unless the caller passes ``read_only=False`` (kg.store.opening says why).
CONSTRUCT and DESCRIBE queries give an rdflib Graph through `construct` (kg.store.graphs).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.store.base import GraphStore
    from kg.store.exporting import export
    from kg.store.graphs import construct
    from kg.store.loading import LoadReport, load
    from kg.store.opening import open_store
    from kg.store.oxigraph import OxigraphStore
    from kg.store.remote import RemoteStore
    from kg.store.terms import QueryResult, Term

# Each name's module, imported on first use: opening a store for a query must not load
# kg.store.exporting (rdflib, through kg.namespace and kg.store.jsonld) or the remote client.
# (A function may not share its name with a submodule: importing the submodule would replace
# it, hence exporting.py and loading.py, like opening.py.)
_HOME = {
    "GraphStore": "base",
    "LoadReport": "loading",
    "OxigraphStore": "oxigraph",
    "QueryResult": "terms",
    "RemoteStore": "remote",
    "Term": "terms",
    "construct": "graphs",
    "export": "exporting",
    "load": "loading",
    "open_store": "opening",
}


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'kg.store' has no attribute {name!r}")
    return getattr(importlib.import_module(f"kg.store.{_HOME[name]}"), name)


__all__ = [
    "GraphStore",
    "LoadReport",
    "OxigraphStore",
    "QueryResult",
    "RemoteStore",
    "Term",
    "construct",
    "export",
    "load",
    "open_store",
]
