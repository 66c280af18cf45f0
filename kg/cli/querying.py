"""What `kg query` does once its arguments are read, shared by the Typer command (kg.cli.query)
and the fast path (kg.cli.fast), so both run the same code. Free of Typer; rich is loaded only
to draw a table."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kg.cli.output import err_console, fail, out_console
from kg.errors import KGError

if TYPE_CHECKING:
    from kg.store.base import GraphStore
    from kg.store.terms import BindingValue, QueryResult

__all__ = ["GRAPH_FORMATS", "MAX_ROWS", "TIMEOUT_S", "list_named", "print_version", "run_query"]

GRAPH_FORMATS = ("nt", "ttl")
TIMEOUT_S = 30.0  # the defaults of --timeout and --max-rows, on both paths
MAX_ROWS = 100_000


def run_query(
    file: Path | None,
    name: str | None,
    params: list[str],
    fmt: str | None,
    wide: bool,
    store: str | None,
    timeout: float,
    max_rows: int,
) -> None:
    """Run a query file or a named query against the store and print the answer."""
    from kg.query.library import find_query, read_query
    from kg.query.params import read_params
    from kg.sparql.guard import check_read_query
    from kg.store.opening import open_store

    if not math.isfinite(timeout) or timeout <= 0:
        fail(KGError(f"--timeout must be a positive number of seconds, not {timeout}"))
    if max_rows < 1:
        fail(KGError(f"--max-rows must be at least 1, not {max_rows}"))
    if (file is None) == (name is None):
        fail(KGError("give a query file or --name NAME (see `kg queries`)"))
    try:
        named = find_query(name) if name else read_query(file)  # type: ignore[arg-type]
        graph = open_store(store, read_only=True)
        bindings = read_params(params, named.params, graph, named.name)
        if check_read_query(named.text) in ("ConstructQuery", "DescribeQuery"):
            _print_graph(graph, named.text, bindings, fmt or "nt", timeout, max_rows)
            return
        result = graph.query(named.text, bindings, timeout_s=timeout, max_rows=max_rows)
    except KGError as error:
        fail(error)
    _print_rows(result, fmt, named.title or named.name, wide)
    if result.truncated:
        err_console().print(f"[yellow]results cut at {max_rows} rows (--max-rows)[/]")


def list_named() -> None:
    """`kg queries`: each named query and what its parameters take."""
    from kg.query.library import list_queries

    out = out_console()
    for named in list_queries():
        out.print(f"[bold]{named.name}[/]  {named.title}", highlight=False)
        for param, doc in named.params.items():
            out.print(f"    -p {param}=...  {doc}", highlight=False, markup=False)


def print_version() -> None:
    """`kg --version`."""
    from kg import __version__

    out_console().print(f"sanctions-kg {__version__}", highlight=False)


def _print_rows(result: QueryResult, fmt: str | None, title: str, wide: bool) -> None:
    from kg.query.format import FORMATS, render_text

    fmt = fmt or ("table" if sys.stdout.isatty() else "tsv")
    if fmt not in FORMATS:
        fail(KGError(f"--format must be one of {', '.join(FORMATS)} for SELECT and ASK"))
    if fmt != "table":
        sys.stdout.write(render_text(result, fmt))
        return
    from rich.console import Console

    from kg.query.format import fits, to_records, to_table, wide_width

    out = out_console()
    if not wide:
        if fits(result, out.width):
            out.print(to_table(result, title=title, width=out.width))
        else:  # too many columns for the width: one record a row (--wide for the table)
            out.print(to_records(result, title, width=out.width), soft_wrap=True)
        return
    console = Console(width=max(out.width, wide_width(result)))
    table = to_table(result, title=title, wide=True)
    if sys.stdout.isatty():
        with console.pager(styles=True):
            console.print(table)
    else:
        console.print(table)


def _print_graph(
    graph: GraphStore,
    text: str,
    bindings: dict[str, BindingValue],
    fmt: str,
    timeout: float,
    max_rows: int,
) -> None:
    from kg.store.graphs import construct

    if fmt not in GRAPH_FORMATS:
        fail(
            KGError(
                f"--format must be one of {', '.join(GRAPH_FORMATS)} for CONSTRUCT and DESCRIBE"
            )
        )
    triples = construct(graph, text, bindings, timeout_s=timeout, max_triples=max_rows)
    if fmt == "ttl":
        sys.stdout.write(triples.serialize(format="turtle"))
    else:
        lines = sorted(line for line in triples.serialize(format="nt").splitlines() if line)
        sys.stdout.write("".join(f"{line}\n" for line in lines))
