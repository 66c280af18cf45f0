"""The Typer app and what every command shares: options, error printing, parameter parsing.

`kg query` usually runs without it (kg.cli.fast); the app's `__call__` tries that path first,
so the `kg` script gets it too.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core

from kg.cli.output import err_console, fail, out_console
from kg.cli.querying import print_version

if TYPE_CHECKING:
    from kg.store.terms import BindingValue

__all__ = ["PARAM_HELP", "STORE_HELP", "StoreOption", "app", "err", "fail", "out", "parse_param"]


class KgTyper(typer.Typer):
    """The root app. Called as the `kg` script calls it (no arguments), it first offers the
    command line to kg.cli.fast, which runs a plain `kg query` without building Typer's command
    tree or its pydantic coercion (most of the command's start-up); anything else comes here."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not args and not kwargs:
            from kg.cli.fast import run_fast

            run_fast(sys.argv[1:])  # exits when it ran the command
        return super().__call__(*args, **kwargs)


app = KgTyper(
    name="kg",
    help="sanctions-kg: a knowledge graph of the Japan-Russia sanctions story and the Kuril Islands dispute.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
out = out_console()
err = err_console()

STORE_HELP = (
    "memory | oxigraph:PATH | PATH | sparql:http://HOST:PORT (a SPARQL 1.1 server); "
    "default: build/store"
)
PARAM_HELP = (
    "NAME=VALUE; VALUE is an IRI (<...>, https://..., or a prefixed name as the tables print "
    'it, id:person/sergey-lavrov), a label ("Sergey Lavrov", looked up in the store) where the '
    "parameter takes an IRI, an integer, or text. `kg queries` lists each query's parameters"
)


def _display_type(self: typer.core.TyperOption, ctx: typer.Context) -> str | None:
    """Help shows what a value is (<int>, <str>...), nothing beside a flag, <str>... for lists."""
    if self.is_flag:
        return None
    shown = _typer_display_type(self, ctx)
    if shown and shown.startswith("<list[") and shown.endswith("]>"):
        return f"<{shown[6:-2]}>..."
    return shown


# Typer prints `<bool>` beside every flag (--quiet <bool>), which reads as if a value were
# expected; its help has no switch for that, so the one method that renders it is wrapped here.
_typer_display_type = typer.core.TyperOption.display_type_rich
typer.core.TyperOption.display_type_rich = _display_type  # type: ignore[method-assign,assignment]


def _print_version(value: bool) -> None:
    if value:
        print_version()
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="print the version and exit"
        ),
    ] = False,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help="the data folder (sources/ and curated/); default KG_DATA, else ./data",
            show_default=False,
        ),
    ] = None,
    build_dir: Annotated[
        Path | None,
        typer.Option(
            "--build-dir",
            help="where outputs and the store go; default KG_BUILD, else ./build",
            show_default=False,
        ),
    ] = None,
) -> None:
    """sanctions-kg: a knowledge graph of the Japan-Russia sanctions story and the Kuril Islands dispute."""
    # Settings are read from the environment by every stage (kg.config), so the options set it.
    if data is not None:
        os.environ["KG_DATA"] = str(data.resolve())
    if build_dir is not None:
        os.environ["KG_BUILD"] = str(build_dir.resolve())


StoreOption = Annotated[
    str | None,
    typer.Option("--store", envvar="KG_STORE", help=STORE_HELP),
]


def parse_param(text: str) -> tuple[str, BindingValue]:
    """NAME=VALUE with VALUE read by kg.query.params.read_value, without a store: an IRI
    (<...>, http(s)://..., urn:..., or a prefixed name such as id:person/x), an integer, else a
    string. Commands that know the query's parameters use kg.query.params.read_params, which
    also resolves labels."""
    # imported here: the store and the query library cost start-up to commands that need neither
    from kg.query.params import ParamError, read_value
    from kg.query.params import parse_param as split_param

    try:
        name, value = split_param(text)
    except ParamError as error:
        raise typer.BadParameter(str(error)) from None
    return name, read_value(value, name=name)
