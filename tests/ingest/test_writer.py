"""The batch writer (kg.ingest.writer): documents are committed a batch per store transaction,
on a thread of its own, and a batch the disk refuses is committed one document at a time, so
only the refused document fails; a file repeating one still in the batch is its duplicate."""

from __future__ import annotations

import dataclasses
import errno
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

from kg.config import Settings, settings
from kg.extract.mentions import Mention, Mentions
from kg.ingest.records import Manifest, Record, Undo
from kg.ingest.run import ingest_paths
from kg.ingest.writer import CEILING, batch_limit
from kg.iris import graph_iri
from kg.store import OxigraphStore

SENTENCES = [
    "Japan banned exports of robots to Russia.",
    "Canada froze the assets of 12 Russian officials.",
    "Norway imposed an export ban on Iran.",
    "Australia banned imports of coal from Russia.",
]


@pytest.fixture
def config(tmp_path: Path) -> Settings:
    return dataclasses.replace(settings(), build_dir=tmp_path / "build", store="memory")


def _write(folder: Path, name: str, sentence: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"---\npublished: 2024-03-12\n---\n{sentence}\n", encoding="utf-8")
    return path


def test_a_refused_record_fails_alone_and_the_rest_of_its_batch_is_stored(
    tmp_path: Path, config: Settings
) -> None:
    folder = tmp_path / "in"
    for number, sentence in enumerate(SENTENCES):
        _write(folder, f"a{number}.txt", sentence)
    (config.build_dir / "ingested" / "a2.nq").mkdir(parents=True)  # a folder where it goes
    store = OxigraphStore(None)
    report = ingest_paths([folder], config=config, store=store)
    assert sorted(report.stored) == ["a0", "a1", "a3"]
    assert [f for f, _ in report.failed] == [str(folder / "a2.txt")]
    graphs = set(store.named_graphs())
    assert {str(graph_iri(d)) for d in ("a0", "a1", "a3")} <= graphs
    assert str(graph_iri("a2")) not in graphs
    manifest = Manifest(config.build_dir / "ingested")
    assert manifest.get("a2") is None and manifest.get("a3") is not None
    assert (config.build_dir / "ingested" / "a3.nq").read_bytes().startswith(b"<")


def test_records_are_written_on_the_store_thread_and_a_disk_refusal_there_fails_one_document(
    tmp_path: Path, config: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The .nq files and journal lines (and their fsyncs) are written beside the extraction, on
    the writer thread; when the disk refuses there, the batch is retried one document at a
    time and only the refused one fails, with nothing of it recorded or stored."""
    folder = tmp_path / "in"
    for number, sentence in enumerate(SENTENCES):
        _write(folder, f"w{number}.txt", sentence)
    write_many = Manifest.write_many
    threads: list[str] = []

    def disk(self: Manifest, items: Sequence[tuple[Record, bytes]], undos: Sequence[Undo]) -> None:
        threads.append(threading.current_thread().name)
        if any(record.document == "w1" for record, _ in items):
            raise OSError(errno.ENOSPC, "No space left on device", str(self.quads_path("w1")))
        write_many(self, items, undos)

    monkeypatch.setattr(Manifest, "write_many", disk)
    store = OxigraphStore(None)
    report = ingest_paths([folder], config=config, store=store)
    assert sorted(report.stored) == ["w0", "w2", "w3"]
    assert [f for f, _ in report.failed] == [str(folder / "w1.txt")]
    assert threads[0].startswith("kg-store-writer")  # the batch's records, off this thread
    assert str(graph_iri("w1")) not in set(store.named_graphs())
    manifest = Manifest(config.build_dir / "ingested")
    assert manifest.get("w1") is None and manifest.get("w2") is not None
    assert not (config.build_dir / "ingested" / "w1.nq").exists()


def test_the_same_text_twice_in_one_batch_is_stored_once(tmp_path: Path, config: Settings) -> None:
    folder = tmp_path / "in"
    _write(folder, "b0.txt", SENTENCES[0])
    _write(folder, "b1.txt", SENTENCES[1])
    _write(folder, "b2.txt", SENTENCES[0])  # b0's text, while b0 is still in the batch
    report = ingest_paths([folder], config=config, store=OxigraphStore(None))
    assert sorted(report.stored) == ["b0", "b1"] and not report.failed
    assert [f for f, _ in report.duplicates] == [str(folder / "b2.txt")]


def test_mentions_of_a_sentence_come_from_the_index_in_text_order() -> None:
    items = [
        Mention(s * 10 + i, s * 10 + i + 1, f"m{s}{i}", "GAZ", s, 0, i, i + 1)
        for s in (0, 2, 2, 5)
        for i in range(2)
    ]
    mentions = Mentions(items, {})
    assert [m.text for m in mentions.in_sentence(2)] == ["m20", "m21", "m20", "m21"]
    assert mentions.in_sentence(1) == [] and len(mentions.in_sentence(5)) == 2
    mentions.in_sentence(0).clear()  # a copy: the index stays whole
    assert len(mentions.in_sentence(0)) == 2


class CountingStore(OxigraphStore):
    """The in-memory store, noting how many graphs each store transaction of the writer held."""

    def __init__(self) -> None:
        super().__init__(None)
        self.transactions: list[int] = []

    def replace_parts(self, parts: Sequence[tuple[str, bytes]]) -> None:
        self.transactions.append(len(parts))
        super().replace_parts(parts)


def test_batches_grow_with_the_store_and_shrink_towards_the_end(
    tmp_path: Path, config: Settings
) -> None:
    folder = tmp_path / "in"
    for number in range(200):
        _write(folder, f"g{number}.txt", SENTENCES[number % len(SENTENCES)] + f" ({number})")
    small = tmp_path / "small"
    for number in range(40):
        _write(small, f"s{number}.txt", SENTENCES[number % len(SENTENCES)] + f" [{number}]")
    empty = CountingStore()
    assert len(ingest_paths([small], config=config, store=empty).stored) == 40
    assert empty.transactions == [32, 8]  # BATCH while the store is small
    full = CountingStore()
    held = "".join(f"<urn:s> <urn:p> <urn:o> <urn:held:{n}> .\n" for n in range(400))
    full.replace_graphs(held.encode(), [f"urn:held:{n}" for n in range(400)])
    later = dataclasses.replace(config, build_dir=tmp_path / "later")
    assert len(ingest_paths([folder], config=later, store=full).stored) == 200
    # 400 graphs held: up to 100 documents a transaction, but no more than half of those
    # still to come, so the last transaction (waited for at the end) is small
    assert full.transactions == [67, 44, 32, 32, 25]


def test_the_batch_limit_follows_the_store_and_what_is_left() -> None:
    assert batch_limit(32, 0) == 32 and batch_limit(32, 400) == 100
    assert batch_limit(32, 10**6) == CEILING  # and no more, however large the store
    assert batch_limit(32, 10**6, coming=300) == min(150, CEILING)  # half of what is to come
    assert batch_limit(32, 400, coming=10) == 32  # never under BATCH


def test_a_run_that_adds_much_compacts_the_store_and_one_that_adds_little_does_not(
    tmp_path: Path,
) -> None:
    """kg.ingest.run.GREW_BY: compaction (its cost grows with the store) is paid in proportion."""
    config = dataclasses.replace(
        settings(), build_dir=tmp_path / "build", store=f"oxigraph:{tmp_path / 'store'}"
    )
    first = tmp_path / "first"
    for number in range(12):
        _write(first, f"c{number}.txt", SENTENCES[number % len(SENTENCES)] + f" ({number})")
    report = ingest_paths([first], config=config)
    assert len(report.stored) == 12 and report.compacted  # all of its graphs are new
    one = tmp_path / "one"
    _write(one, "c-late.txt", SENTENCES[0] + " (late)")
    report = ingest_paths([first, one], config=config)
    assert report.stored == ["c-late"] and not report.compacted  # 1 new graph beside 12 and more
