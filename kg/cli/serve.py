"""The read-only SPARQL endpoint command: serve."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.app import app, err, fail
from kg.errors import KGError


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="port on 127.0.0.1")] = 7878,
    store: Annotated[
        Path | None, typer.Option("--store", help="embedded store folder (default: build/store)")
    ] = None,
    timeout: Annotated[float, typer.Option(help="time limit per query, seconds")] = 10.0,
    max_rows: Annotated[int, typer.Option(help="row cap per answer")] = 10_000,
) -> None:
    """Serve the built graph read-only: SPARQL at /query, a query page at /, on 127.0.0.1."""
    from kg.config import settings
    from kg.serve import ServeConfig
    from kg.serve import serve as run_service

    config = ServeConfig(store or settings().build_dir / "store", port, timeout, max_rows)
    try:
        run_service(config, on_ready=lambda url: err.print(f"serving {config.store} at {url}/"))
    except (KGError, OSError) as error:
        fail(error)
