"""Undated documents: a batch date (`--published`), a plain `key: value` header, and a file
with no date at all, ingested with a warning naming it and its relative dates unresolved."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from kg.build.validate import violations
from kg.config import Settings, settings
from kg.dates import PartialDate
from kg.ingest.run import ingest_paths
from kg.iris import graph_iri, source_iri
from kg.store import OxigraphStore
from tests.ingest.union import ingested_union

KG = "https://w3id.org/sanctions-kg/ontology#"
TEXT = "Japan froze the assets of two Russian banks on Monday.\n"


@pytest.fixture
def config(tmp_path: Path) -> Settings:
    return dataclasses.replace(settings(), build_dir=tmp_path / "build", store="memory")


def _values(store: OxigraphStore, document: str, predicate: str) -> set[str]:
    quads = store.raw.quads_for_pattern(
        ox.NamedNode(str(source_iri(document))),
        ox.NamedNode(KG + predicate),
        None,
        ox.NamedNode(str(graph_iri(document))),
    )
    return {q.object.value for q in quads}


def _dates(store: OxigraphStore, document: str) -> set[str]:
    """Every date-valued literal of the document's graph other than its own metadata."""
    graph = ox.NamedNode(str(graph_iri(document)))
    return {
        q.object.value
        for q in store.raw.quads_for_pattern(None, None, None, graph)
        if isinstance(q.object, ox.Literal)
        and q.object.datatype.value.endswith(("#date", "#gYearMonth", "#gYear"))
        and q.subject.value != str(source_iri(document))
    }


def test_a_document_with_no_date_is_ingested_with_a_warning(
    tmp_path: Path, config: Settings
) -> None:
    store = OxigraphStore(None)
    path = tmp_path / "in" / "nodate.txt"
    path.parent.mkdir()
    path.write_text(TEXT, encoding="utf-8")
    report = ingest_paths([path.parent], config=config, store=store)
    assert report.stored == ["nodate"] and not report.failed
    assert any(str(path) in w and "no publication date" in w for w in report.warnings)
    assert _values(store, "nodate", "publishedDate") == set()
    assert _values(store, "nodate", "dateNote") == {"no publication date"}
    assert "2" not in "".join(_dates(store, "nodate"))  # "on Monday" is not resolved


def test_the_batch_date_and_a_header_give_the_date(tmp_path: Path, config: Settings) -> None:
    store = OxigraphStore(None)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "batch.txt").write_text(TEXT, encoding="utf-8")
    (folder / "header.txt").write_text(
        "source: https://example.org/b\npublished: 2024-05-08\ntitle: Banks frozen\n\n"
        + TEXT.replace("two", "three"),
        encoding="utf-8",
    )
    report = ingest_paths([folder], config=config, store=store, published=PartialDate("2024-05-03"))
    assert sorted(report.stored) == ["batch", "header"] and not report.failed
    assert not [w for w in report.warnings if "no publication date" in w]
    assert {d: _values(store, d, "publishedDate") for d in ("batch", "header")} == {
        "batch": {"2024-05-03"},
        "header": {"2024-05-08"},  # the file's own date wins over the batch's
    }
    assert _values(store, "header", "title") == {"Banks frozen"}
    assert _values(store, "header", "origin") == {"https://example.org/b"}
    # Monday before Friday 3 May 2024 and Wednesday 8 May 2024: 29 April and 6 May
    assert "2024-04-29" in _dates(store, "batch") and "2024-05-06" in _dates(store, "header")


def test_kg_ingest_published_option(tmp_path: Path) -> None:
    path = tmp_path / "in" / "batch.txt"
    path.parent.mkdir()
    path.write_text(TEXT, encoding="utf-8")
    kg = [sys.executable, "-m", "kg.cli"]
    env = {**os.environ, "KG_BUILD": str(tmp_path / "build"), "KG_STORE": "memory"}
    bad = subprocess.run(
        [*kg, "ingest", str(path), "--published", "2024-13-01"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert bad.returncode != 0 and "--published" in bad.stderr
    done = subprocess.run(
        [*kg, "ingest", str(path), "--published", "2024-05-03"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "no publication date" not in done.stdout + done.stderr
    undated = subprocess.run(
        [*kg, "ingest", str(path), "--force"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert undated.returncode == 0, undated.stderr
    assert "no publication date" in undated.stdout + undated.stderr


def test_an_undated_document_passes_the_shapes(tmp_path: Path, config: Settings) -> None:
    """S13 accepts a source that says it has no date; one that says nothing still fails."""
    path = tmp_path / "in" / "nodate.txt"
    path.parent.mkdir()
    path.write_text(TEXT, encoding="utf-8")
    ingest_paths([path.parent], config=config, store=OxigraphStore(None))
    union = ingested_union(config.build_dir)
    assert violations(union) == []
    union.remove((URIRef(str(source_iri("nodate"))), URIRef(KG + "dateNote"), None))
    assert {v.shape.split("#")[-1].split("-")[0] for v in violations(union)} == {"S13"}
