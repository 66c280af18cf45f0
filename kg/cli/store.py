"""Commands of the stores and the service: load, export, serve."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from kg.cli.root import app, err, fail, out
from kg.errors import KGError

AnyStoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar="KG_STORE",
        help="memory | oxigraph:PATH | sparql:http://HOST:PORT (default: build/store)",
    ),
]


@app.command()
def load(
    file: Annotated[Path | None, typer.Argument(help="N-Quads file (default: build/kg.nq)")] = None,
    store: AnyStoreOption = None,
) -> None:
    """Load a built graph into a store, replacing each of its named graphs (one per source)."""
    from kg.config import settings
    from kg.store import load as load_graph
    from kg.store import open_store

    path = file or settings().build_dir / "kg.nq"
    try:
        with err.status("loading") as status:
            report = load_graph(
                open_store(store, read_only=False), path, progress=lambda m: status.update(m)
            )
    except KGError as error:
        fail(error)
    out.print(
        f"loaded {report.quads} quads in {report.graphs} graphs from {report.path} "
        f"({report.batches} transaction(s), {report.seconds:.1f} s)"
    )


@app.command()
def export(
    target: Annotated[
        Path,
        typer.Argument(
            help="file to write (replaced atomically; a link's target is), a device or pipe "
            "(written through), or - for standard output"
        ),
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="trig | nquads | turtle | jsonld (the graph), graphml | gexf (a --projection)",
        ),
    ] = "trig",
    source: Annotated[
        Path | None, typer.Option("--from", help="a .nq or .trig file instead of a store")
    ] = None,
    projection: Annotated[
        str,
        typer.Option(
            help="for graphml/gexf: sanctions | sanctions-groups | sanctions-weighted | co-sanctioning | responses | territory | full"
        ),
    ] = "sanctions",
    store: AnyStoreOption = None,
) -> None:
    """Write the graph of a store (or of a built file) as TriG, N-Quads, Turtle or JSON-LD, or a
    networkx projection of it as GraphML or GEXF for Gephi and Cytoscape."""
    from kg.extras import require
    from kg.store import export as export_graph
    from kg.store import open_store

    try:
        if fmt in ("graphml", "gexf"):
            require("notebook", f"kg export -f {fmt}")
            from kg.analyse import export_projection

            if source is not None:
                raise KGError("--from is for the RDF formats; graphml/gexf read a --store")
            graph_format: Literal["graphml", "gexf"] = "graphml" if fmt == "graphml" else "gexf"
            written = export_projection(
                open_store(store, read_only=True), projection, target, graph_format
            )
            out.print(f"wrote the {projection} projection to {written}", highlight=False)
            return
        report = export_graph(source or open_store(store, read_only=True), target, fmt)
    except KGError as error:
        fail(error)
    done = f"wrote {report.quads} {'triples' if fmt == 'turtle' else 'quads'} to {report.path}"
    (err if str(target) == "-" else out).print(done, highlight=False, markup=False)
