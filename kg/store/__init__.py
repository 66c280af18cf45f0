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

from kg.store.base import GraphStore
from kg.store.export import export
from kg.store.load import LoadReport, load
from kg.store.opening import open_store
from kg.store.oxigraph import OxigraphStore
from kg.store.terms import QueryResult, Term

if TYPE_CHECKING:
    from kg.store.graphs import construct
    from kg.store.remote import RemoteStore

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

# Loaded on first use: the server client (httpx) and rdflib graphs cost a query command start-up
# time it does not need. (`export` and `load` cannot be lazy: they share their names with their
# modules, which the import system would put in their place.)
_LAZY = {"RemoteStore": "kg.store.remote", "construct": "kg.store.graphs"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'kg.store' has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
