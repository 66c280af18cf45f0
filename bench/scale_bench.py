"""Ingest at scale: throughput single-process and on Dask, model share, RSS, store load, queries.

Run: .venv/bin/python -m bench.scale_bench [--sizes 100,1000] [--workers 2] [--repeat 3,1]
[--no-readme]

For each size, a synthetic corpus (bench.corpus) is written and ingested into a fresh build
folder, every measurement in its own process so peak RSS is that run's: `kg ingest`
single-process with spaCy alone over the paragraphs the extractor feeds it (the limit of this
design) just before and after it in the same process (on a shared machine the load changes
between processes; within one run the two see the same machine),
`kg ingest` on a LocalCluster of N workers (peak RSS of the busiest worker: the per-document
step), a re-run on the unchanged corpus (is the model loaded at all?), loading the ingested
graphs into a fresh embedded store in the writer's batches vs one `bulk_load`, and the named
queries' latency on the result, and the measures found against those the corpus was written
with (bench.corpus.score: type, imposer, target and date all equal). The table goes to
bench/README.md (section kg-scale-bench).

On a shared machine the speed moves by 10-20% from one minute to the next, so the two ratios
are paired: each single run against spaCy alone in its own process, each Dask run against the
single run just before it. With `--repeat` (one count, or one per size: small corpora are cheap
to repeat) single and Dask runs alternate, the ratio columns show the median of the paired
ratios, and every pair is listed under the table.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bench.corpus import score, write_corpus
from kg.config import settings
from kg.eval.readme import write_section
from kg.extract.model import load_model
from kg.extract.sentences import model_text, paragraphs
from kg.ingest.cluster import dask_client
from kg.ingest.run import ingest_paths
from kg.ingest.writer import BATCH, batch_limit
from kg.iris import graph_iri
from kg.query.library import list_queries
from kg.sources.collect import collect
from kg.sources.readers import read_article
from kg.store import OxigraphStore

Row = dict[str, Any]


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _texts(corpus: Path) -> list[list[str]]:
    found, _ = collect([corpus])
    docs = [read_article(f.path) for f in found]
    return [[model_text(d.text[p.start : p.end]) for p in paragraphs(d)] for d in docs]


def _spacy_alone(texts: list[list[str]]) -> tuple[float, float]:
    """Wall and CPU seconds of the model alone over the paragraphs, in the extractor's calls."""
    nlp = load_model()
    list(nlp.pipe(texts[0]))  # warm up
    started, cpu = time.perf_counter(), time.process_time()
    for doc_texts in texts:
        list(nlp.pipe(doc_texts, batch_size=32))
    return time.perf_counter() - started, time.process_time() - cpu


def child_spacy(corpus: Path) -> Row:
    seconds, cpu = _spacy_alone(_texts(corpus))
    return {"seconds": seconds, "cpu": cpu, "rss": _rss_mib()}


def _warm() -> float:
    """Load the model (on a worker: in its process) and say how long it took."""
    started = time.perf_counter()
    load_model()
    return time.perf_counter() - started


def _worker_rss() -> float:
    return _rss_mib()


def child_ingest(corpus: Path, build: Path, workers: int, warm: bool) -> Row:
    """One ingest run; with `warm`, the model is loaded first and timed apart."""
    config = dataclasses.replace(settings(), build_dir=build, store=f"oxigraph:{build / 'store'}")
    if not workers and warm:  # spaCy alone just before and just after, in this process
        load = _warm()
        texts = _texts(corpus)
        before = _spacy_alone(texts)
        cpu = time.process_time()
        report = ingest_paths([corpus], config=config)
        cpu = time.process_time() - cpu
        rss = _rss_mib()
        after = _spacy_alone(texts)
        spacy = {"seconds": (before[0] + after[0]) / 2, "cpu": (before[1] + after[1]) / 2}
        return _row(report, rss, load, True) | {"cpu": cpu, "spacy": spacy}
    if not workers:
        report = ingest_paths([corpus], config=config)
        return _row(report, _rss_mib(), 0.0, load_model.cache_info().currsize > 0)
    started = time.perf_counter()
    with dask_client(workers) as client:
        load = max(client.run(_warm).values()) if warm else 0.0
        start = time.perf_counter() - started
        report = ingest_paths([corpus], config=config, scheduler=client.scheduler_info()["address"])
        rss = client.run(_worker_rss)
    row = _row(report, max(rss.values()), load, load_model.cache_info().currsize > 0)
    return row | {"client_rss": _rss_mib(), "cluster_start": start}


def _row(report: Any, rss: float, load: float, model_loaded: bool) -> Row:
    return {
        "seconds": report.seconds,
        "model": report.model_seconds,
        "stored": len(report.stored),
        "unchanged": len(report.unchanged),
        "failed": len(report.failed),
        "rss": rss,
        "model_load": load,
        "model_loaded": model_loaded,
    }


def child_row(module: str, *args: str) -> Row:
    """`python -m module args` in a process of its own: the JSON row its last line prints."""
    command = [sys.executable, "-m", module, *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    row: Row = json.loads(done.stdout.strip().splitlines()[-1])
    return row


def _child(*args: str) -> Row:
    load = os.getloadavg()[0]
    return child_row("bench.scale_bench", "--child", *args) | {"load": load}


def writer_batches(files: list[Path]) -> Iterator[list[Path]]:
    """The files in the ingest writer's batches: growing with the store, then shrinking with the
    documents left (kg.ingest.writer.batch_limit, with its CEILING as it is when called)."""
    at = 0
    while at < len(files):
        size = 1
        while at + size < len(files) and size < batch_limit(BATCH, at, len(files) - at - size):
            size += 1
        yield files[at : at + size]
        at += size


def load_in_batches(store: OxigraphStore, files: list[Path]) -> int:
    """Load the ingested graphs' files into `store` as the writer does; the batches' count."""
    batches = 0
    for chunk in writer_batches(files):
        store.replace_parts([(str(graph_iri(f.stem)), f.read_bytes()) for f in chunk])
        batches += 1
    store.compact(force=True)  # as `kg ingest` does after a run that added this much
    return batches


def store_load(build: Path) -> tuple[float, float]:
    """Seconds to load the ingested graphs into a fresh store: writer batches vs bulk_load."""
    files = sorted((build / "ingested").glob("*.nq"))
    with tempfile.TemporaryDirectory(dir=build) as scratch:
        store = OxigraphStore(Path(scratch) / "batches")
        started = time.perf_counter()
        load_in_batches(store, files)
        batches = time.perf_counter() - started
        store.close()
        raw = ox.Store(str(Path(scratch) / "bulk"))
        started = time.perf_counter()
        raw.bulk_load(b"".join(f.read_bytes() for f in files), format=ox.RdfFormat.N_QUADS)
        raw.flush()
        bulk = time.perf_counter() - started
    return batches, bulk


def query_latency(build: Path) -> tuple[float, float, str]:
    """Median and slowest of the median of 3 runs of every named query without parameters, and
    the slowest one's name."""
    store = OxigraphStore(build / "store", read_only=True)
    times, names = [], []
    for query in list_queries():
        if query.params:
            continue
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            store.query(query.text)
            runs.append(time.perf_counter() - started)
        times.append(statistics.median(runs))
        names.append(query.name)
    store.close()
    return statistics.median(times), max(times), names[times.index(max(times))]


def measure(size: int, workers: int, folder: Path, repeat: int = 1) -> Row:
    """One row; with `repeat`, single and Dask runs alternate that many times (the median of
    each is shown, every run is kept)."""
    corpus = folder / f"corpus-{size}"
    truth = write_corpus(corpus, size)
    words = sum(len(p.split()) for t in _texts(corpus) for p in t)
    singles, dasks = [], []
    for _ in range(repeat):
        for name in (f"single-{size}", f"dask-{size}"):
            shutil.rmtree(folder / name, ignore_errors=True)
        singles.append(_child("ingest", str(corpus), str(folder / f"single-{size}"), "0", "warm"))
        dask_build = str(folder / f"dask-{size}")
        dasks.append(_child("ingest", str(corpus), dask_build, str(workers), "warm"))
    single = sorted(singles, key=lambda r: r["seconds"])[(repeat - 1) // 2]
    dask = sorted(dasks, key=lambda r: r["seconds"])[(repeat - 1) // 2]
    rerun = _child("ingest", str(corpus), str(folder / f"single-{size}"), "0", "cold")
    batches, bulk = store_load(folder / f"single-{size}")
    median_q, slowest_q, slowest_name = query_latency(folder / f"single-{size}")
    store = OxigraphStore(folder / f"single-{size}" / "store", read_only=True)
    quality = score(store.raw, truth)
    store.close()
    return {
        "size": size, "words": words, "spacy": single["spacy"], "single": single,
        "rerun": rerun, "dask": dask, "batches": batches, "bulk": bulk, "q_median": median_q,
        "q_max": slowest_q, "q_slowest": slowest_name, "quality": quality, "singles": singles, "dasks": dasks,
    }  # fmt: skip


def paired_ratios(row: Row) -> tuple[list[float], list[float]]:
    """Per run: single vs spaCy alone (in its own process), Dask vs the single run before it."""
    versus_spacy = [run["spacy"]["seconds"] / run["seconds"] for run in row["singles"]]
    versus_single = [
        single["seconds"] / dask["seconds"]
        for single, dask in zip(row["singles"], row["dasks"], strict=True)
    ]
    return versus_spacy, versus_single


def repeats(text: str, sizes: list[int]) -> list[int]:
    """`--repeat`: one count for every size, or one per size."""
    counts = [int(c) for c in text.split(",")]
    if len(counts) == 1:
        return counts * len(sizes)
    if len(counts) != len(sizes) or min(counts) < 1:
        raise SystemExit(f"--repeat {text}: give one count, or one (at least 1) per size")
    return counts


def table(rows: list[Row], workers: int, before: tuple[float, ...]) -> list[str]:
    after = os.getloadavg()
    lines = [
        "## Ingest at scale (`python -m bench.scale_bench`)",
        "",
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; 1-minute load average "
        f"{before[0]:.1f} before the run, {after[0]:.1f} after (shared machine: other processes ran "
        "meanwhile). Synthetic articles (bench/corpus.py, seed 20). "
        "Seconds are whole `ingest_paths` runs with the model already loaded (its load, and "
        "the Dask cluster's start, are given apart); spaCy = the model alone over the same "
        "paragraphs, in the same pipe calls, in the single run's process just before and just "
        "after it (their mean; CPU: process CPU seconds, the ingest's including its store-writer "
        "thread). With several runs, `vs spaCy` and `vs single` are the median of the runs' "
        "paired ratios (each single run against its own spaCy, each Dask run against the "
        "single run just before it), the rest is the median single run's and Dask run's. "
        "Load: the 1-minute load average as each run started. Peak RSS: the ingest process (single) and the "
        "largest worker (Dask). Re-run: the unchanged corpus again, from a cold process.",
        "",
        f"| articles | words | spaCy words/s | single words/s | vs spaCy | vs spaCy, CPU | "
        f"outside the model | Dask {workers} workers words/s | vs single | load single / Dask | "
        f"model load / cluster start s | peak RSS single / worker MiB | re-run s (share; model "
        f"loaded?) | store load batches / bulk_load s | named queries median / max ms | "
        f"measures P / R |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    runs = []
    for r in rows:
        s, d, re, w = r["single"], r["dask"], r["rerun"], r["words"]
        versus_spacy, versus_single = paired_ratios(r)
        spacy_wps, single_wps, dask_wps = (
            w / r["spacy"]["seconds"],
            w / s["seconds"],
            w / d["seconds"],
        )
        lines.append(
            f"| {r['size']:,} | {w:,} | {spacy_wps:,.0f} | {single_wps:,.0f} | "
            f"{statistics.median(versus_spacy):.2f} | {r['spacy']['cpu'] / s['cpu']:.2f} | "
            f"{(s['seconds'] - s['model']) / s['seconds']:.0%} | "
            f"{dask_wps:,.0f} | {statistics.median(versus_single):.2f} | "
            f"{s['load']:.1f} / {d['load']:.1f} | "
            f"{s['model_load']:.1f} / {d['cluster_start']:.1f} | "
            f"{s['rss']:.0f} / {d['rss']:.0f} | {re['seconds']:.2f} "
            f"({re['seconds'] / s['seconds']:.1%}; {'yes' if re['model_loaded'] else 'no'}) | "
            f"{r['batches']:.2f} / {r['bulk']:.2f} | {r['q_median'] * 1000:.0f} / "
            f"{r['q_max'] * 1000:.0f} | {r['quality']['precision']:.2f} / "
            f"{r['quality']['recall']:.2f} |"
        )
        pairs = [f"{a:.2f} / {b:.2f}" for a, b in zip(versus_spacy, versus_single, strict=True)]
        runs.append(f"{r['size']:,}: {', '.join(pairs)}")
    lines += ["", "Slowest named query: " + "; ".join(
        f"{r['size']:,}: `{r['q_slowest']}`" for r in rows) + "."]  # fmt: skip
    if any(len(r["singles"]) > 1 for r in rows):
        lines += ["", "Every run (single vs spaCy / Dask vs single): " + "; ".join(runs) + "."]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated article counts")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--repeat", default="1", help="single and Dask runs per size: N, or N1,N2,... per size"
    )
    parser.add_argument("--no-readme", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        row = (
            child_spacy(Path(rest[0]))
            if kind == "spacy"
            else child_ingest(Path(rest[0]), Path(rest[1]), int(rest[2]), rest[3] == "warm")
        )
        print(json.dumps(row))
        return
    rows, before = [], os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="kg-scale-") as folder:
        sizes = [int(s) for s in args.sizes.split(",")]
        for size, repeat in zip(sizes, repeats(args.repeat, sizes), strict=True):
            rows.append(measure(size, args.workers, Path(folder), repeat))
            print(json.dumps(rows[-1]), flush=True)
    lines = table(rows, args.workers, before)
    print("\n".join(lines))
    if not args.no_readme:
        print(f"recorded in {write_section('kg-scale-bench', chr(10).join(lines))}")


if __name__ == "__main__":
    main()
