"""`kg ingest` end to end: named graphs in a store, idempotent re-runs, bad files, curation."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from kg.config import Settings, settings
from kg.ingest.records import Manifest
from kg.ingest.run import ingest_paths
from kg.iris import REFERENCE_GRAPH, graph_iri
from kg.store import OxigraphStore

ARTICLE = """---
published: 2024-03-12
title: Japan widens its sanctions
publisher: Test Wire
---
Japan announced a new package of sanctions against Russia on the 10th.
The package bans exports of robots and drones to Russia from April 1.
It also freezes the assets of 20 Russian officials.
Japan did not impose an import ban on Russian fish.
“We will keep working with the G7,” said Yoshihide Suga.
"""
OTHER = """---
published: 2024-02-20
---
Australia imposed sanctions on Iran on February 19, freezing the assets of 12 Iranian officials.
Canberra also banned exports of drone parts to Iran.
"""
NAMES = """---
published: 2024-01
---
Сергей Лавров said that Moscow would answer Tokyo.
Prime Minister 岸田文雄 said Japan will keep its sanctions against Russia.
"""


@pytest.fixture
def config(tmp_path: Path) -> Settings:
    """The repository's curated data and sources, with build output in tmp_path."""
    return dataclasses.replace(settings(), build_dir=tmp_path / "build", store="memory")


@pytest.fixture
def store() -> OxigraphStore:
    return OxigraphStore(None)


def graph_quads(store: OxigraphStore, document: str) -> set[str]:
    import pyoxigraph as ox

    graph = ox.NamedNode(str(graph_iri(document)))
    return {str(q) for q in store.raw.quads_for_pattern(None, None, None, graph)}


def machine(store: OxigraphStore, document: str, kind: str) -> list[str]:
    """IRIs of the machine-extracted facts of `kind` in the document's graph."""
    import pyoxigraph as ox

    kg = "https://w3id.org/sanctions-kg/ontology#"
    graph = ox.NamedNode(str(graph_iri(document)))
    extracted = {
        q.subject.value
        for q in store.raw.quads_for_pattern(None, ox.NamedNode(kg + "method"), None, graph)
        if q.object.value.endswith("/extracted")
    }
    return sorted(
        {
            q.subject.value
            for q in store.raw.quads_for_pattern(
                None, ox.NamedNode(kg + "supportedBy"), None, graph
            )
            if q.object.value in extracted and f"/{kind}/" in q.subject.value
        }
    )


def write(folder: Path, name: str, text: str | bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_ingest_stores_one_named_graph_per_article(
    tmp_path: Path, config: Settings, store: OxigraphStore
) -> None:
    folder = tmp_path / "in"
    write(folder, "japan.md", ARTICLE)
    write(folder, "australia.txt", OTHER)
    report = ingest_paths([folder], config=config, store=store)
    assert sorted(report.stored) == ["australia", "japan"] and not report.failed
    graphs = store.named_graphs()
    assert {str(graph_iri("japan")), str(graph_iri("australia")), str(REFERENCE_GRAPH)} <= set(
        graphs
    )
    assert len(machine(store, "japan", "measure")) == 2  # the negated import ban is not there
    assert len(machine(store, "japan", "package")) == 1
    assert len(machine(store, "japan", "statement")) == 1
    # another country's sanctions: the states are minted in the document's graph, with ISO codes
    quads = "\n".join(graph_quads(store, "australia"))
    assert "/id/state/au>" in quads and '"AU"' in quads and "/id/state/ir>" in quads


def test_reingesting_is_a_no_op_and_a_change_replaces_only_its_graph(
    tmp_path: Path, config: Settings, store: OxigraphStore
) -> None:
    folder = tmp_path / "in"
    write(folder, "japan.md", ARTICLE)
    write(folder, "australia.txt", OTHER)
    ingest_paths([folder], config=config, store=store)
    before = {d: graph_quads(store, d) for d in ("japan", "australia")}
    again = ingest_paths([folder], config=config, store=store)
    assert again.stored == [] and sorted(again.unchanged) == ["australia", "japan"]
    assert {d: graph_quads(store, d) for d in before} == before
    write(folder, "japan.md", ARTICLE.replace("robots and drones", "semiconductors"))
    changed = ingest_paths([folder], config=config, store=store)
    assert changed.stored == ["japan"] and changed.unchanged == ["australia"]
    assert graph_quads(store, "australia") == before["australia"]
    after = "\n".join(graph_quads(store, "japan"))
    assert "semiconductors" in after and "robots and drones" not in after
    record = Manifest(config.build_dir / "ingested").get("japan")
    assert record is not None and record.content_hash != ""


def test_a_lost_graph_is_restored_from_the_record(tmp_path: Path, config: Settings) -> None:
    folder = tmp_path / "in"
    write(folder, "japan.md", ARTICLE)
    first = OxigraphStore(None)
    ingest_paths([folder], config=config, store=first)
    fresh = OxigraphStore(None)  # e.g. the store was rebuilt
    report = ingest_paths([folder], config=config, store=fresh)
    assert report.stored == ["japan"]
    assert graph_quads(fresh, "japan") == graph_quads(first, "japan")


def test_bad_files_are_reported_by_name_and_the_rest_is_stored(
    tmp_path: Path, config: Settings, store: OxigraphStore
) -> None:
    folder = tmp_path / "in"
    write(folder, "good.md", ARTICLE)
    write(
        folder, "latin1.txt", "---\npublished: 2024\n---\nCaf\xe9 in T\xf4ky\xf4".encode("latin-1")
    )
    write(folder, "undated.txt", "Japan banned exports to Russia.")
    write(folder, "empty.txt", b"")
    write(folder, "empty.yaml", "published: 2024-01\n")
    write(folder, "names.txt", NAMES)
    forum = (
        "---\npublished: 2024-03\nkind: forum-page\nsegments:\n  - {kind: article-body, starts_with: Japan}\n"
        "  - {kind: reader-comments, starts_with: Comment}\n---\n"
        "Japan froze the assets of two Russian banks on March 1.\n"
        "Comment by kuril_fan: Japan should ban all exports to Russia. Russia banned Japanese fish!\n"
    )
    write(folder, "forum.txt", forum)
    report = ingest_paths([folder, tmp_path / "missing.txt"], config=config, store=store)
    failed = dict(report.failed)
    assert set(failed) == {
        str(folder / "latin1.txt"),
        str(tmp_path / "missing.txt"),
    }
    assert (
        "latin1.txt" in failed[str(folder / "latin1.txt")]
        and "UTF-8" in failed[str(folder / "latin1.txt")]
    )
    # a file with no date at all is ingested, with a warning naming it
    assert (
        [w for w in report.warnings if "no publication date" in w]
        == [w for w in report.warnings if str(folder / "undated.txt") in w]
        != []
    )
    assert sorted(report.stored) == ["empty", "forum", "good", "names", "undated"]
    assert machine(store, "empty", "measure") == []
    assert len(machine(store, "forum", "measure")) == 1  # the commenters' bans are not facts
    speakers = "\n".join(graph_quads(store, "names"))
    assert "/id/person/sergey-lavrov>" in speakers


def test_a_5_mb_file_is_read_up_to_the_limit_with_a_warning(
    tmp_path: Path, config: Settings, store: OxigraphStore
) -> None:
    body = ("Japan banned exports of robots to Russia on March 3. " * 40 + "\n") * 2_400
    path = write(tmp_path, "huge.txt", "---\npublished: 2024-03\n---\n" + body)
    assert path.stat().st_size > 5_000_000
    report = ingest_paths([path], config=config, store=store, max_chars=20_000)
    assert report.stored == ["huge"] and not report.failed
    assert any("huge.txt" in w and "20,000" in w for w in report.warnings)
    assert len(machine(store, "huge", "measure")) == 1  # told many times, one measure


def test_curated_facts_are_authoritative_and_rejections_remove_machine_facts(
    tmp_path: Path, store: OxigraphStore
) -> None:
    data = tmp_path / "data"
    (data / "curated").mkdir(parents=True)
    shutil.copy(settings().curated_dir / "entities.yaml", data / "curated" / "entities.yaml")
    write(data / "sources", "art.txt", ARTICLE.split("---\n", 2)[2])
    write(data / "sources", "art.yaml", "published: 2024-03-12\ntitle: T\n")
    config = dataclasses.replace(
        settings(),
        sources_dir=data / "sources",
        curated_dir=data / "curated",
        build_dir=tmp_path / "build",
        store="memory",
    )
    first = ingest_paths([data / "sources"], config=config, store=store)
    assert first.stored == ["art"]
    [statement] = machine(store, "art", "statement")
    measures = machine(store, "art", "measure")
    # the curator promotes the export ban (writes it as a curated fact) and rejects the statement
    write(
        data / "curated",
        "art.yaml",
        f"""source: art
facts:
  - id: jp-2024-04-robot-export-ban
    kind: measure
    class: sanction
    type: export-ban
    imposer: jp
    targets: [ru]
    announced: "2024-03-10"
    effective: "2024-04-01"
    evidence: ["The package bans exports of robots and drones to Russia from April 1."]
rejected: [{statement.rsplit("/", 1)[1]}]
""",
    )
    second = ingest_paths([data / "sources"], config=config, store=store)
    assert second.stored == ["art"] and second.curated_facts == 1
    assert machine(store, "art", "statement") == []
    assert len(machine(store, "art", "measure")) == len(measures) - 1
    quads = "\n".join(graph_quads(store, "art"))
    assert "/id/measure/jp-2024-04-robot-export-ban>" in quads and "/method/curated>" in quads


def test_ingested_graph_passes_the_shapes(
    tmp_path: Path, config: Settings, store: OxigraphStore
) -> None:
    from rdflib import Dataset, Graph

    from kg.build.validate import violations
    from kg.rdf.assemble import assemble
    from kg.reference import load_entities

    folder = tmp_path / "in"
    write(folder, "japan.md", ARTICLE)
    write(folder, "australia.txt", OTHER)
    write(folder, "names.txt", NAMES)
    ingest_paths(
        [folder, settings().sources_dir / "003_bcd9096a39a7080e.txt"], config=config, store=store
    )
    union = Graph()
    for path in (config.build_dir / "ingested").glob("*.nq"):
        dataset = Dataset()
        dataset.parse(path, format="nquads")
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
    for s, p, o, _ in assemble(
        [], load_entities(settings().curated_dir / "entities.yaml"), []
    ).quads((None, None, None, None)):
        union.add((s, p, o))
    assert violations(union) == []
