"""`kg build`: deterministic output, one named graph per source, offsets that point at the text,
and a failed build that leaves the previous graph and store untouched."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
import yaml

from kg.build.pipeline import BuildReport, build
from kg.config import Settings
from kg.errors import StoreBusy, ValidationFailed
from kg.iris import graph_iri
from kg.store import OxigraphStore, open_store


def test_build_reports_what_it_wrote(built: tuple[Settings, BuildReport]) -> None:
    config, report = built
    assert report.documents == 5
    assert report.facts > 100 and report.entities > 100
    assert report.trig and report.trig.stat().st_size > 0
    assert report.store and (config.build_dir / "store").resolve() == report.store.resolve()


def test_build_is_deterministic(built: tuple[Settings, BuildReport], tmp_path: Path) -> None:
    config, _ = built
    again = dataclasses.replace(config, build_dir=tmp_path, store=f"oxigraph:{tmp_path / 'store'}")
    build(again, store=False)
    for name in ("kg.nq", "kg.trig"):
        assert (tmp_path / name).read_bytes() == (config.build_dir / name).read_bytes(), name


def test_one_named_graph_per_source(store: OxigraphStore, repo: Path) -> None:
    graphs = set(store.named_graphs())
    for source in (repo / "data" / "sources").glob("*.txt"):
        assert str(graph_iri(source.stem)) in graphs


def test_every_evidence_span_matches_its_document(store: OxigraphStore, repo: Path) -> None:
    result = store.query(
        """PREFIX kg: <https://w3id.org/sanctions-kg/ontology#>
        SELECT ?file ?start ?end ?text WHERE {
          ?e a kg:Evidence ; kg:inDocument/kg:fileName ?file ; kg:startOffset ?start ;
             kg:endOffset ?end ; kg:exactText ?text }"""
    )
    assert len(result) > 100
    texts = {
        p.name: p.read_text(encoding="utf-8") for p in (repo / "data" / "sources").glob("*.txt")
    }
    for file, start, end, text in result.values():
        assert texts[file][start:end] == text


def test_facts_live_in_the_graph_of_their_source(store: OxigraphStore) -> None:
    # Article 002 gives the export ban's effective date; article 000 does not.
    rows = store.query(
        """PREFIX kg: <https://w3id.org/sanctions-kg/ontology#>
        SELECT ?g WHERE { GRAPH ?g { <https://w3id.org/sanctions-kg/id/measure/jp-2023-12-export-ban>
                                     kg:effectiveDate ?d } }"""
    )
    graphs = {str(row[0]) for row in rows}
    assert str(graph_iri("002_1607c0e3e28c9fb7")) in graphs
    assert str(graph_iri("000_6dda27f3a0c12004")) not in graphs


def _break_a_shape(config: Settings) -> None:
    """Valid YAML, but a tenure held by a state: only SHACL can catch it."""
    path = config.curated_dir / "zz-invalid.yaml"
    fact = {
        "id": "tenure-japan-as-prime-minister",
        "kind": "tenure",
        "holder": "jp",
        "post": "prime-minister-jp",
        "evidence": ["Japan"],
    }
    path.write_text(
        yaml.safe_dump({"source": "000_6dda27f3a0c12004", "facts": [fact]}), encoding="utf-8"
    )


def test_violation_fails_the_build_and_changes_nothing(project_copy: Settings) -> None:
    first = build(project_copy)
    before = {
        p: p.read_bytes()
        for p in (project_copy.build_dir / "kg.trig", project_copy.build_dir / "kg.nq")
    }
    _break_a_shape(project_copy)
    with pytest.raises(ValidationFailed) as caught:
        build(project_copy)
    assert (
        "S05-Tenure" in caught.value.report
        and "tenure-japan-as-prime-minister" in caught.value.report
    )
    for path, content in before.items():
        assert path.read_bytes() == content
    assert (project_copy.build_dir / "store").resolve() == first.store.resolve()  # type: ignore[union-attr]
    assert len(open_store(project_copy.store, read_only=True)) > 0  # type: ignore[arg-type]


def test_a_second_writer_gets_store_busy(project_copy: Settings) -> None:
    import fcntl

    project_copy.build_dir.mkdir(parents=True)
    lock = project_copy.build_dir / ".store.lock"
    fd = os.open(lock, os.O_CREAT | os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        with pytest.raises(StoreBusy, match="busy"):
            build(project_copy)
    finally:
        os.close(fd)


def test_rebuild_swaps_the_store_and_readers_of_the_old_one_keep_working(
    project_copy: Settings,
) -> None:
    first = build(project_copy)
    reader = open_store(project_copy.store, read_only=True)
    count = reader.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").values()[0][0]
    second = build(project_copy)
    assert second.store != first.store
    assert reader.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").values()[0][0] == count


def test_build_keeps_graphs_ingested_from_outside_the_corpus(project_copy: Settings) -> None:
    """A rebuild must not drop what `kg ingest` stored for new articles."""
    ingested = project_copy.build_dir / "ingested"
    ingested.mkdir(parents=True)
    graph = "https://w3id.org/sanctions-kg/graph/source/new-article"
    doc = "https://w3id.org/sanctions-kg/id/source/new-article"
    k = "https://w3id.org/sanctions-kg/ontology#"
    (ingested / "new-article.nq").write_text(
        f"<{doc}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{k}SourceDocument> <{graph}> .\n"
        f'<{doc}> <{k}title> "New" <{graph}> .\n'
        f'<{doc}> <{k}publishedDate> "2024"^^<http://www.w3.org/2001/XMLSchema#gYear> <{graph}> .\n'
        f'<{doc}> <{k}contentHash> "{"0" * 64}" <{graph}> .\n'
        f"<{doc}> <{k}documentKind> <https://w3id.org/sanctions-kg/vocab/document-kind/news-article> <{graph}> .\n",
        encoding="utf-8",
    )
    report = build(project_copy)
    assert report.documents == 6
    assert graph in open_store(project_copy.store, read_only=True).named_graphs()
