"""Open a store from a spec string; read-only unless the caller says it will write.

A handle opened for writing takes the embedded store's lock, so a script or notebook that merely
reads would make `kg ingest` and `kg build` fail with "the store is busy" for as long as it runs.
So `open_store()` is read-only by default; writers say `read_only=False`.

Code written before that default keeps working: a store opened without saying either way
(`read_only` left out) that is then written to is reopened for writing on its first write, with
a `DeprecationWarning` that names the fix. Saying `read_only=True` refuses writes outright.
A missing embedded store opened without saying is created (with the same warning), as before;
`read_only=True` on a missing store is an error that says to build it.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

from kg.config import settings
from kg.errors import StoreError
from kg.store.base import GraphStore
from kg.store.oxigraph import OxigraphStore
from kg.store.remote import RemoteStore

__all__ = ["open_store"]

_WRITE_HINT = (
    "{where}: writing through a store opened read-only by default; "
    "pass open_store(..., read_only=False) to write (this will become an error)"
)


def _warn(where: object) -> None:
    warnings.warn(_WRITE_HINT.format(where=where), DeprecationWarning, stacklevel=4)


class _EmbeddedByDefault(OxigraphStore):
    """An embedded store opened read-only by default, reopened for writing on its first write."""

    def _writable(self) -> None:
        if self.read_only:
            _warn(self.path)
            assert self.path is not None
            OxigraphStore.__init__(self, self.path, read_only=False)


class _RemoteByDefault(RemoteStore):
    """A server opened read-only by default: the first write warns, then goes through."""

    def replace_graphs(self, nquads: bytes, graphs: list[str]) -> None:
        if self.read_only:
            _warn(self.endpoints.query)
            self.read_only = False
        super().replace_graphs(nquads, graphs)


def _remote_store(spec: str, read_only: bool | None) -> RemoteStore:
    """A RemoteStore for `spec`; read_only=None: read-only until its first write, which warns."""
    kind = RemoteStore if read_only is not None else _RemoteByDefault
    return kind(
        spec,
        read_only=read_only is not False,
        load_strategy=os.environ.get("KG_SPARQL_LOAD", "update"),
        merged_graph=os.environ.get("KG_SPARQL_MERGED_GRAPH") or None,
    )


def open_store(spec: str | None = None, *, read_only: bool | None = None) -> GraphStore:
    """Open a store from a spec: 'memory', 'oxigraph:PATH' (the default, from settings), a PATH,
    or 'sparql:http://HOST:PORT'. Read-only unless `read_only=False` (see the module's text);
    'memory' is private to the process and always writable.

    The embedded store path may be a symlink that `kg build` swaps to a freshly built store.

    >>> store = open_store("memory")
    >>> store.query("ASK { ?s ?p ?o }").values()
    [(False,)]
    """
    spec = spec or settings().store
    if spec == "memory":
        return OxigraphStore(None)
    if spec.startswith("sparql:"):
        return _remote_store(spec, read_only)
    if spec.startswith("oxigraph:") or "://" not in spec:
        path = Path(spec.removeprefix("oxigraph:"))
        if read_only is None:
            if not path.exists():
                _warn_create(path)
                return _EmbeddedByDefault(path, read_only=False)
            return _EmbeddedByDefault(path, read_only=True)
        if read_only and not path.exists():
            raise StoreError(f"{path}: no store here; run `kg build` first")
        return OxigraphStore(path, read_only=read_only)
    raise StoreError(
        f"unknown store spec {spec!r}: use 'memory', 'oxigraph:PATH' or 'sparql:http://HOST:PORT'"
    )


def _warn_create(path: Path) -> None:
    warnings.warn(
        f"{path}: no store here; creating an empty one because read_only was not given. "
        "Pass read_only=False to create a store (this will become an error)",
        DeprecationWarning,
        stacklevel=3,
    )
