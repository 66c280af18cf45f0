"""The `kg` command: a thin layer that parses arguments, calls one library function, prints.

Commands are grouped by pipeline stage; each stage's commands live in this file under its
heading and call into that stage's package.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from kg.errors import KGError
from kg.store.terms import BindingValue, Term

app = typer.Typer(
    name="kg",
    help="sanctions-kg: a knowledge graph of the Japan-Russia sanctions story and the Kuril Islands dispute.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store", envvar="KG_STORE", help="memory | oxigraph:PATH (default: build/store)"
    ),
]


def _fail(error: Exception) -> None:
    # Text, not markup: messages quote ids like [x] and user data, which rich would eat as tags.
    err.print(Text.assemble(("error: ", "bold red"), str(error)), soft_wrap=True, highlight=False)
    raise typer.Exit(1)


def _parse_param(text: str) -> tuple[str, BindingValue]:
    """NAME=VALUE; VALUE is an IRI when written <...> or http(s)://..., an integer, else a string."""
    name, sep, value = text.partition("=")
    if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise typer.BadParameter(f"expected NAME=VALUE, got {text!r}")
    if value.startswith("<") and value.endswith(">"):
        return name, Term.iri(value[1:-1])
    if re.match(r"https?://", value):
        return name, Term.iri(value)
    if re.fullmatch(r"-?\d+", value):
        return name, int(value)
    return name, value


# ---------------------------------------------------------------- build


@app.command()
def build(
    no_store: Annotated[bool, typer.Option("--no-store", help="write TriG/N-Quads only")] = False,
) -> None:
    """Build the graph from data/sources and data/curated, validate it with SHACL, write it."""
    from kg.build.pipeline import build as run_build

    try:
        with err.status("building") as status:
            report = run_build(store=not no_store, progress=lambda m: status.update(m))
    except KGError as error:
        _fail(error)
    out.print(
        f"built {report.quads} quads in {report.graphs} graphs from {report.documents} documents: "
        f"{report.entities} entities, {report.facts} facts ({report.seconds:.1f} s)"
    )
    out.print(
        f"  {report.trig}\n  {report.nquads}" + (f"\n  {report.store}" if report.store else "")
    )


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
        _fail(error)
    out.print(f"valid: {report.facts} facts, {report.entities} entities, {report.quads} quads")


# ---------------------------------------------------------------- query


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
        _fail(KGError(f"--format must be one of {', '.join(FORMATS)}"))
    if (file is None) == (name is None):
        _fail(KGError("give a query file or --name NAME (see `kg queries`)"))
    try:
        named = find_query(name) if name else read_query(file)  # type: ignore[arg-type]
        bindings = dict(_parse_param(p) for p in param or [])
        unknown = set(bindings) - set(named.params)
        if unknown:
            raise KGError(
                f"{named.name} has no parameter(s) {sorted(unknown)}; it takes {sorted(named.params)}"
            )
        graph = open_store(store, read_only=True)
        result = graph.query(named.text, bindings, timeout_s=timeout, max_rows=max_rows)
    except KGError as error:
        _fail(error)
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
        _fail(error)


# ---------------------------------------------------------------- stores and service (issue 4)

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
            report = load_graph(open_store(store), path, progress=lambda m: status.update(m))
    except KGError as error:
        _fail(error)
    out.print(
        f"loaded {report.quads} quads in {report.graphs} graphs from {report.path} "
        f"({report.batches} transaction(s), {report.seconds:.1f} s)"
    )


@app.command()
def export(
    target: Annotated[Path, typer.Argument(help="file to write (replaced atomically)")],
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="trig | nquads | turtle | jsonld")
    ] = "trig",
    source: Annotated[
        Path | None, typer.Option("--from", help="a .nq or .trig file instead of a store")
    ] = None,
    store: AnyStoreOption = None,
) -> None:
    """Write the graph of a store (or of a built file) as TriG, N-Quads, Turtle or JSON-LD."""
    from kg.store import export as export_graph
    from kg.store import open_store

    try:
        report = export_graph(source or open_store(store, read_only=True), target, fmt)
    except KGError as error:
        _fail(error)
    out.print(f"wrote {report.quads} {'triples' if fmt == 'turtle' else 'quads'} to {report.path}")


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
        _fail(error)


# ---------------------------------------------------------------- ingest and extraction (issue 3)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="article files (.txt, .md, .html) or folders")],
    store: StoreOption = None,
    no_curated: Annotated[
        bool, typer.Option("--no-curated", help="machine facts only; ignore data/curated")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="re-extract unchanged files too")] = False,
) -> None:
    """Extract facts from articles and store each one's named graph (unchanged files are skipped)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from kg.ingest.run import ingest_paths

    try:
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            console=err, transient=True,
        ) as bar:
            task = bar.add_task("ingesting", total=None)

            def step(name: str, number: int, total: int) -> None:
                bar.update(task, total=total, completed=number - 1, description=Path(name).name[:40])

            report = ingest_paths(
                paths, store=store, curated=not no_curated, force=force, progress=step
            )
    except KGError as error:
        _fail(error)
    out.print(
        f"stored {len(report.stored)}, unchanged {len(report.unchanged)}, failed {len(report.failed)}"
        f" ({report.machine_facts} machine facts, {report.curated_facts} curated; {report.seconds:.1f} s)",
        highlight=False,
    )
    for warning in report.warnings:
        err.print(Text.assemble(("warning: ", "yellow"), warning), soft_wrap=True, highlight=False)
    for name, problem in report.failed:
        message = problem if name in problem else f"{name}: {problem}"
        err.print(Text.assemble(("error: ", "bold red"), message), soft_wrap=True, highlight=False)
    if report.failed:
        raise typer.Exit(1)


@app.command("eval")
def eval_(
    readme: Annotated[
        bool, typer.Option("--readme/--no-readme", help="record the scores in bench/README.md")
    ] = True,
    errors: Annotated[bool, typer.Option("--errors", help="list every miss and false hit")] = False,
) -> None:
    """Score the extractor on the bundled articles (text only) against their curated facts."""
    from rich.table import Table

    from kg.eval import evaluate
    from kg.eval.readme import write_eval_section

    try:
        with err.status("extracting the bundled articles") as status:
            report = evaluate(progress=lambda m: status.update(m))
    except KGError as error:
        _fail(error)
    table = Table(title=f"Extraction vs curated facts ({report.documents} articles)")
    for column in ("kind", "tp", "fp", "fn", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for kind, tp, fp, fn, p, r, f1 in report.rows():
        table.add_row(kind, str(tp), str(fp), str(fn), f"{p:.2f}", f"{r:.2f}", f"{f1:.2f}")
    out.print(table)
    if errors:
        for line in report.errors:
            out.print(line, highlight=False, markup=False)
    if readme:
        out.print(f"recorded in {write_eval_section(report)}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
