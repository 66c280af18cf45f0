"""Commands of the exchange formats: FollowTheMoney export and import, JSON-LD context, docs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.root import StoreOption, app, err, fail, out
from kg.errors import KGError

ftm = typer.Typer(help="FollowTheMoney (OpenSanctions) entities: export and import.")
app.add_typer(ftm, name="ftm")


@ftm.command("export")
def ftm_export(
    target: Annotated[Path, typer.Argument(help="FtM JSON-lines file to write")],
    store: StoreOption = None,
) -> None:
    """Write the graph as FollowTheMoney entities (JSON lines) and a .meta.json beside them."""
    from kg.interop.ftm_export import PROVENANCE_NOTE, export_ftm
    from kg.store import open_store

    try:
        report = export_ftm(open_store(store, read_only=True), target)
    except KGError as error:
        fail(error)
    counts = ", ".join(f"{n} {schema}" for schema, n in report.counts.items())
    out.print(f"wrote {report.entities} entities to {report.path} ({counts})", highlight=False)
    if report.skipped:
        out.print(f"  {len(report.skipped)} measure(s) name no target and have no FtM Sanction")
    out.print(f"  {report.meta_path}\n  {PROVENANCE_NOTE}", highlight=False)


@ftm.command("import")
def ftm_import(
    source: Annotated[Path, typer.Argument(help="FtM JSON-lines file (e.g. from OpenSanctions)")],
    name: Annotated[
        str | None, typer.Option("--name", help="import name (default: the file's stem)")
    ] = None,
    store: StoreOption = None,
) -> None:
    """Link FtM entities to the graph's entities and load them into graph/import/NAME."""
    from kg.extras import MissingExtra, require

    try:
        require("nlp", "kg ftm import")  # it links names with the extractor's linker
    except MissingExtra as error:
        fail(error)
    from kg.interop.ftm_import import import_ftm
    from kg.store import open_store

    try:
        report = import_ftm(open_store(store, read_only=False), source, name)
    except KGError as error:
        fail(error)
    out.print(
        f"{report.entities} entities into {report.graph}: {report.linked} linked, "
        f"{report.new} new; {report.sanctions} sanctions",
        highlight=False,
    )
    for decision in report.decisions:
        verdict = "linked" if decision.linked else "new   "
        out.print(
            f"  {verdict} {decision.score:.3f} {decision.method:<24} {decision.ftm_id} "
            f"-> {decision.candidate or '-'}",
            highlight=False,
            markup=False,
        )
    if report.dropped:
        err.print(
            f"{len(report.dropped)} value(s) FtM could not clean, not imported:", markup=False
        )
        for line in report.dropped[:20]:
            err.print(f"  {line}", markup=False, highlight=False)
    if report.skipped:
        skipped = ", ".join(f"{n} {schema}" for schema, n in sorted(report.skipped.items()))
        err.print(f"not imported (no mapping for these schemas): {skipped}", markup=False)


@app.command()
def docs(
    out_dir: Annotated[Path | None, typer.Option("--out", help="default: build/docs")] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="fail when a term has no label or definition")
    ] = False,
) -> None:
    """Render the ontology to one self-contained HTML page (pyLODE), with the SKOS schemes."""
    from kg.config import settings
    from kg.interop.docs import render_docs

    config = settings()
    try:
        report = render_docs(config.ontology_dir, out_dir or config.build_dir / "docs")
    except KGError as error:
        fail(error)
    out.print(
        f"wrote {report.path}: {report.classes} classes, {report.properties} properties, "
        f"{len(report.schemes)} SKOS schemes",
        highlight=False,
    )
    for problem in report.undocumented:
        err.print(f"  {problem}", markup=False, highlight=False)
    if report.undocumented and strict:
        fail(KGError(f"{len(report.undocumented)} ontology term(s) lack a label or definition"))


@app.command("jsonld-context")
def jsonld_context(
    check: Annotated[
        bool, typer.Option("--check", help="only check that the file matches kg.ttl")
    ] = False,
) -> None:
    """Derive ontology/context.jsonld from ontology/kg.ttl (or check that it is up to date)."""
    from kg.config import settings
    from kg.store.jsonld import derive_context

    ontology = settings().ontology_dir
    path = ontology / "context.jsonld"
    try:
        text = json.dumps(derive_context(ontology / "kg.ttl"), indent=2, ensure_ascii=False) + "\n"
    except KGError as error:
        fail(error)
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if check:
        if current != text:
            fail(KGError(f"{path} is out of date with kg.ttl: run `kg jsonld-context`"))
        out.print(f"{path} is up to date")
        return
    path.write_text(text, encoding="utf-8")
    out.print(f"wrote {path}")
