"""`kg build` updates the embedded store per named graph: the last build's store copied, only the
changed graphs replaced, and the result holds exactly the quads of a whole write; whatever cannot
be proven right (a touched base, no record, --full) is written whole."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pyoxigraph as ox

from kg.build.pipeline import BuildReport, build
from kg.build.store_update import RECORD
from kg.config import Settings
from kg.ingest.records import Manifest, Record
from kg.iris import graph_iri
from kg.store import OxigraphStore
from kg.store.merged import write_version
from tests.build.graphs import document_graph

SIDECAR = "000_6dda27f3a0c12004.yaml"


def _ingest(config: Settings, name: str, title: str) -> None:
    """The graph in build/ingested/ with its record, as `kg ingest` leaves it (a graph of the
    live store without a record would be put back by the next build: kg.ingest.reconcile)."""
    record = Record(name, "", "", "", str(graph_iri(name)), 0, 0, 0)
    Manifest(config.build_dir / "ingested").put(record, document_graph(name, title=title).encode())


def _retitle(config: Settings, name: str = SIDECAR) -> None:
    sidecar = config.sources_dir / name
    text = sidecar.read_text(encoding="utf-8")
    sidecar.write_text(text.replace("title:", "title: Changed -", 1), encoding="utf-8")


def _quads(folder: Path) -> list[str]:
    """Every quad of the store version `folder`, the merged default graph included, sorted."""
    store = ox.Store.read_only(str(folder.resolve()))
    return sorted(str(q) for q in store)


def _whole_write(config: Settings, tmp: Path) -> list[str]:
    """What a whole write of this build's kg.nq holds (the store step of a full build)."""
    store = write_version(tmp, (config.build_dir / "kg.nq").read_bytes()).store
    store.flush()
    del store
    return _quads(tmp)


def _way(report: BuildReport) -> str:
    assert report.store_write is not None
    return report.store_write.way


def test_changed_added_and_removed_sources_give_the_store_of_a_full_build(
    project_copy: Settings, tmp_path: Path
) -> None:
    for name in ("doc-a", "doc-b", "doc-c"):
        _ingest(project_copy, name, name)
    first = build(project_copy)
    assert _way(first) == "whole" and first.store_write and first.store_write.kept
    reader = ox.Store.read_only(str((project_copy.build_dir / "store").resolve()))
    before = sorted(str(q) for q in reader)

    _retitle(project_copy)  # a bundled source: the curated unit
    _ingest(project_copy, "doc-b", "B, again")  # changed
    _ingest(project_copy, "doc-d", "doc-d")  # added
    (project_copy.build_dir / "ingested" / "doc-c.nq").unlink()  # removed (its record kept)
    second = build(project_copy)
    written = second.store_write
    assert written is not None and written.way == "per graph", written
    assert (written.replaced, written.added, written.removed) == (3, 1, 1)

    full_config = dataclasses.replace(
        project_copy,
        build_dir=tmp_path / "full",
        store=f"oxigraph:{tmp_path / 'full' / 'store'}",
    )
    (tmp_path / "full" / "ingested").mkdir(parents=True)
    for path in (project_copy.build_dir / "ingested").glob("*.nq"):
        (tmp_path / "full" / "ingested" / path.name).write_bytes(path.read_bytes())
    full = build(full_config, full=True)
    assert _way(full) == "whole" and "--full" in full.store_write.why  # type: ignore[union-attr]
    updated = _quads(project_copy.build_dir / "store")
    assert updated == _quads(full_config.build_dir / "store")
    assert any('"B, again"' in q for q in updated) and not any("doc-c" in q for q in updated)
    merged = ox.Store.read_only(str((project_copy.build_dir / "store").resolve()))
    default = [str(q) for q in merged.quads_for_pattern(None, None, None, ox.DefaultGraph())]
    assert any("Changed -" in q for q in default) and not any("B, again" in q for q in before)
    # a reader that opened the old version still sees it, whole
    assert sorted(str(q) for q in reader) == before
    assert len(list(project_copy.build_dir.glob("store-*"))) == 2  # the live one and the last


def test_writes_to_the_live_store_do_not_mislead_the_next_update(
    project_copy: Settings, tmp_path: Path
) -> None:
    """`kg ingest` and `kg load` write the live version in place; the update starts from the
    build's own base, so what they wrote is replaced as a whole write would."""
    _ingest(project_copy, "doc-a", "doc-a")
    build(project_copy)
    live = OxigraphStore(project_copy.build_dir / "store")
    stray = str(graph_iri("stray"))
    live.replace_graphs(f'<urn:x> <urn:p> "stray" <{stray}> .\n'.encode(), [stray])
    live.replace_graphs(
        document_graph("doc-a", title="in place").encode(), [str(graph_iri("doc-a"))]
    )
    live.close()
    _ingest(project_copy, "doc-a", "doc-a, rebuilt")
    report = build(project_copy)
    assert _way(report) == "per graph"
    assert report.store_write and report.store_write.replaced == 1
    assert _quads(project_copy.build_dir / "store") == _whole_write(project_copy, tmp_path / "w")


def test_a_base_in_doubt_is_written_whole_and_right(project_copy: Settings, tmp_path: Path) -> None:
    build(project_copy)
    cache = project_copy.build_dir / "incremental"
    record = json.loads((cache / RECORD).read_text(encoding="utf-8"))
    ox.Store(str(cache / record["base"])).flush()  # opened for writing: its files change
    _retitle(project_copy)
    report = build(project_copy)
    assert _way(report) == "whole" and "changed since it was recorded" in report.store_write.why  # type: ignore[union-attr]
    assert _quads(project_copy.build_dir / "store") == _whole_write(project_copy, tmp_path / "a")
    assert [p.name for p in cache.glob("base-*")] == [
        json.loads((cache / RECORD).read_text(encoding="utf-8"))["base"]
    ]  # the new base replaced the touched one

    # a record that lists a graph its base lacks (the fingerprint still matches): whole again
    record = json.loads((cache / RECORD).read_text(encoding="utf-8"))
    record["graphs"][str(graph_iri("ghost"))] = ["0" * 64, 10]
    (cache / RECORD).write_text(json.dumps(record), encoding="utf-8")
    _retitle(project_copy)
    report = build(project_copy)
    assert _way(report) == "whole" and "update failed" in report.store_write.why  # type: ignore[union-attr]
    assert _quads(project_copy.build_dir / "store") == _whole_write(project_copy, tmp_path / "b")
    assert len(list(project_copy.build_dir.glob("store-*"))) == 2  # nothing of the update left

    record = json.loads((cache / RECORD).read_text(encoding="utf-8"))
    (cache / RECORD).write_text(json.dumps({**record, "code": "other"}), encoding="utf-8")
    report = build(project_copy)  # a base written by other code (or another pyoxigraph)
    assert _way(report) == "whole" and "code" in report.store_write.why  # type: ignore[union-attr]
    (cache / RECORD).unlink()
    assert _way(build(project_copy)) == "whole"
    assert _way(build(project_copy)) == "per graph"  # the whole write recorded a base again


def test_no_store_leaves_the_store_and_its_record_alone(project_copy: Settings) -> None:
    build(project_copy)
    cache = project_copy.build_dir / "incremental"
    record, live = (cache / RECORD).read_bytes(), (project_copy.build_dir / "store").resolve()
    _retitle(project_copy)
    report = build(project_copy, store=False)
    assert report.store_write is None and report.store is None
    assert (cache / RECORD).read_bytes() == record
    assert (project_copy.build_dir / "store").resolve() == live
    again = build(project_copy)  # the change reaches the store, per graph
    assert _way(again) == "per graph" and again.store_write and again.store_write.replaced == 1
    assert any("Changed -" in q for q in _quads(project_copy.build_dir / "store"))
