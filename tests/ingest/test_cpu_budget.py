"""bench.cpu_budget runs end to end (the real runs: `python -m bench.cpu_budget`): a thread's CPU
goes to the part its name says, and a Dask run's CPU counts its workers' processes."""

from __future__ import annotations

import threading
import time

from bench.cpu_budget import measure, report_lines, threads_sampled


def _spin(seconds: float) -> None:
    until = time.thread_time() + seconds
    while time.thread_time() < until:
        pass


def test_a_threads_cpu_goes_to_the_part_its_name_says() -> None:
    with threads_sampled(every=0.02) as parts:
        writer = threading.Thread(target=_spin, args=(0.3,), name="kg-store-writer_0")
        writer.start()
        writer.join()
        _spin(0.1)
    assert 0.25 <= parts["writer"] <= 0.4
    assert parts["main"] >= 0.08
    assert abs(parts["total"] - sum(v for k, v in parts.items() if k != "total")) < 0.05


def test_a_dask_runs_cpu_counts_its_workers_and_sets_the_floor() -> None:
    (budget,) = measure(2, 1)
    single, dask = budget.single, budget.dask
    assert single["stored"] == dask["stored"] == 2
    assert single["spacy"][1] > 0 and single["parts"]["main"] > 0
    assert dask["workers_cpu"] >= 0.8 * single["spacy"][1]  # the model ran on the worker
    assert budget.floor == budget.dask_cpu / budget.cores
    assert budget.best_speedup == single["seconds"] / budget.floor
    assert "at most" in report_lines([budget], 1)[-1]
