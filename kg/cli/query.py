"""Commands of the query stage: query, queries, summary. What `kg query` does is in
kg.cli.querying, shared with the fast path (kg.cli.fast) that usually runs it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.querying import MAX_ROWS, TIMEOUT_S, list_named, run_query
from kg.cli.root import PARAM_HELP, StoreOption, app, fail, out
from kg.errors import KGError


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
    timeout: Annotated[float, typer.Option(help="wall-clock limit, seconds")] = TIMEOUT_S,
    max_rows: Annotated[int, typer.Option(help="row cap (triples for CONSTRUCT)")] = MAX_ROWS,
) -> None:
    """Run a SPARQL query (a file, or a named query with --name) and print the results."""
    run_query(file, name, param or [], fmt, wide, store, timeout, max_rows)


@app.command()
def queries() -> None:
    """List the named queries and what each parameter takes."""
    list_named()


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
