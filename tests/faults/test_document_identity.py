"""Document identity: no silent replacement of a stored document by another file, bundled sources
out of reach of `kg ingest`, the same text stored once, and a record for every committed graph."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from kg.build.pipeline import build
from kg.config import Settings, settings
from kg.ingest.records import Manifest
from kg.ingest.run import ingest_paths
from kg.iris import graph_iri
from kg.store import OxigraphStore, open_store

KG = "https://w3id.org/sanctions-kg/ontology#"
BUNDLED = "000_6dda27f3a0c12004"


def article(sentence: str, date: str = "2024-03-12") -> str:
    return f"---\npublished: {date}\n---\n{sentence}\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def config(tmp_path: Path) -> Settings:
    return dataclasses.replace(settings(), build_dir=tmp_path / "build", store="memory")


def graph_text(store: OxigraphStore, document: str) -> str:
    import pyoxigraph as ox

    graph = ox.NamedNode(str(graph_iri(document)))
    return "\n".join(str(q) for q in store.raw.quads_for_pattern(None, None, None, graph))


def test_same_file_name_in_another_folder_never_replaces_a_stored_document(
    tmp_path: Path, config: Settings
) -> None:
    store = OxigraphStore(None)
    a = write(tmp_path / "dupA" / "report.txt", article("Japan banned exports of robots."))
    b = write(tmp_path / "dupB" / "report.txt", article("Canada froze the assets of a bank."))
    first = ingest_paths([tmp_path / "dupA"], config=config, store=store)
    assert first.stored == ["report"]
    second = ingest_paths([tmp_path / "dupB"], config=config, store=store)
    assert second.stored == []
    [(name, problem)] = second.failed
    assert name == str(b) and str(a.resolve()) in problem and "id:" in problem
    assert "robots" in graph_text(store, "report")  # A is still there
    assert "Canada" not in graph_text(store, "report")


def test_non_latin_names_get_distinct_ids(tmp_path: Path, config: Settings) -> None:
    store = OxigraphStore(None)
    write(tmp_path / "ru" / "статья-1.txt", article("Japan banned exports of robots."))
    write(tmp_path / "ja" / "記事-1.txt", article("Canada froze the assets of a bank."))
    first = ingest_paths([tmp_path / "ru"], config=config, store=store)
    second = ingest_paths([tmp_path / "ja"], config=config, store=store)
    assert not first.failed and not second.failed
    [one], [two] = first.stored, second.stored
    assert one != two
    assert "robots" in graph_text(store, one) and "Canada" in graph_text(store, two)


def test_an_id_in_the_metadata_resolves_a_clash(tmp_path: Path, config: Settings) -> None:
    store = OxigraphStore(None)
    write(tmp_path / "a" / "report.txt", article("Japan banned exports of robots."))
    write(
        tmp_path / "b" / "report.txt",
        "---\nid: report-canada\npublished: 2024-03\n---\nCanada froze the assets of a bank.\n",
    )
    report = ingest_paths([tmp_path / "a", tmp_path / "b"], config=config, store=store)
    assert sorted(report.stored) == ["report", "report-canada"] and not report.failed


def test_a_file_named_like_a_bundled_source_cannot_replace_it(
    tmp_path: Path, config: Settings
) -> None:
    store = OxigraphStore(None)
    impostor = write(tmp_path / "in" / f"{BUNDLED}.txt", article("Short impostor text."))
    report = ingest_paths([impostor.parent], config=config, store=store)
    assert report.stored == []
    [(name, problem)] = report.failed
    assert name == str(impostor)
    assert str(settings().sources_dir / f"{BUNDLED}.txt") in problem and "data/" in problem
    assert str(graph_iri(BUNDLED)) not in store.named_graphs()
    # an `id:` naming a bundled source is refused the same way
    write(
        tmp_path / "in2" / "other.txt",
        f"---\nid: {BUNDLED}\npublished: 2024\n---\nAnother impostor.\n",
    )
    again = ingest_paths([tmp_path / "in2"], config=config, store=store)
    assert again.stored == [] and "bundled source" in again.failed[0][1]


def test_the_same_text_under_two_names_is_stored_once(tmp_path: Path, config: Settings) -> None:
    store = OxigraphStore(None)
    text = article("Japan banned exports of robots and drones to Russia on March 3.")
    write(tmp_path / "in" / "first.txt", text)
    second = write(tmp_path / "in" / "second.txt", text)
    report = ingest_paths([tmp_path / "in"], config=config, store=store)
    assert report.stored == ["first"]
    [(name, twin)] = report.duplicates
    assert name == str(second) and "first.txt" in twin and "first" in twin
    sources = [g for g in store.named_graphs() if "/graph/source/" in g]
    assert sources == [str(graph_iri("first"))]
    record = Manifest(config.build_dir / "ingested").get("first")
    assert record is not None and record.aliases == [str(second.resolve())]
    again = ingest_paths([tmp_path / "in"], config=config, store=store)
    assert again.stored == [] and again.unchanged == ["first"] and len(again.duplicates) == 1


def test_a_very_long_file_name_is_stored_recorded_and_kept_by_the_next_build(
    project_copy: Settings, tmp_path: Path
) -> None:
    name = "a" * 246 + ".txt"  # 250 characters: its .nq file name used to be too long
    path = write(tmp_path / "in" / name, article("Japan banned exports of robots to Russia."))
    report = ingest_paths([path.parent], config=project_copy)
    assert not report.failed, report.failed
    [document] = report.stored
    assert len(document) <= 80
    assert Manifest(project_copy.build_dir / "ingested").get(document) is not None
    build(project_copy)
    graphs = open_store(project_copy.store, read_only=True).named_graphs()
    assert str(graph_iri(document)) in graphs


def test_a_record_that_cannot_be_written_leaves_the_store_unchanged(
    tmp_path: Path, config: Settings
) -> None:
    store = OxigraphStore(None)
    write(tmp_path / "in" / "blocked.txt", article("Japan banned exports of robots."))
    # the per-document file cannot be written (a folder stands where it goes)
    (config.build_dir / "ingested" / "blocked.nq").mkdir(parents=True)
    report = ingest_paths([tmp_path / "in"], config=config, store=store)
    assert report.stored == [] and [f for f, _ in report.failed] == [
        str(tmp_path / "in" / "blocked.txt")
    ]
    assert str(graph_iri("blocked")) not in store.named_graphs()  # commit last: never committed
    assert Manifest(config.build_dir / "ingested").get("blocked") is None


def test_a_store_graph_without_a_record_survives_the_next_build(project_copy: Settings) -> None:
    build(project_copy)
    graph = "https://w3id.org/sanctions-kg/graph/source/loaded-by-hand"
    doc = "https://w3id.org/sanctions-kg/id/source/loaded-by-hand"
    live = open_store(project_copy.store, read_only=False)
    live.replace_graphs(
        f'<{doc}> <{KG}title> "By hand" <{graph}> .\n'.encode(), [graph]
    )  # e.g. a run killed between its store commit and its record, by an older version
    live.close()
    report = build(project_copy)
    assert report.reconciled == ["loaded-by-hand"]
    assert graph in open_store(project_copy.store, read_only=True).named_graphs()
    record = Manifest(project_copy.build_dir / "ingested").get("loaded-by-hand")
    assert record is not None and record.path == ""
