"""Commands of the view stage: `kg view` writes the offline graph explorer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.root import StoreOption, app, err, fail, out
from kg.errors import KGError


@app.command()
def view(
    out_dir: Annotated[
        Path | None, typer.Option("--out", "-o", help="site folder (default: BUILD/site)")
    ] = None,
    focus: Annotated[
        str | None, typer.Option("--focus", help="also a focus page on this label, alias or IRI")
    ] = None,
    hops: Annotated[int, typer.Option("--hops", min=0, max=6, help="focus radius")] = 2,
    budget: Annotated[
        int | None,
        typer.Option("--budget", min=10, help="nodes drawn per page (default: kg.view.BUDGET)"),
    ] = None,
    store: StoreOption = None,
) -> None:
    """Write the static, offline graph explorer (one page per view) and print index.html's path."""
    from kg.config import settings
    from kg.store import open_store
    from kg.view import BUDGET, write_site

    config = settings()
    spec = store or config.store
    target = out_dir or config.build_dir / "site"
    try:
        graph = open_store(spec, read_only=True)
        try:
            report = write_site(
                graph, target, store_name=spec, focus_name=focus, hops=hops, budget=budget or BUDGET
            )
        finally:
            graph.close()
    except KGError as error:
        fail(error)
    for page in report.pages:
        left = f", {page.reserve} reachable, {page.omitted} left out" if page.reserve else ""
        err.print(f"{page.name}: {page.drawn} of {page.total} nodes drawn{left}", highlight=False)
    out.print(str(report.index.resolve()), soft_wrap=True, highlight=False)
