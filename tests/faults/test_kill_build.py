"""Kill `kg build` at many points mid-write: the previous graph files and store stay usable."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pyoxigraph as ox

from kg.build.pipeline import build
from kg.config import Settings


def _usable(config: Settings, expected_nq: bytes) -> None:
    nq = (config.build_dir / "kg.nq").read_bytes()
    assert nq == expected_nq  # never truncated, never half-new (the input did not change)
    store = ox.Store.read_only(str((config.build_dir / "store").resolve()))
    named = sum(1 for q in store if not isinstance(q.graph_name, ox.DefaultGraph))
    assert named == expected_nq.count(b"\n")


def test_kill_during_build_leaves_previous_graph_usable(project_copy: Settings) -> None:
    build(project_copy)
    expected = (project_copy.build_dir / "kg.nq").read_bytes()
    env = {**os.environ, "KG_ROOT": str(project_copy.root), "KG_BUILD": str(project_copy.build_dir)}
    for delay in (0.2, 0.6, 1.0, 1.4, 1.8, 2.2, 2.6, 3.0):
        process = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "build"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        _usable(project_copy, expected)
    # and a build after all those kills still works
    build(project_copy)
    _usable(project_copy, expected)


def test_leftovers_of_killed_builds_are_cleaned_by_the_next_build(project_copy: Settings) -> None:
    build(project_copy)
    leftover = project_copy.build_dir / "store-19990101T000000-1"
    leftover.mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead_tmp = project_copy.build_dir / f".kg.nq.{gone.pid}.0badc0de.tmp"
        dead_tmp.write_bytes(b"half")
        # a temporary file of a live process (say a `kg export` into build/) is not ours to delete
        live_tmp = project_copy.build_dir / f".export.nq.{alive.pid}.0badc0de.tmp"
        live_tmp.write_bytes(b"being written")
        previous = (project_copy.build_dir / "store").resolve()
        report = build(project_copy)
        assert not dead_tmp.exists() and live_tmp.exists()
    finally:
        alive.kill()
        alive.wait()
    remaining = {p.name for p in project_copy.build_dir.glob("store-*")}
    assert remaining == {previous.name, report.store.name}  # type: ignore[union-attr]
