"""Stage: service. `kg serve`: a read-only SPARQL endpoint and query page on 127.0.0.1.

Starlette on uvicorn answers HTTP (kg.serve.server, kg.serve.app); every query passes the guard
(kg.sparql.guard) and runs in one of a few worker processes (kg.serve.pool, kg.serve.worker) over
the read-only store, reached over pipes, never a port. The workers cannot open network
connections (a seccomp filter, kg.serve.sandbox), die with the server, reopen the store when a
build or an ingest changes it, and a query past the time limit ends with its worker alone.

Names are imported on first use, so that a worker (`python -m kg.serve.worker`) loads only what
it needs, not the HTTP stack.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.serve.config import ServeConfig
    from kg.serve.server import Endpoint
    from kg.serve.server import run as serve

__all__ = ["Endpoint", "ServeConfig", "serve"]

_HOME = {
    "Endpoint": "kg.serve.server",
    "ServeConfig": "kg.serve.config",
    "serve": "kg.serve.server",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'kg.serve' has no attribute {name!r}")
    module = importlib.import_module(_HOME[name])
    return getattr(module, "run" if name == "serve" else name)
