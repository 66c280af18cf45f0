"""Commands of the query stage: query, queries, summary."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import StoreOption, app, err, fail, out, parse_param
from kg.errors import KGError


@app.command()
def query(
    file: Annotated[Path | None, typer.Argument(help="a .rq file")] = None,
    name: Annotated[
        str | None, typer.Option("--name", "-n", help="a named query of queries/")
    ] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE binding")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table | csv | json")] = "table",
    store: StoreOption = None,
    timeout: Annotated[float, typer.Option(help="wall-clock limit, seconds")] = 30.0,
    max_rows: Annotated[int, typer.Option(help="row cap")] = 100_000,
) -> None:
    """Run a SPARQL query (a file, or a named query with --name) and print the results."""
    from kg.query.format import FORMATS, to_csv, to_json, to_table
    from kg.query.library import find_query, read_query
    from kg.store import open_store

    if fmt not in FORMATS:
        fail(KGError(f"--format must be one of {', '.join(FORMATS)}"))
    if not math.isfinite(timeout) or timeout <= 0:
        fail(KGError(f"--timeout must be a positive number of seconds, not {timeout}"))
    if max_rows < 1:
        fail(KGError(f"--max-rows must be at least 1, not {max_rows}"))
    if (file is None) == (name is None):
        fail(KGError("give a query file or --name NAME (see `kg queries`)"))
    try:
        named = find_query(name) if name else read_query(file)  # type: ignore[arg-type]
        bindings = dict(parse_param(p) for p in param or [])
        unknown = set(bindings) - set(named.params)
        if unknown:
            raise KGError(
                f"{named.name} has no parameter(s) {sorted(unknown)}; it takes {sorted(named.params)}"
            )
        graph = open_store(store, read_only=True)
        result = graph.query(named.text, bindings, timeout_s=timeout, max_rows=max_rows)
    except KGError as error:
        fail(error)
    if fmt == "csv":
        sys.stdout.write(to_csv(result))
    elif fmt == "json":
        sys.stdout.write(to_json(result) + "\n")
    else:
        out.print(to_table(result, title=named.title or named.name))
    if result.truncated:
        err.print(f"[yellow]results cut at {max_rows} rows (--max-rows)[/]")


@app.command()
def queries() -> None:
    """List the named queries."""
    from kg.query.library import list_queries

    for named in list_queries():
        params = f"  params: {', '.join(named.params)}" if named.params else ""
        out.print(f"[bold]{named.name}[/]  {named.title}{params}", highlight=False)


@app.command()
def summary(store: StoreOption = None) -> None:
    """Counts of what the graph holds, by class and by source."""
    from kg.query.format import to_table
    from kg.query.library import run_named
    from kg.store import open_store

    try:
        graph = open_store(store, read_only=True)
        out.print(to_table(run_named(graph, "summary-classes"), "Nodes by class"))
        out.print(to_table(run_named(graph, "summary-sources"), "Facts by source"))
    except KGError as error:
        fail(error)
