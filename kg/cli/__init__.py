"""The `kg` command: a thin layer that parses arguments, calls one library function, prints.

Each pipeline stage has its commands in a module of this package; importing them registers the
commands on the one Typer `app`.
"""

from __future__ import annotations

from kg.cli import (  # noqa: F401  (importing a module registers its commands)
    analyse,
    build,
    ingest,
    interop,
    query,
    serve,
    store,
    view,
)
from kg.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app()
