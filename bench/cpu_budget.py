"""Where the CPU of an ingest run goes, and the fastest a Dask run can be on this machine.

Run: .venv/bin/python -m bench.cpu_budget [--articles 1000] [--workers 2] [--what-if]
[--ceilings 256,1024]

On a machine whose cores are all busy, a run cannot take less wall time than its CPU seconds
over the cores. This ingests N synthetic articles (bench.corpus) single-process (spaCy alone
over the same paragraphs just before, in the same process) and on a LocalCluster of N workers,
each run in a fresh process, and sums the CPU of everything the run starts: the ingest process
by thread (its main thread, the store writer, Dask's event loop, RocksDB's compaction, the rest)
and, for Dask, the worker and nanny processes. The floor is the Dask run's CPU over the cores;
single wall / floor is the most that Dask run could gain over the single one with no idle
core at all. `--what-if` adds both runs again with the store given the quads only (the merged
default graph, half of the store's quads, left out: kg.store.replace's triples cut to nothing),
to show what that part of the model costs. `--ceilings 256,1024` then loads the single run's
ingested graphs into a fresh store as the ingest writer batches them, with each batch ceiling
(kg/ingest/writer.py CEILING), each in a process of its own: CPU (with RocksDB's compaction)
and peak RSS. Nothing is written to bench/README.md: its section "Where the CPU of a run goes"
holds the numbers, copied by hand.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

import kg.ingest.writer
import kg.store.replace
from bench.corpus import write_corpus
from bench.scale_bench import _spacy_alone, _texts, _warm, child_row, load_in_batches
from bench.store_loads import _cpu
from kg.config import settings
from kg.ingest.cluster import dask_client
from kg.ingest.run import ingest_paths
from kg.store import OxigraphStore

Row = dict[str, Any]
_TICK = os.sysconf("SC_CLK_TCK")


def _thread_cpu() -> dict[int, tuple[str, float]]:
    """CPU seconds of each thread of this process so far, with its OS name."""
    found = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            with open(f"/proc/self/task/{tid}/comm") as comm:
                name = comm.read().strip()
        except OSError:  # it ended meanwhile
            continue
        found[int(tid)] = (name, (int(fields[11]) + int(fields[12])) / _TICK)
    return found


def _kind(os_name: str, python_name: str | None) -> str:
    """The part of the ingest a thread belongs to, from its Python or OS name."""
    if os_name.startswith("rocksdb"):
        return "rocksdb"
    if python_name is None:
        return "other"
    if python_name == "MainThread":
        return "main"
    if python_name.startswith("kg-store-writer"):
        return "writer"
    if "IO loop" in python_name or "TCP-Executor" in python_name or "Dask" in python_name:
        return "dask"
    return "other"


@contextmanager
def threads_sampled(every: float = 0.1) -> Iterator[dict[str, float]]:
    """CPU seconds by part (_kind) of the threads of this process while the block runs; a thread
    that ends between two samples loses at most `every` seconds of its CPU to "other" below."""
    first = _thread_cpu()
    last: dict[int, tuple[str, float]] = dict(first)
    kinds: dict[int, str] = {}
    stop = threading.Event()

    def sample() -> None:
        while True:
            names = {t.native_id: t.name for t in threading.enumerate()}
            for tid, seen in _thread_cpu().items():
                last[tid] = seen
                if kinds.get(tid, "other") == "other":  # a new thread may not be named yet
                    kinds[tid] = _kind(seen[0], names.get(tid))
            if stop.wait(every):
                return

    sampler = threading.Thread(target=sample, name="cpu-budget-sampler", daemon=True)
    cpu = time.process_time()
    sampler.start()
    by_kind: dict[str, float] = {}
    try:
        yield by_kind
    finally:
        stop.set()
        sampler.join()
        for tid, (name, seconds) in last.items():
            kind = "sampler" if name == "cpu-budget-sampler" else kinds.get(tid, "other")
            spent = seconds - first.get(tid, (name, 0.0))[1]
            by_kind[kind] = by_kind.get(kind, 0.0) + spent
        total = time.process_time() - cpu
        by_kind["unseen"] = max(0.0, total - sum(by_kind.values()))  # threads that ended unsampled
        by_kind["total"] = total


def _descendants_cpu() -> float:
    """CPU seconds so far of the processes this one started (Dask's nannies and workers)."""
    spent = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        spent += times.user + times.system
    return spent


def _without_merged_default() -> None:
    """What if: the store gets each document's quads but not their triples in the default graph."""
    kg.store.replace._triples_in = lambda graph, nquads: b""


def child(corpus: Path, build: Path, workers: int, what_if: bool) -> Row:
    """One ingest run into a fresh `build`, its CPU by thread and by process."""
    if what_if:
        _without_merged_default()
    config = dataclasses.replace(settings(), build_dir=build, store=f"oxigraph:{build / 'store'}")
    row: Row = {"workers": workers, "what_if": what_if}
    if not workers:
        _warm()
        row["spacy"] = _spacy_alone(_texts(corpus))
        with threads_sampled() as parts:
            report = ingest_paths([corpus], config=config)
    else:
        with dask_client(workers) as client:
            client.run(_warm)
            before = _descendants_cpu()
            with threads_sampled() as parts:
                scheduler = client.scheduler_info()["address"]
                report = ingest_paths([corpus], config=config, scheduler=scheduler)
            row["workers_cpu"] = _descendants_cpu() - before
    return row | {
        "seconds": report.seconds,
        "model": report.model_seconds,
        "stored": len(report.stored),
        "parts": parts,
    }


def child_load(ingested: Path, ceiling: int) -> Row:
    """The ingested graphs loaded into a fresh store in the writer's batches at `ceiling`."""
    kg.ingest.writer.CEILING = ceiling
    files = sorted(ingested.glob("*.nq"))
    with tempfile.TemporaryDirectory(dir=ingested.parent) as scratch:
        store = OxigraphStore(Path(scratch) / "store")
        started, cpu = time.perf_counter(), _cpu()
        batches = load_in_batches(store, files)
        row = {"ceiling": ceiling, "graphs": len(files), "batches": batches, "quads": len(store)}
        row |= {"seconds": time.perf_counter() - started, "cpu": _cpu() - cpu}
        store.close()
    return row | {"rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _run_child(corpus: Path, build: Path, workers: int, what_if: bool) -> Row:
    shutil.rmtree(build, ignore_errors=True)
    state = "what-if" if what_if else "as-is"
    return child_row("bench.cpu_budget", "--child", str(corpus), str(build), str(workers), state)


@dataclasses.dataclass(frozen=True)
class Budget:
    """A single run and a Dask run over the same corpus, as `measure` found them."""

    articles: int
    cores: int
    single: Row
    dask: Row

    @property
    def dask_cpu(self) -> float:
        return float(self.dask["parts"]["total"] + self.dask["workers_cpu"])

    @property
    def floor(self) -> float:
        """The Dask run's wall time if every core were busy all along."""
        return self.dask_cpu / self.cores

    @property
    def speedup(self) -> float:
        return float(self.single["seconds"] / self.dask["seconds"])

    @property
    def best_speedup(self) -> float:
        return float(self.single["seconds"] / self.floor)


@dataclasses.dataclass(frozen=True)
class Measured:
    budgets: list[Budget]
    loads: list[Row]  # the single run's graphs loaded again, one row per batch ceiling


def measure(
    articles: int, workers: int, what_if: bool = False, ceilings: Sequence[int] = ()
) -> Measured:
    """The run as it is (and with `what_if`, the store without the merged default graph), then
    its graphs loaded again at each batch ceiling."""
    cores = len(os.sched_getaffinity(0))
    budgets, loads = [], []
    with tempfile.TemporaryDirectory(prefix="kg-cpu-") as folder:
        corpus = Path(folder) / "corpus"
        write_corpus(corpus, articles)
        for changed in [False, True] if what_if else [False]:
            single = _run_child(corpus, Path(folder) / "single", 0, changed)
            dask = _run_child(corpus, Path(folder) / "dask", workers, changed)
            budgets.append(Budget(articles, cores, single, dask))
        ingested = Path(folder) / "single" / "ingested"
        loads = [
            child_row("bench.cpu_budget", "--child-load", str(ingested), str(c)) for c in ceilings
        ]
    return Measured(budgets, loads)


def _parts(parts: dict[str, float]) -> str:
    shown = ("main", "writer", "rocksdb", "dask", "other", "unseen")
    return ", ".join(f"{kind} {parts.get(kind, 0.0):.1f}" for kind in shown)


def report_lines(measured: Measured, workers: int) -> list[str]:
    lines = []
    for b in measured.budgets:
        single, dask = b.single, b.dask
        spacy_wall, spacy_cpu = single["spacy"]
        what = "store without the merged default graph" if single["what_if"] else "as it is"
        lines += [
            f"{b.articles} articles, {b.cores} cores, {what}:",
            f"  spaCy alone {spacy_wall:.2f} s ({spacy_cpu:.2f} s CPU); single {single['seconds']:.2f}"
            f" s ({spacy_wall / single['seconds']:.2f}x spaCy; the model {single['model']:.2f} s"
            f" of it), CPU {single['parts']['total']:.1f} s: {_parts(single['parts'])}",
            f"  Dask {workers} workers {dask['seconds']:.2f} s ({b.speedup:.2f}x single; the model"
            f" {dask['model']:.2f} s summed on the workers), CPU {b.dask_cpu:.1f} s: workers and"
            f" nannies {dask['workers_cpu']:.1f}, ingest process {dask['parts']['total']:.1f}"
            f" ({_parts(dask['parts'])})",
            f"  floor {b.floor:.2f} s (CPU / cores): at most {b.best_speedup:.2f}x single",
        ]
    for load in measured.loads:
        lines.append(
            f"{load['graphs']} graphs ({load['quads']:,} quads) in the writer's batches, ceiling "
            f"{load['ceiling']}: {load['batches']} batches, {load['seconds']:.1f} s, CPU "
            f"{load['cpu']:.1f} s, peak RSS {load['rss']:.0f} MiB"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--what-if", action="store_true", help="also without the merged default")
    parser.add_argument("--ceilings", default="", help="batch ceilings to load the graphs at")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--child-load", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        corpus, build, workers, what_if = args.child
        print(json.dumps(child(Path(corpus), Path(build), int(workers), what_if == "what-if")))
        return 0
    if args.child_load:
        print(json.dumps(child_load(Path(args.child_load[0]), int(args.child_load[1]))))
        return 0
    ceilings = [int(c) for c in args.ceilings.split(",") if c]
    measured = measure(args.articles, args.workers, args.what_if, ceilings)
    print("\n".join(report_lines(measured, args.workers)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
