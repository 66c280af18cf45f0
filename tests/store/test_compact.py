"""Bulk-loaded batches leave the embedded store in many files; `compact` merges them.

What it gains is measured, not tested here (bench/README.md, kg-scale-bench): a query over
3,000 bulk-loaded documents took 0.13-0.21 s before and 0.03 s after.
"""

from __future__ import annotations

from pathlib import Path

from kg.store import OxigraphStore


def _tables(store: OxigraphStore) -> int:
    folder = store.path.resolve() if store.path else None
    assert folder is not None
    return sum(1 for name in folder.iterdir() if name.suffix == ".sst")


def test_compaction_merges_the_files_of_many_batches_and_keeps_every_quad(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store", read_only=False)
    for batch in range(12):
        parts = [
            (
                f"urn:x:g{batch}-{doc}",
                f'<urn:x:s{doc}> <urn:x:p> "{batch}" <urn:x:g{batch}-{doc}> .\n'.encode(),
            )
            for doc in range(3)
        ]
        store.replace_parts(parts)
    before = _tables(store)
    quads = len(store)
    assert before > 24  # each batch its own files
    assert not store.compact(max_files=before)  # not above the limit: left alone
    assert store.compact(max_files=before, force=True)  # asked for: done below the limit too
    assert _tables(store) < before
    assert store.compact(max_files=8) or _tables(store) <= 8
    assert len(store) == quads == 12 * 3 + 12 * 3  # named graphs and their merge
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    assert int(rows[0][0].value) == 36
    store.close()


def test_a_memory_store_has_nothing_to_compact() -> None:
    assert not OxigraphStore(None).compact(max_files=0)
