"""Stage: queries. Named SPARQL queries (queries/*.rq), run against any store, formatted.

The names below load kg.query.library (and with it the store) on first use, so that the
formatter can be imported without the store.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.query.library import NamedQuery, find_query, list_queries, run_named

__all__ = ["NamedQuery", "find_query", "list_queries", "run_named"]


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'kg.query' has no attribute {name!r}")
    return getattr(importlib.import_module("kg.query.library"), name)
