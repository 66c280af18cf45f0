"""sanctions-kg: a knowledge graph of the Japan-Russia sanctions story and the Kuril Islands dispute.

The public API, for notebooks and scripts:

    import kg
    store = kg.open_store()                       # the embedded store built by `kg build`
    store.query("SELECT ...", {"name": "Japan"})  # values are bound, never pasted into the text
    kg.run_named(store, "ru-countermeasures").to_dataframe()

Names are imported on first use, so that `import kg` (and the CLI) starts fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.errors import KGError, QueryError, QueryRefused, QueryTimeout, StoreError
    from kg.query import list_queries, run_named
    from kg.store import GraphStore, QueryResult, Term, construct, export, load, open_store

    __version__: str

__all__ = [
    "GraphStore",
    "KGError",
    "QueryError",
    "QueryRefused",
    "QueryResult",
    "QueryTimeout",
    "StoreError",
    "Term",
    "construct",
    "export",
    "list_queries",
    "load",
    "open_store",
    "run_named",
]

_HOME = {
    **dict.fromkeys(
        ["GraphStore", "QueryResult", "Term", "construct", "export", "load", "open_store"],
        "kg.store",
    ),
    **dict.fromkeys(["list_queries", "run_named"], "kg.query"),
    **dict.fromkeys(
        ["KGError", "QueryError", "QueryRefused", "QueryTimeout", "StoreError"], "kg.errors"
    ),
}


def __dir__() -> list[str]:
    """The lazily imported API shows in `dir(kg)` and tab completion like eager names."""
    return sorted({*globals(), *__all__, *_SUBPACKAGES, "__version__"})


# Subpackages reachable as attributes after a bare `import kg` (kg.analyse.sanction_graph ...).
_SUBPACKAGES = ("analyse", "view")
_NEEDS = {"analyse": "notebook"}  # the extra a subpackage needs (kg.extras)


def _version() -> str:
    """The installed distribution's version. importlib.metadata costs 20-40 ms of start-up
    (email parsing), so it is read when first asked for, not on `import kg`."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sanctions-kg")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        globals()["__version__"] = found = _version()
        return found
    if name in _SUBPACKAGES:
        if name in _NEEDS:
            from kg.extras import require

            require(_NEEDS[name], f"kg.{name}")  # a one-line MissingExtra, not pandas' traceback
        return importlib.import_module(f"kg.{name}")
    if name not in _HOME:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME[name]), name)
