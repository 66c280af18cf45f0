"""The ingest manifest: constant work per document (a journal, folded in at the end), a line torn
by a kill ignored, and only the leftovers of dead processes cleaned from build/ingested."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

from kg.config import settings
from kg.ingest.records import Manifest, Record
from kg.ingest.run import ingest_paths
from kg.store import OxigraphStore


def _record(n: int) -> Record:
    return Record(f"d{n}", f"/x/d{n}.txt", f"{n:064x}", "k", f"g{n}", 1, 1, 0)


def test_records_go_to_a_journal_and_a_torn_last_line_is_ignored(tmp_path: Path) -> None:
    manifest = Manifest(tmp_path)
    for n in range(200):
        manifest.put(_record(n), b"")
    assert not manifest.path.exists()  # no rewrite of the whole manifest per document
    assert manifest.journal.read_bytes().count(b"\n") == 200
    with manifest.journal.open("ab") as handle:
        handle.write(b'{"put": {"document": "torn"')  # killed mid-write
    again = Manifest(tmp_path)
    assert len(again.records) == 200 and again.get("torn") is None
    again.put(_record(999), b"")  # appended after the torn line, on a line of its own
    assert Manifest(tmp_path).get("d999") is not None
    again.compact()
    assert not again.journal.exists()
    assert len(json.loads(again.path.read_text())["documents"]) == 201


def test_ingest_cleans_only_the_temporaries_of_dead_processes(tmp_path: Path) -> None:
    config = dataclasses.replace(settings(), build_dir=tmp_path / "build", store="memory")
    folder = config.build_dir / "ingested"
    folder.mkdir(parents=True)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = folder / f".a.nq.{gone.pid}.0badc0de.tmp"
        live = folder / f".b.nq.{alive.pid}.0badc0de.tmp"
        dead.write_bytes(b"left by a killed run")
        live.write_bytes(b"being written by another process")
        article = tmp_path / "in" / "a.txt"
        article.parent.mkdir()
        article.write_text("---\npublished: 2024\n---\nJapan banned exports.\n", encoding="utf-8")
        ingest_paths([article.parent], config=config, store=OxigraphStore(None))
        assert not dead.exists() and live.exists()
    finally:
        alive.kill()
        alive.wait()
