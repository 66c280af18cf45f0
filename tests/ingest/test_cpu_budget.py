"""bench.cpu_budget runs end to end (the real runs: `python -m bench.cpu_budget`): a thread's CPU
goes to the part its name says, and a Dask run's CPU counts its workers' processes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from pytest import MonkeyPatch

import kg.ingest.writer
from bench.cpu_budget import measure, report_lines, threads_sampled
from bench.scale_bench import writer_batches
from kg.ingest.writer import BATCH


def _spin(seconds: float) -> None:
    until = time.thread_time() + seconds
    while time.thread_time() < until:
        pass


def test_a_threads_cpu_goes_to_the_part_its_name_says() -> None:
    with threads_sampled(every=0.02) as parts:
        writer = threading.Thread(target=_spin, args=(0.4,), name="kg-store-writer_0")
        writer.start()
        writer.join()
        _spin(0.2)
    # /proc counts CPU in clock ticks (10 ms), attributed by sampling: a few ticks either way
    assert 0.3 <= parts["writer"] <= 0.5
    assert parts["main"] >= 0.12
    assert abs(parts["total"] - sum(v for k, v in parts.items() if k != "total")) < 0.05


def test_a_dask_runs_cpu_counts_its_workers_and_sets_the_floor() -> None:
    measured = measure(3, 1, ceilings=[1, 32])
    (budget,) = measured.budgets
    single, dask = budget.single, budget.dask
    assert single["stored"] == dask["stored"] == 3
    assert single["spacy"][1] > 0 and single["parts"]["main"] > 0
    assert dask["workers_cpu"] >= 0.8 * single["spacy"][1]  # the model ran on the worker
    assert budget.floor == budget.dask_cpu / budget.cores
    assert budget.best_speedup == single["seconds"] / budget.floor
    lines = report_lines(measured, 1)
    assert "at most" in lines[3]
    one, many = measured.loads  # the same graphs loaded again at two ceilings
    assert one["quads"] == many["quads"] > 0 and one["graphs"] == many["graphs"] == 3
    assert one["batches"] == many["batches"] == 1  # BATCH (32) documents a batch at least
    assert "ceiling 32: 1 batches" in lines[-1]


def test_the_loads_batch_as_the_writer_does_up_to_its_ceiling(monkeypatch: MonkeyPatch) -> None:
    files = [Path(f"doc-{i}.nq") for i in range(3000)]
    sizes = {}
    for ceiling in (64, 256):
        monkeypatch.setattr(kg.ingest.writer, "CEILING", ceiling)
        batches = list(writer_batches(files))
        assert [f for batch in batches for f in batch] == files
        sizes[ceiling] = [len(batch) for batch in batches]
        assert sizes[ceiling][:4] == [BATCH] * 4  # a quarter of the store, BATCH at least
        assert max(sizes[ceiling]) == ceiling
    assert len(sizes[64]) > len(sizes[256])
