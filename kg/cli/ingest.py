"""Commands of ingest and extraction: ingest and eval."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from kg.cli.root import StoreOption, app, err, fail, out
from kg.errors import KGError


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="article files (.txt, .md, .html) or folders")
    ],
    store: StoreOption = None,
    no_curated: Annotated[
        bool, typer.Option("--no-curated", help="machine facts only; ignore data/curated")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="re-extract unchanged files too")] = False,
    follow_symlinks: Annotated[
        bool,
        typer.Option(
            "--follow-symlinks", help="read symbolic links found in folders (refused by default)"
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=0,
            help="extract on N Dask worker processes (a local cluster on 127.0.0.1); 0: here",
        ),
    ] = 0,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="extract on an existing Dask cluster (tcp://HOST:PORT); this process writes",
        ),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            metavar="YYYY-MM-DD",
            help="publication date of the files that state none (their own date wins)",
        ),
    ] = None,
) -> None:
    """Extract facts from articles and store each one's named graph (unchanged files are skipped)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from kg.extras import MissingExtra, require

    try:
        require("nlp", "kg ingest")
    except MissingExtra as error:
        fail(error)
    from kg.dates import PartialDate
    from kg.ingest.run import ingest_paths

    batch_date = None
    if published is not None:
        try:
            batch_date = PartialDate(published.strip())
        except ValueError as error:
            raise typer.BadParameter(
                f"{published!r}: {error} (use YYYY-MM-DD)", param_hint="--published"
            ) from None

    try:
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("ingesting", total=None)

            def step(name: str, number: int, total: int) -> None:
                bar.update(
                    task, total=total, completed=number - 1, description=Path(name).name[:40]
                )

            report = ingest_paths(
                paths,
                store=store,
                curated=not no_curated,
                force=force,
                progress=step,
                follow_symlinks=follow_symlinks,
                workers=workers,
                scheduler=scheduler,
                published=batch_date,
            )
    except KGError as error:
        fail(error)
    duplicates = f", duplicates {len(report.duplicates)}" if report.duplicates else ""
    out.print(
        f"stored {len(report.stored)}, unchanged {len(report.unchanged)}{duplicates}, "
        f"failed {len(report.failed)}"
        f" ({report.machine_facts} machine facts, {report.curated_facts} curated; {report.seconds:.1f} s)",
        highlight=False,
    )
    for name, twin in report.duplicates:
        err.print(Text.assemble(("duplicate: ", "yellow"), f"{name}: {twin}"), soft_wrap=True)
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
        bool,
        typer.Option(
            "--write-readme",
            help="also record the scores in bench/README.md (a tracked file: off unless asked)",
        ),
    ] = False,
    errors: Annotated[bool, typer.Option("--errors", help="list every miss and false hit")] = False,
    leave_one_out: Annotated[
        bool,
        typer.Option(
            "--leave-one-out",
            help="score each article with a gazetteer lacking the entities only it taught",
        ),
    ] = False,
    gold: Annotated[
        Path | None,
        typer.Option(
            "--gold",
            help="score strictly on a dev set: a folder of <id>.txt, <id>.yaml and gold/<id>.yaml"
            " ('dev' = tests/data/dev)",
        ),
    ] = None,
) -> None:
    """Score the extractor on the bundled articles (text only) against their curated facts."""
    from rich.table import Table

    from kg.extras import MissingExtra, require

    try:
        require("nlp", "kg eval")
    except MissingExtra as error:
        fail(error)
    from kg.eval import evaluate
    from kg.eval.dev import dev_folder, evaluate_dev
    from kg.eval.readme import write_eval_section

    if gold is not None:
        folder = dev_folder(gold)
        try:
            with err.status(f"extracting {folder}"):
                dev = evaluate_dev(folder)
        except KGError as error:
            fail(error)
        if dev.without_text:
            err.print(
                f"{len(dev.without_text)} gold file(s) in {folder} have no article text "
                f"(see {folder / 'README.md'})",
                highlight=False,
                markup=False,
            )
        if not dev.documents:
            fail(KGError(f"{folder}: no article text to score"))
        out.print(dev.summary(), highlight=False, markup=False)
        for line in dev.errors if errors else []:
            out.print(line, highlight=False, markup=False)
        return
    try:
        with err.status("extracting the bundled articles") as status:
            report = evaluate(progress=lambda m: status.update(m), leave_one_out=leave_one_out)
    except KGError as error:
        fail(error)
    how = ", leave-one-out gazetteer" if leave_one_out else ""
    table = Table(title=f"Extraction vs curated facts ({report.documents} articles{how})")
    for column in ("kind", "tp", "fp", "fn", "precision", "recall", "F1"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    for kind, tp, fp, fn, p, r, f1 in report.rows():
        table.add_row(kind, str(tp), str(fp), str(fn), f"{p:.2f}", f"{r:.2f}", f"{f1:.2f}")
    out.print(table)
    if errors:
        for line in report.errors:
            out.print(line, highlight=False, markup=False)
    if readme and not leave_one_out:
        out.print(f"recorded in {write_eval_section(report)}")
