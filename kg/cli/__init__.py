"""The `kg` command: a thin layer that parses arguments, calls one library function, prints.

Each pipeline stage has its commands in a module of this package; importing them registers the
commands on the one Typer `app`.
"""

from __future__ import annotations

from kg.cli import build, ingest, query, serve, store  # noqa: F401  (registers the commands)
from kg.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    app()
