"""Commands of the analyse stage: `kg analyse` (report, tables, figures) and `kg analyse export`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.cli.root import StoreOption, app, fail, out
from kg.errors import KGError

if TYPE_CHECKING:
    from rich.table import Table

analyse_app = typer.Typer(
    help="Network analysis: report, CSV tables and PNG figures; projections as GraphML/GEXF.",
    no_args_is_help=False,
    invoke_without_command=True,
)
app.add_typer(analyse_app, name="analyse")


def _require_notebook(command: str) -> None:
    """kg.analyse works on pandas frames and draws with matplotlib: the [notebook] extra."""
    from kg.extras import MissingExtra, require

    try:
        require("notebook", command)
    except MissingExtra as error:
        fail(error)


def _table(title: str, frame: object, columns: list[str], limit: int = 8) -> Table:
    from rich.table import Table  # only when a report is printed: not on every `kg` start

    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, max_width=48, no_wrap=True, overflow="ellipsis")
    for row in frame.head(limit).itertuples(index=False):  # type: ignore[attr-defined]
        values = row._asdict()
        table.add_row(*(_cell(values[c]) for c in columns))
    return table


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else str(value)


@analyse_app.callback()
def report(
    ctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="analyse the graph as of this day (YYYY-MM-DD)")
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="folder for the tables and figures")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Print a short report and write CSV tables and PNG figures (default: build/analysis/)."""
    if ctx.invoked_subcommand is not None:
        return
    _require_notebook("kg analyse")
    from kg.analyse import analyse
    from kg.config import settings
    from kg.store import open_store

    target = out_dir or settings().build_dir / "analysis"
    try:
        result = analyse(open_store(store, read_only=True), target, as_of=as_of)
    except (KGError, ValueError) as error:
        fail(error)
    tables = result.tables
    when = f" as of {result.as_of}" if result.as_of else ""
    out.print(f"[bold]Sanction graph{when}[/]", highlight=False)
    out.print(
        _table(
            "Most active senders and most targeted",
            tables["strength"],
            ["label", "sent", "received"],
        )
    )
    out.print(_table("PageRank", tables["pagerank"], ["label", "pagerank"], 5))
    out.print(f"Overall reciprocity: {result.overall_reciprocity:.3f}", highlight=False)
    dyads = tables["reciprocity"]
    out.print(
        _table(
            "Reciprocated dyads",
            dyads[dyads["reciprocated"]],
            ["a_label", "b_label", "a_to_b", "b_to_a"],
        )
    )
    out.print(
        _table("Blocs (co-sanctioning, Louvain)", tables["blocs"], ["bloc", "label", "shared"])
    )
    support = tables["source_support"]
    single = int((support["n_sources"] == 1).sum())
    out.print(f"Facts on a single source: {single} of {len(support)}", highlight=False)
    out.print(
        _table(
            "Contradictions per source",
            tables["contradictions"],
            ["source", "discrepancies", "facts"],
        )
    )
    out.print(f"wrote {len(result.files)} files to {result.out_dir}", highlight=False)


@analyse_app.command("export")
def export_command(
    name: Annotated[
        str,
        typer.Argument(
            help="projection: sanctions, sanctions-groups, sanctions-weighted, co-sanctioning, responses, territory, full"
        ),
    ],
    file: Annotated[Path, typer.Argument(help="the file to write")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="graphml | gexf")] = "graphml",
    store: StoreOption = None,
) -> None:
    """Write one projection as GraphML or GEXF (for Gephi, Cytoscape, yEd)."""
    _require_notebook("kg analyse export")
    from kg.analyse import export_projection
    from kg.store import open_store

    try:
        path = export_projection(open_store(store, read_only=True), name, file, fmt)  # type: ignore[arg-type]
    except KGError as error:
        fail(error)
    out.print(f"wrote {name} as {fmt} to {path}", highlight=False)
