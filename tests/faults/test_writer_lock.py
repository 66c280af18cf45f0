"""One writer at a time on a build folder: `kg build`, `kg ingest` and `kg load` take one lock for
their whole read-modify-swap, so a build can never drop what an ingest reported as stored."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kg.build.pipeline import build
from kg.config import Settings
from kg.errors import StoreBusy
from kg.ingest.records import Manifest
from kg.ingest.run import ingest_paths
from kg.iris import graph_iri
from kg.store import OxigraphStore, load, open_store

REPO = Path(__file__).resolve().parents[2]
HOLD = "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_CREAT | os.O_RDWR); fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)"


def _hold_lock(build_dir: Path) -> subprocess.Popen[str]:
    """Another process holding the writer lock, as a running writer does."""
    build_dir.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(build_dir / ".store.lock")],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_every_writer_gets_store_busy_while_another_holds_the_lock(
    project_copy: Settings, tmp_path: Path
) -> None:
    build(project_copy)
    article = tmp_path / "in" / "a.txt"
    article.parent.mkdir()
    article.write_text("---\npublished: 2024\n---\nJapan banned exports.\n", encoding="utf-8")
    holder = _hold_lock(project_copy.build_dir)
    try:
        started = time.perf_counter()
        with pytest.raises(StoreBusy, match="busy"):
            build(project_copy)
        with pytest.raises(StoreBusy, match="busy"):
            ingest_paths([article.parent], config=project_copy)
        with pytest.raises(StoreBusy, match="busy"):
            load(open_store(project_copy.store, read_only=False), project_copy.build_dir / "kg.nq")
        assert time.perf_counter() - started < 10  # at once, not after waiting
    finally:
        holder.kill()
        holder.wait()
    assert ingest_paths([article.parent], config=project_copy).stored == ["a"]


def _stored(store_link: Path) -> set[str]:
    store = OxigraphStore(store_link.resolve(), read_only=True)
    return set(store.named_graphs())


def test_kill_9_of_build_racing_ingest_never_loses_a_stored_document(
    project_copy: Settings, tmp_path: Path
) -> None:
    """20 trials: a `kg build` process and an ingest of two tiny new articles started together,
    in either order, the build killed with SIGKILL at a random moment; every document the ingest
    reported stored is in the live store, and the next build keeps them all."""
    build(project_copy)
    env = {
        **os.environ,
        "KG_ROOT": str(project_copy.root),
        "KG_BUILD": str(project_copy.build_dir),
        "KG_STORE": project_copy.store,
    }
    rng = random.Random(16)
    reported: set[str] = set()
    busy = 0
    for trial in range(20):
        folder = tmp_path / f"batch{trial}"
        folder.mkdir()
        for n in (1, 2):
            (folder / f"t{trial}-{n}.txt").write_text(
                f"---\npublished: 2024-03\n---\nJapan banned exports of {n} robots on March {trial + 1}.\n",
                encoding="utf-8",
            )
        builder = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "build"],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        killer = threading.Timer(rng.uniform(0.3, 1.6), builder.send_signal, [signal.SIGKILL])
        killer.start()
        time.sleep(rng.uniform(0.0, 1.4))  # the build may or may not have the lock by now
        try:
            report = ingest_paths([folder], config=project_copy)
            assert not report.failed, report.failed
            reported |= set(report.stored)
        except StoreBusy:
            busy += 1  # the build held the lock: nothing stored, nothing reported
        killer.join()
        builder.wait()
        live = _stored(project_copy.build_dir / "store")
        missing = {d for d in reported if str(graph_iri(d)) not in live}
        assert not missing, f"trial {trial}: reported stored but not in the store: {missing}"
    assert reported and busy < 20, "the race was never exercised"
    # the manifest knows them all, so the next build keeps them
    manifest = Manifest(project_copy.build_dir / "ingested")
    assert all(manifest.get(d) is not None for d in reported)
    build(project_copy)
    assert {str(graph_iri(d)) for d in reported} <= _stored(project_copy.build_dir / "store")
