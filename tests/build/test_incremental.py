"""Incremental `kg build`: unchanged inputs are neither remade nor validated again, a changed one is
validated alone and gives the bytes of a full build, and a change that breaks a shape whose
focus lives in another, unchanged graph is still caught."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build.pipeline import BuildReport, build
from kg.config import Settings
from kg.errors import ValidationFailed
from kg.iris import graph_iri
from tests.build.graphs import ID, TYPE, XSD, K, document_graph

REPO = Path(__file__).resolve().parents[2]


def _evidence_in(name: str, cited: str) -> str:
    """Evidence in graph `name` whose span lies in the document `cited`."""
    ev = f"{ID}evidence/{name}/0-3"
    rows = [
        f"<{ev}> <{TYPE}> <{K}Evidence>",
        f"<{ev}> <{K}inDocument> <{ID}source/{cited}>",
        f'<{ev}> <{K}startOffset> "0"^^<{XSD}integer>',
        f'<{ev}> <{K}endOffset> "3"^^<{XSD}integer>',
        f'<{ev}> <{K}exactText> "New"',
        f"<{ev}> <{K}method> <https://w3id.org/sanctions-kg/vocab/method/extracted>",
    ]
    graph = str(graph_iri(name))
    return "".join(f"{row} <{graph}> .\n" for row in rows)


def _ingest(config: Settings, name: str, text: str) -> None:
    folder = config.build_dir / "ingested"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.nq").write_text(text, encoding="utf-8")


def _nq(config: Settings) -> bytes:
    return (config.build_dir / "kg.nq").read_bytes()


def _full_elsewhere(config: Settings, folder: Path) -> bytes:
    """A full build of the same inputs in a fresh build folder: its kg.nq."""
    other = dataclasses.replace(config, build_dir=folder, store=f"oxigraph:{folder / 'store'}")
    if (config.build_dir / "ingested").exists():
        (folder / "ingested").mkdir(parents=True)
        for path in (config.build_dir / "ingested").glob("*.nq"):
            (folder / "ingested" / path.name).write_bytes(path.read_bytes())
    report = build(other, store=False, full=True)
    assert report.validation is not None and report.validation.mode == "full"
    return _nq(other)


def _mode(report: BuildReport) -> str:
    assert report.validation is not None
    return report.validation.mode


def test_an_unchanged_rebuild_validates_nothing_and_writes_the_same_bytes(
    project_copy: Settings,
) -> None:
    first = build(project_copy, store=False)
    before = _nq(project_copy)
    second = build(project_copy, store=False)
    assert _mode(first) == "full" and first.remade == ["curated"]
    assert _mode(second) == "none" and second.remade == []  # nothing read, no SHACL
    assert _nq(project_copy) == before
    assert (second.quads, second.graphs, second.facts) == (first.quads, first.graphs, first.facts)


def test_a_changed_source_is_validated_alone_and_equals_a_full_build(
    project_copy: Settings, tmp_path: Path
) -> None:
    build(project_copy, store=False)
    sidecar = project_copy.sources_dir / "000_6dda27f3a0c12004.yaml"
    text = sidecar.read_text(encoding="utf-8")
    sidecar.write_text(text.replace("title:", "title: Changed -", 1), encoding="utf-8")
    report = build(project_copy, store=False)
    assert report.validation is not None and report.validation.targeted is not None
    assert report.validation.changed_graphs == [str(graph_iri("000_6dda27f3a0c12004"))]
    focus = report.validation.targeted.focus
    assert focus and all(n == 1 for n in focus.values())  # the document, not the corpus
    assert b"Changed -" in _nq(project_copy)
    assert _nq(project_copy) == _full_elsewhere(project_copy, tmp_path / "full")


def test_ingested_graphs_are_remade_one_file_at_a_time(
    project_copy: Settings, tmp_path: Path
) -> None:
    _ingest(project_copy, "doc-a", document_graph("doc-a"))
    _ingest(project_copy, "doc-b", document_graph("doc-b") + _evidence_in("doc-b", "doc-a"))
    first = build(project_copy, store=False)
    assert set(first.remade) == {"curated", "ingested/doc-a.nq", "ingested/doc-b.nq"}
    _ingest(project_copy, "doc-b", document_graph("doc-b").replace('"doc-b"', '"B, again"', 1))
    second = build(project_copy, store=False)
    assert second.remade == ["ingested/doc-b.nq"] and _mode(second) == "incremental"
    assert _nq(project_copy) == _full_elsewhere(project_copy, tmp_path / "full")


def test_removing_a_document_that_another_graph_cites_is_caught(project_copy: Settings) -> None:
    """S14 (evidence is in a kg:SourceDocument) fails in doc-b's graph, which did not change."""
    _ingest(project_copy, "doc-a", document_graph("doc-a"))
    _ingest(project_copy, "doc-b", document_graph("doc-b") + _evidence_in("doc-b", "doc-a"))
    build(project_copy, store=False)
    before = _nq(project_copy)
    (project_copy.build_dir / "ingested" / "doc-a.nq").unlink()
    with pytest.raises(ValidationFailed) as caught:
        build(project_copy, store=False)
    assert "S14-Evidence" in caught.value.report and "evidence/doc-b/0-3" in caught.value.report
    assert _nq(project_copy) == before  # nothing written, and the cache still the last good one
    (project_copy.build_dir / "ingested" / "doc-b.nq").unlink()
    assert _mode(build(project_copy, store=False)) == "incremental"


def test_a_mention_added_in_one_graph_is_checked_against_the_document_of_another(
    project_copy: Settings,
) -> None:
    """S32 reads a document's mentions backwards (kg:inDocument): a mention written into doc-a's
    graph for doc-b, whose graph does not list the entity, fails on doc-b."""
    _ingest(project_copy, "doc-a", document_graph("doc-a"))
    _ingest(project_copy, "doc-b", document_graph("doc-b"))
    build(project_copy, store=False)
    mention = f"{ID}evidence/doc-b/0-3/mention"
    _ingest(
        project_copy,
        "doc-a",
        document_graph(
            "doc-a",
            f"<{mention}> <{TYPE}> <{K}Mention>",
            f"<{mention}> <{K}inDocument> <{ID}source/doc-b>",
            f"<{mention}> <{K}mentionOf> <{ID}state/jp>",
        ),
    )
    with pytest.raises(ValidationFailed) as caught:
        build(project_copy, store=False)
    assert "S32-DocumentMentions" in caught.value.report and "source/doc-b" in caught.value.report


def test_full_option_rebuilds_everything_with_the_same_bytes(project_copy: Settings) -> None:
    build(project_copy, store=False)
    before = _nq(project_copy)
    env = {
        **os.environ,
        "KG_ROOT": str(project_copy.root),
        "KG_BUILD": str(project_copy.build_dir),
        "KG_STORE": project_copy.store,
    }
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "build", "--full", "--no-store"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert _nq(project_copy) == before
    assert _mode(build(project_copy, store=False, full=True)) == "full"


def test_a_damaged_cache_costs_time_never_correctness(project_copy: Settings) -> None:
    build(project_copy, store=False)
    before = _nq(project_copy)
    cache = project_copy.build_dir / "incremental"
    for chunk in (cache / "graphs").glob("*.nqz"):  # torn chunks: remade from the inputs
        chunk.write_bytes(chunk.read_bytes()[:-10])
    report = build(project_copy, store=False)
    assert report.remade == ["curated"] and _mode(report) == "none"  # same content as validated
    assert _nq(project_copy) == before
    (cache / "manifest.json").write_text("{not json", encoding="utf-8")
    assert _mode(build(project_copy, store=False)) == "full"
    assert _nq(project_copy) == before
