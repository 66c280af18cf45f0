"""The read-only SPARQL endpoint command: serve."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.cli.root import app, err, fail
from kg.errors import KGError


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="port on 127.0.0.1 (0: any free port)")] = 7878,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            envvar="KG_STORE",
            help="the embedded store to serve: oxigraph:PATH or PATH (default: build/store); "
            "a sparql:URL server is already an endpoint",
        ),
    ] = None,
    timeout: Annotated[float, typer.Option(help="time limit per query, seconds")] = 10.0,
    max_rows: Annotated[int, typer.Option(help="row cap per answer")] = 10_000,
    workers: Annotated[
        int | None, typer.Option(help="query worker processes (default: 2 to 4, by CPUs)")
    ] = None,
    cors: Annotated[
        list[str] | None,
        typer.Option(
            help="an origin (https://host) whose pages may query this endpoint; * for any"
        ),
    ] = None,
    header_timeout: Annotated[
        float, typer.Option(help="seconds a client has to send a request's headers")
    ] = 10.0,
    body_timeout: Annotated[
        float, typer.Option(help="seconds a client has to send a request's body")
    ] = 30.0,
    worker_memory: Annotated[
        int, typer.Option(help="memory cap of each query worker, MB (0: none)")
    ] = 4096,
    quiet: Annotated[bool, typer.Option("--quiet", help="no request log")] = False,
) -> None:
    """Serve the built graph read-only: SPARQL at /query, a query page at /, on 127.0.0.1."""
    import dataclasses

    from kg.config import embedded_path, settings
    from kg.serve import ServeConfig
    from kg.serve import serve as run_service

    folder = embedded_path(store) if store else settings().build_dir / "store"
    if folder is None:
        fail(
            KGError(
                f"--store {store}: kg serve serves an embedded store (oxigraph:PATH or PATH); "
                "a memory store has nothing to serve and a sparql: server is an endpoint already"
            )
        )
    config = ServeConfig(
        folder,
        port,
        timeout,
        max_rows,
        log=not quiet,
        cors=tuple(cors or ()),
        queries_dir=settings().queries_dir,
        header_timeout_s=header_timeout,
        body_timeout_s=body_timeout,
        worker_memory_mb=worker_memory,
    )
    try:
        if workers is not None:
            config = dataclasses.replace(config, workers=workers)
        run_service(config, on_ready=lambda url: err.print(f"serving {config.store} at {url}/"))
    except (KGError, OSError) as error:
        fail(error)
