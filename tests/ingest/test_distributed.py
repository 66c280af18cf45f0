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
from pathlib import Path

import psutil
import pyoxigraph as ox
import pytest

from bench.corpus import write_corpus
from kg.config import Settings, settings
from kg.ingest.distributed import dask_client
from kg.ingest.records import Manifest
from kg.ingest.run import IngestReport, ingest_paths
from kg.store import OxigraphStore, open_store

ARTICLES = 6
_WORKER_ENVIRON = ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS")


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


def test_a_worker_killed_mid_run_loses_nothing(
    tmp_path: Path, corpus: Path, single: tuple[Settings, IngestReport]
) -> None:
    reference, expected = single
    config = config_in(tmp_path / "killed")
    killed: list[int] = []
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

        def kill_a_busy_worker(name: str, number: int, total: int) -> None:
            if number != total or killed:
                return
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                busy = [w for w, stack in client.call_stack().items() if stack]
                if busy:
                    killed.append(pids[busy[0]])
                    os.kill(pids[busy[0]], signal.SIGKILL)
                    return
                time.sleep(0.05)

        report = ingest_paths(
            [corpus],
            config=config,
            scheduler=client.scheduler_info()["address"],
            progress=kill_a_busy_worker,
        )
    assert killed, "no worker was busy to be killed"
    assert not psutil.pid_exists(killed[0]) or psutil.Process(killed[0]).status() == "zombie"
    assert not report.failed
    assert sorted(report.stored) == sorted(expected.stored)
    assert canonical_hash(config) == canonical_hash(reference)
