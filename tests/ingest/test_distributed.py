"""`kg ingest --workers 2`: the graph a Dask run stores is the single-process one, byte for
byte, and a worker killed mid-run loses no document (the scheduler gives its work to another)."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
import pyoxigraph as ox
import pytest

from bench.corpus import write_corpus
from kg.config import Settings, settings
from kg.ingest.cluster import dask_client
from kg.ingest.distributed import CHUNK, chunk_size
from kg.ingest.records import Manifest
from kg.ingest.run import IngestReport, ingest_paths
from kg.store import OxigraphStore, open_store

ARTICLES = 6
_WORKER_ENVIRON = ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS")
Single = tuple[Settings, IngestReport]


def config_in(folder: Path) -> Settings:
    return dataclasses.replace(settings(), build_dir=folder, store=f"oxigraph:{folder / 'store'}")


def canonical_hash(config: Settings) -> str:
    """sha256 of the store's sorted N-Quads: equal exactly when the graphs are."""
    store = open_store(config.store, read_only=True)
    assert isinstance(store, OxigraphStore)
    try:
        data = store.raw.dump(format=ox.RdfFormat.N_QUADS)
    finally:
        store.close()
    return hashlib.sha256(b"\n".join(sorted(data.splitlines()))).hexdigest()


def keys(config: Settings) -> dict[str, tuple[str, str, int]]:
    records = Manifest(config.build_dir / "ingested").records
    return {d: (r.key, r.content_hash, r.facts) for d, r in records.items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few synthetic articles, one of them twice (a duplicate must be found in flight too)."""
    folder = tmp_path_factory.mktemp("corpus") / "articles"
    write_corpus(folder, ARTICLES, seed=3)
    shutil.copy(folder / "syn-000001.md", folder / "syn-000001-copy.md")
    return folder


@pytest.fixture(scope="module")
def single(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> tuple[Settings, IngestReport]:
    config = config_in(tmp_path_factory.mktemp("single"))
    return config, ingest_paths([corpus], config=config)


def test_two_workers_store_the_single_process_graph(
    tmp_path: Path, corpus: Path, single: tuple[Settings, IngestReport]
) -> None:
    reference, expected = single
    assert len(expected.stored) == ARTICLES and not expected.failed
    assert len(expected.duplicates) == 1
    config = config_in(tmp_path / "dask")
    report = ingest_paths([corpus], config=config, workers=2)
    assert not report.failed
    assert sorted(report.stored) == sorted(expected.stored)
    assert [d for d, _ in report.duplicates] == [d for d, _ in expected.duplicates]
    assert report.machine_facts == expected.machine_facts > 0
    assert canonical_hash(config) == canonical_hash(reference)
    assert keys(config) == keys(reference)
    # nothing changed: nothing to do (and no cluster to start), through the command itself
    env = {**os.environ, "KG_BUILD": str(config.build_dir), "KG_STORE": config.store}
    again = subprocess.run(
        [sys.executable, "-m", "kg.cli", "ingest", "--workers", "2", str(corpus)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert f"stored 0, unchanged {ARTICLES}, duplicates 1, failed 0" in again.stdout


def _listening(pids: list[int]) -> set[str]:
    found = set()
    for pid in pids:
        for conn in psutil.Process(pid).net_connections(kind="inet"):
            if conn.status == psutil.CONN_LISTEN:
                found.add(conn.laddr.ip)
    return found


def _ingest_killing(
    corpus: Path,
    config: Settings,
    client: Any,
    pick: Callable[[], list[str]],
    when: Callable[[int, int], bool],
) -> tuple[IngestReport, list[int]]:
    """Ingest on `client`'s cluster; at the first file `when(number, total)` accepts, kill the
    workers `pick()` names (waiting up to 60 s for it to name one)."""
    pids = client.run(os.getpid)
    killed: list[int] = []

    def progress(name: str, number: int, total: int) -> None:
        if killed or not when(number, total):
            return
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            chosen = pick()
            if chosen:
                for worker in chosen:
                    killed.append(pids[worker])
                    os.kill(pids[worker], signal.SIGKILL)
                return
            time.sleep(0.05)

    address = client.scheduler_info()["address"]
    return ingest_paths([corpus], config=config, scheduler=address, progress=progress), killed


def _same_as_single(report: IngestReport, config: Settings, single: Single) -> None:
    reference, expected = single
    assert not report.failed
    assert sorted(report.stored) == sorted(expected.stored)
    assert canonical_hash(config) == canonical_hash(reference)


def test_a_worker_killed_mid_run_loses_nothing(
    tmp_path: Path, corpus: Path, single: Single
) -> None:
    config = config_in(tmp_path / "killed")
    with dask_client(workers=2) as client:
        pids = client.run(os.getpid)
        assert len(pids) == 2
        assert _listening([os.getpid(), *pids.values()]) == {"127.0.0.1"}
        # the nanny's fixed malloc trim threshold slows the model; numeric libraries one thread
        environ = client.run(lambda: {k: os.environ.get(k) for k in _WORKER_ENVIRON})
        ours = os.environ.get("MALLOC_TRIM_THRESHOLD_")
        assert all(
            e == {"MALLOC_TRIM_THRESHOLD_": ours, "OMP_NUM_THREADS": "1"} for e in environ.values()
        )

        def busy() -> list[str]:
            return [w for w, stack in client.call_stack().items() if stack][:1]

        report, killed = _ingest_killing(
            corpus, config, client, busy, lambda number, total: number == total
        )
    assert killed, "no worker was busy to be killed"
    assert not psutil.pid_exists(killed[0]) or psutil.Process(killed[0]).status() == "zombie"
    _same_as_single(report, config, single)


def test_the_setup_lost_with_its_workers_is_scattered_again(
    tmp_path: Path, corpus: Path, single: Single
) -> None:
    """Every worker holding the scattered setup is killed: the scheduler cancels each task that
    needs it, and the run scatters it again instead of failing those documents."""
    config = config_in(tmp_path / "lost")
    with dask_client(workers=2) as client:

        def holders() -> list[str]:
            return sorted(
                {w for key, where in client.who_has().items() if "Setup" in str(key) for w in where}
            )

        report, killed = _ingest_killing(
            corpus, config, client, holders, lambda number, total: number == 2
        )
    assert killed, "the setup was never scattered"
    _same_as_single(report, config, single)


def test_tasks_shrink_to_single_documents_for_the_last_windowful() -> None:
    """With CHUNK documents a task to the end, one worker could be left alone with a whole
    task; the last `window` tasks carry one document each."""
    window = 6
    assert chunk_size(CHUNK, 1000, window) == CHUNK
    assert chunk_size(CHUNK, window * CHUNK, window) == CHUNK
    assert chunk_size(CHUNK, window * CHUNK - 1, window) == 1
    assert chunk_size(CHUNK, 0, window) == 1
    assert chunk_size(CHUNK, -5, window) == 1  # the files put off to a later round
