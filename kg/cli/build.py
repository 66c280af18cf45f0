"""Commands of the build stage: build and validate."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.root import app, err, fail, out
from kg.errors import KGError


@app.command()
def build(
    no_store: Annotated[bool, typer.Option("--no-store", help="write TriG/N-Quads only")] = False,
    full: Annotated[
        bool,
        typer.Option("--full", help="remake and validate every graph, ignoring build/incremental/"),
    ] = False,
    mentions: Annotated[
        bool,
        typer.Option(
            "--mentions",
            help="also store every entity the bundled sources name (kg:Mention), as kg ingest "
            "does; read with spaCy once per source, then cached in build/incremental/",
        ),
    ] = False,
) -> None:
    """Build the graph from data/sources and data/curated, validate it with SHACL, write it."""
    from kg.build.pipeline import build as run_build
    from kg.extras import needs

    try:
        # spaCy reads the mentions of a source only when they are not in build/incremental/
        with (
            needs("nlp", "kg build (reading a source's mentions)"),
            err.status("building") as status,
        ):
            report = run_build(
                store=not no_store,
                progress=lambda m: status.update(m),
                full=full,
                mentions=mentions,
            )
    except KGError as error:
        fail(error)
    out.print(
        f"built {report.quads} quads in {report.graphs} graphs from {report.documents} documents: "
        f"{report.entities} entities, {report.facts} facts ({report.seconds:.1f} s)"
    )
    out.print(
        f"  {report.trig}\n  {report.nquads}" + (f"\n  {report.store}" if report.store else "")
    )
    written = report.store_write
    if written is not None and written.way == "per graph":
        out.print(
            f"  store updated per graph: {written.replaced - written.removed} replaced, "
            f"{written.added} added, {written.removed} removed"
        )
    elif written is not None and written.why:
        out.print(f"  store written whole: {written.why}")


@app.command()
def validate() -> None:
    """Check curated data and SHACL shapes without writing anything."""
    from kg.build.pipeline import build_dataset, union_graph
    from kg.build.validate import check
    from kg.config import settings

    try:
        dataset, report = build_dataset(settings())
        check(union_graph(dataset))
    except KGError as error:
        fail(error)
    out.print(f"valid: {report.facts} facts, {report.entities} entities, {report.quads} quads")
