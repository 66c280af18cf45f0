"""Ingesting the same corpus twice, re-extracting everything, gives the identical graph."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from kg.config import Settings, settings
from kg.ingest.run import ingest_paths
from kg.store import OxigraphStore


def _canonical_hash(store: OxigraphStore) -> str:
    """sha256 of the sorted N-Quads (the graph has no blank nodes, so this is canonical)."""
    lines = sorted(str(q) for q in store.raw)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def test_reingesting_the_corpus_gives_the_identical_graph(tmp_path: Path) -> None:
    hashes = []
    for run in ("first", "second"):
        config: Settings = dataclasses.replace(settings(), build_dir=tmp_path / run)
        store = OxigraphStore(None)
        report = ingest_paths([config.sources_dir], config=config, store=store, force=True)
        assert report.failed == [] and len(report.stored) == 5
        hashes.append(_canonical_hash(store))
    assert hashes[0] == hashes[1]
