"""Commands of the query stage: query, queries, summary."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from kg.cli.app import PARAM_HELP, StoreOption, app, err, fail, out
from kg.errors import KGError

if TYPE_CHECKING:
    from kg.store.base import GraphStore
    from kg.store.terms import BindingValue, QueryResult

GRAPH_FORMATS = ("nt", "ttl")


@app.command()
def query(
    file: Annotated[Path | None, typer.Argument(help="a .rq file")] = None,
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="a named query of queries/ (`kg queries`)")
    ] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help=PARAM_HELP)] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="table | csv | json | tsv (default: table on a terminal, tsv in a pipe); "
            "CONSTRUCT and DESCRIBE: nt | ttl (default: nt)",
        ),
    ] = None,
    wide: Annotated[
        bool,
        typer.Option("--wide", help="table cells whole, not cut at the terminal's width (paged)"),
    ] = False,
    store: StoreOption = None,
    timeout: Annotated[float, typer.Option(help="wall-clock limit, seconds")] = 30.0,
    max_rows: Annotated[int, typer.Option(help="row cap (triples for CONSTRUCT)")] = 100_000,
) -> None:
    """Run a SPARQL query (a file, or a named query with --name) and print the results."""
    from kg.query.guard import check_read_query
    from kg.query.library import find_query, read_query
    from kg.query.params import read_params
    from kg.store import open_store

    if not math.isfinite(timeout) or timeout <= 0:
        fail(KGError(f"--timeout must be a positive number of seconds, not {timeout}"))
    if max_rows < 1:
        fail(KGError(f"--max-rows must be at least 1, not {max_rows}"))
    if (file is None) == (name is None):
        fail(KGError("give a query file or --name NAME (see `kg queries`)"))
    try:
        named = find_query(name) if name else read_query(file)  # type: ignore[arg-type]
        graph = open_store(store, read_only=True)
        bindings = read_params(param or [], named.params, graph, named.name)
        if check_read_query(named.text) in ("ConstructQuery", "DescribeQuery"):
            _print_graph(graph, named.text, bindings, fmt or "nt", timeout, max_rows)
            return
        result = graph.query(named.text, bindings, timeout_s=timeout, max_rows=max_rows)
    except KGError as error:
        fail(error)
    _print_rows(result, fmt, named.title or named.name, wide)
    if result.truncated:
        err.print(f"[yellow]results cut at {max_rows} rows (--max-rows)[/]")


def _print_rows(result: QueryResult, fmt: str | None, title: str, wide: bool) -> None:
    from kg.query.format import FORMATS, fits, render_text, to_records, to_table, wide_width

    fmt = fmt or ("table" if sys.stdout.isatty() else "tsv")
    if fmt not in FORMATS:
        fail(KGError(f"--format must be one of {', '.join(FORMATS)} for SELECT and ASK"))
    if fmt != "table":
        sys.stdout.write(render_text(result, fmt))
        return
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


@app.command()
def queries() -> None:
    """List the named queries and what each parameter takes."""
    from kg.query.library import list_queries

    for named in list_queries():
        out.print(f"[bold]{named.name}[/]  {named.title}", highlight=False)
        for param, doc in named.params.items():
            out.print(f"    -p {param}=...  {doc}", highlight=False, markup=False)


@app.command()
def summary(store: StoreOption = None) -> None:
    """Counts of what the graph holds, by class and by source."""
    from kg.query.format import to_table
    from kg.query.library import run_named
    from kg.store import open_store

    try:
        graph = open_store(store, read_only=True)
        out.print(to_table(run_named(graph, "summary-classes"), "Nodes by class", width=out.width))
        out.print(to_table(run_named(graph, "summary-sources"), "Facts by source", width=out.width))
    except KGError as error:
        fail(error)
