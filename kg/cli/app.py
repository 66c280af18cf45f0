"""The Typer app and what every command shares: options, error printing, parameter parsing."""

from __future__ import annotations

import re
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from kg.store.terms import BindingValue, Term

app = typer.Typer(
    name="kg",
    help="sanctions-kg: a knowledge graph of the Japan-Russia sanctions story and the Kuril Islands dispute.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)


def _print_version(value: bool) -> None:
    if value:
        from kg import __version__

        out.print(f"sanctions-kg {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="print the version and exit"
        ),
    ] = False,
) -> None:
    """sanctions-kg: a knowledge graph of the Japan-Russia sanctions story and the Kuril Islands dispute."""


StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store", envvar="KG_STORE", help="memory | oxigraph:PATH (default: build/store)"
    ),
]


def fail(error: Exception) -> None:
    # Text, not markup: messages quote ids like [x] and user data, which rich would eat as tags.
    err.print(Text.assemble(("error: ", "bold red"), str(error)), soft_wrap=True, highlight=False)
    raise typer.Exit(1)


def parse_param(text: str) -> tuple[str, BindingValue]:
    """NAME=VALUE; VALUE is an IRI when written <...> or http(s)://..., an integer, else a string."""
    name, sep, value = text.partition("=")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise typer.BadParameter(f"expected NAME=VALUE, got {text!r}")
    if value.startswith("<") and value.endswith(">"):
        return name, Term.iri(value[1:-1])
    if re.match(r"https?://", value):
        return name, Term.iri(value)
    if re.fullmatch(r"-?\d+", value):
        return name, int(value)
    return name, value
