"""The `kg` command: a thin layer that parses arguments, calls one library function, prints.

Each pipeline stage has its commands in a module of this package; importing them registers the
commands on the one Typer `app` (kg.cli.root). That happens on first use of `kg.cli.app`, not on
`import kg.cli`: a plain `kg query` runs without Typer (kg.cli.fast), from `main()` here or from
the app's own `__call__`, which is what the `kg` script calls.
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.cli.root import KgTyper

    app: KgTyper

__all__ = ["app", "main"]

COMMAND_MODULES = ("analyse", "build", "ingest", "interop", "query", "serve", "store", "view")


def load_app() -> KgTyper:
    """The Typer app with every command registered."""
    for module in COMMAND_MODULES:
        importlib.import_module(f"kg.cli.{module}")
    from kg.cli.root import app

    return app


def main() -> None:
    from kg.cli.fast import run_fast

    run_fast(sys.argv[1:])  # exits when it ran the command
    load_app()()


def __getattr__(name: str) -> Any:
    if name == "app":
        return load_app()
    raise AttributeError(f"module 'kg.cli' has no attribute {name!r}")
