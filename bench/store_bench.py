"""Stores benchmark: load time and named-query latency, rdflib vs the embedded default vs raw pyoxigraph.

    .venv/bin/python -m bench.store_bench                 # 100k and 1M quads, writes bench/README.md
    .venv/bin/python -m bench.store_bench --sizes 100k --no-readme

Graphs come from bench.synthetic (copies of our own build). rdflib runs in a process of its own;
the embedded default and raw pyoxigraph share another, where their loads (three each) and query
runs alternate, so that the noise of a shared 2-core machine falls on both alike. Every named
query of queries/ is run once to warm up, then RUNS times; the median is kept (one run only when
a query takes over 5 s). Results are converted to Python values by every engine (rdflib terms to
str, pyoxigraph terms to .value, ours to Terms).

- rdflib: `Dataset(default_union=True)`, its own SPARQL engine; a query run past CAP_S seconds is
  stopped and reported as such (pyoxigraph queries are never stopped: both must finish).
- embedded: what the project runs, `kg.open_store("oxigraph:DIR")` + `kg.load`, then
  `store.query(text)` with the named query's text (the guard, the time limit and the row cap
  included; `kg.run_named` adds reading the .rq file, 0.1-0.4 ms, outside the store).
- raw: pyoxigraph called directly on disk, making the same store (the named graphs and their
  merge in the default graph, by the fastest calls we found) and querying it directly.
- raw, named graphs only: `bulk_load` alone, for scale: what the merged default graph costs.

"raw" repeats the project's own merge, so its load time is about ours by construction, and the
embedded default and raw share one process, so their peak RSS is one figure. The honest load
comparison (both load paths, `kg load` and `kg build`'s store step, against a plain `bulk_load`,
each run in a process of its own with its own peak RSS) is bench/store_loads.py.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from bench.store_report import write_section
from bench.synthetic import real_graph, write_synthetic

__all__ = ["main", "run_oxigraph", "run_rdflib", "time_query"]

SIZES = {"100k": 100_000, "1M": 1_000_000}
ENGINES = ("rdflib", "oxigraph")  # "oxigraph": the embedded default and raw pyoxigraph
RUNS = 5
CAP_S = 120.0
SLOW_S = 5.0
BUDGET_S = 300.0  # per query, both engines, at one size
ENGINE_PAIR = ("embedded", "raw")
BATCH_S = 0.2


Loader = Callable[[Path, Path], tuple[Callable[[str, str], int], float]]


def _rdflib(data: Path, folder: Path) -> tuple[Callable[[str, str], int], float]:
    from rdflib import Dataset

    started = time.perf_counter()
    dataset = Dataset(default_union=True)
    dataset.parse(str(data), format="nquads")
    loaded = time.perf_counter() - started

    def query(name: str, text: str) -> int:
        answer = dataset.query(text)  # SELECT only: each row is a ResultRow
        rows = [tuple(None if v is None else str(v) for v in row) for row in answer]  # type: ignore[union-attr]
        return len(rows)

    return query, loaded


def _embedded(data: Path, folder: Path) -> tuple[Callable[[str, str], int], float]:
    import kg

    started = time.perf_counter()
    store = kg.open_store(f"oxigraph:{folder / 'store'}", read_only=False)
    kg.load(store, data)
    loaded = time.perf_counter() - started

    def query(name: str, text: str) -> int:
        return len(store.query(text, timeout_s=3600).rows)  # the deadline machinery, not a stop

    return query, loaded


def _raw(data: Path, folder: Path, merge: bool = True) -> tuple[Callable[[str, str], int], float]:
    started = time.perf_counter()
    store = ox.Store(str(folder / "raw"))
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    if merge:  # the default graph as the merge of the named graphs, natively
        with open(folder / "merged.nt", "wb") as merged:
            for graph in store.named_graphs():
                store.dump(merged, format=ox.RdfFormat.N_TRIPLES, from_graph=graph)
        store.bulk_load(path=str(folder / "merged.nt"), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    loaded = time.perf_counter() - started

    def query(name: str, text: str) -> int:
        answer = store.query(text)  # SELECT only: QuerySolutions
        rows = [tuple(None if t is None else t.value for t in row) for row in answer]  # type: ignore[union-attr]
        return len(rows)

    return query, loaded


class _Capped(Exception):
    pass


def _on_alarm(signum: int, frame: object) -> None:
    raise _Capped


def _timed(
    query: Callable[[str, str], int], name: str, text: str, cap_s: float | None, repeat: int = 1
) -> tuple[float, int]:
    """Seconds per run (the mean of `repeat` back-to-back runs) and the rows of the answer."""
    signal.setitimer(signal.ITIMER_REAL, cap_s * repeat if cap_s else 0)
    try:
        started = time.perf_counter()
        rows = 0
        for _ in range(repeat):
            rows = query(name, text)
        return (time.perf_counter() - started) / repeat, rows
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _batch(seconds: float) -> int:
    """Runs per timed batch: a query under BATCH_S is timed over back-to-back runs lasting about
    BATCH_S, since one run of a 2 ms query is at the mercy of a hiccup of a shared machine."""
    return max(1, min(100, int(BATCH_S / max(seconds, 1e-6))))


def run_rdflib(data: Path, runs: int = RUNS, cap_s: float = CAP_S) -> dict[str, Any]:
    """rdflib alone: load, then each named query (once only when slower than SLOW_S)."""
    signal.signal(signal.SIGALRM, _on_alarm)
    with tempfile.TemporaryDirectory(prefix="bench-rdflib-") as folder:
        query, loaded = _rdflib(data, Path(folder))
        result: dict[str, Any] = {"rdflib": {"load_s": loaded, "queries": {}}}
        for named in _named_queries():
            entry: dict[str, Any] = {}
            try:
                first, entry["rows"] = _timed(query, named.name, named.text, cap_s)
                times = [first]
                entry["once"] = first > SLOW_S  # too slow to repeat
                if first <= SLOW_S:
                    repeat = _batch(first)
                    times = [
                        _timed(query, named.name, named.text, cap_s, repeat)[0] for _ in range(runs)
                    ]
                entry.update(median_s=statistics.median(times), runs=len(times))
            except _Capped:
                entry.update(median_s=None, runs=0, capped_s=cap_s)
            except Exception as error:  # rdflib's engine fails on some of our queries: record it
                entry.update(median_s=None, runs=0, error=type(error).__name__)
            result["rdflib"]["queries"][named.name] = entry
        result["rdflib"]["peak_rss_mib"] = _rss()
    return result


def run_oxigraph(
    data: Path,
    runs: int = RUNS,
    budget_s: float = BUDGET_S,
    checkpoint: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """The embedded default and raw pyoxigraph side by side: loads alternate (three each, the
    median kept), then each query is timed on both stores in turn (ABBA) in a child process that
    is stopped after `budget_s` seconds, so that the noise of this machine falls on both alike."""
    signal.signal(signal.SIGALRM, _on_alarm)
    engines: dict[str, Loader] = {"embedded": _embedded, "raw": _raw}
    result: dict[str, Any] = {name: {"queries": {}} for name in engines}
    with tempfile.TemporaryDirectory(prefix="bench-oxigraph-") as folder:
        base = Path(folder)
        loads: dict[str, list[float]] = {name: [] for name in [*engines, "raw-named-only"]}
        queries: dict[str, Callable[[str, str], int]] = {}
        for round_ in range(3):
            order = ["raw-named-only", "raw", "embedded"]
            for name in order if round_ % 2 else order[::-1]:
                where = base / f"{name}-{round_}"
                where.mkdir()
                if name == "raw-named-only":
                    _, seconds = _raw(data, where, merge=False)
                else:
                    queries[name], seconds = engines[name](data, where)
                loads[name].append(seconds)
        for name, load_times in loads.items():
            result.setdefault(name, {})["load_s"] = statistics.median(load_times)
        queries.clear()  # close them: each query is timed in a process of its own (below)
        embedded, raw = base / "embedded-2" / "store", base / "raw-2" / "raw"
        for named in _named_queries():
            result_of = _in_child(named.name, embedded, raw, runs, budget_s)
            for name, entry in result_of.items():
                result[name]["queries"][named.name] = entry
            if checkpoint is not None:
                checkpoint(result)  # a long run killed midway keeps what it measured
    for name in result:
        result[name]["peak_rss_mib"] = _rss()
    return result


def _in_child(
    name: str, embedded: Path, raw: Path, runs: int, budget_s: float
) -> dict[str, dict[str, Any]]:
    """Time one query on both stores in a child process, stopped after `budget_s` seconds:
    pyoxigraph cannot stop a query, a process can be."""
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        command = [sys.executable, "-m", "bench.store_bench", "--time-query", name]
        command += [str(embedded), str(raw), out.name, "--runs", str(runs)]
        try:
            subprocess.run(command, check=True, timeout=budget_s)
        except subprocess.TimeoutExpired:
            return {e: {"median_s": None, "runs": 0, "capped_s": budget_s} for e in ENGINE_PAIR}
        return json.loads(Path(out.name).read_text())  # type: ignore[no-any-return]


def time_query(name: str, embedded: Path, raw: Path, runs: int) -> dict[str, dict[str, Any]]:
    """Both stores opened read-only, as built by `run_oxigraph`; the query timed on each."""
    import kg
    from kg.query import find_query

    ours = kg.open_store(f"oxigraph:{embedded}", read_only=True)
    theirs = ox.Store.read_only(str(raw))

    def on_ours(query_name: str, text: str) -> int:
        return len(ours.query(text, timeout_s=3600).rows)  # guard, deadline and row cap included

    def on_raw(query_name: str, text: str) -> int:
        answer = theirs.query(text)  # SELECT only: QuerySolutions
        rows = [tuple(None if t is None else t.value for t in row) for row in answer]  # type: ignore[union-attr]
        return len(rows)

    text = find_query(name).text
    return _interleaved({"embedded": on_ours, "raw": on_raw}, name, text, runs, None)


def _interleaved(
    queries: dict[str, Callable[[str, str], int]],
    name: str,
    text: str,
    runs: int,
    cap_s: float | None,
) -> dict[str, dict[str, Any]]:
    """Time one query on each engine: a warm-up each, then `runs` rounds in ABBA order."""
    engines = list(queries)
    times: dict[str, list[float]] = {engine: [] for engine in engines}
    rows: dict[str, int] = {}
    try:
        warm = {}
        for engine in engines:
            warm[engine], rows[engine] = _timed(queries[engine], name, text, cap_s)
        if max(warm.values()) > SLOW_S:  # too slow to repeat: the one run each
            times = {engine: [seconds] for engine, seconds in warm.items()}
        else:
            repeat = _batch(min(warm.values()))
            for attempt in range(runs):
                for engine in engines if attempt % 2 else engines[::-1]:
                    seconds, rows[engine] = _timed(queries[engine], name, text, cap_s, repeat)
                    times[engine].append(seconds)
    except _Capped:
        return {e: {"median_s": None, "runs": 0, "capped_s": cap_s} for e in engines}
    return {
        engine: {
            "median_s": statistics.median(times[engine]),
            "runs": len(times[engine]),
            "rows": rows[engine],
        }
        for engine in engines
    }


def _named_queries() -> list[Any]:
    """The named queries to time: all of queries/, or those listed by --queries (passed on to
    the worker processes as KG_BENCH_QUERIES)."""
    from kg.query import list_queries

    wanted = os.environ.get("KG_BENCH_QUERIES", "")
    return [q for q in list_queries() if not wanted or q.name in wanted.split(",")]


def _rss() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker(engine: str, data: Path, out: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Run `run_rdflib` or `run_oxigraph` in a process of its own and read back its results."""
    command = [sys.executable, "-m", "bench.store_bench", "--worker", engine, str(data), str(out)]
    command += ["--runs", str(args.runs), "--cap", str(args.cap), "--budget", str(args.budget)]
    env = {**os.environ, "KG_BENCH_QUERIES": args.queries or ""}
    subprocess.run(command, check=True, env=env)
    return json.loads(out.read_text())  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.store_bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--sizes", default="100k,1M", help="comma-separated: 100k, 1M or numbers")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument(
        "--cap", type=float, default=CAP_S, help="seconds before an rdflib query is stopped"
    )
    parser.add_argument("--readme", type=Path, default=Path(__file__).parent / "README.md")
    parser.add_argument("--no-readme", action="store_true")
    parser.add_argument("--workdir", type=Path, default=None, help="where graphs and results go")
    parser.add_argument("--render", type=Path, help="only write the section from a results.json")
    parser.add_argument(
        "--budget", type=float, default=BUDGET_S, help="seconds per pyoxigraph query, both engines"
    )
    parser.add_argument(
        "--worker", nargs=3, metavar=("ENGINE", "DATA", "OUT"), help=argparse.SUPPRESS
    )
    parser.add_argument("--queries", help="comma-separated names of queries/ (default: all)")
    parser.add_argument("--time-query", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        engine, data, out = args.worker

        def save(result: dict[str, Any]) -> None:
            Path(out).write_text(json.dumps(result))

        if engine == "rdflib":
            save(run_rdflib(Path(data), args.runs, args.cap))
        else:
            save(run_oxigraph(Path(data), args.runs, args.budget, checkpoint=save))
        return 0
    if args.time_query:
        name, embedded, raw, out = args.time_query
        timed = time_query(name, Path(embedded), Path(raw), args.runs)
        Path(out).write_text(json.dumps(timed))
        return 0
    # --render: the section again, from the results.json of an earlier run
    results = json.loads(args.render.read_text()) if args.render else _measure(args)
    context = f"{platform.machine()}, {_cpus()} cores, Python {platform.python_version()}, pyoxigraph {ox.__version__}"
    section = write_section(None if args.no_readme else args.readme, results, context, args.runs)
    print(section)
    return 0


def _measure(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    seed = real_graph()
    results: dict[str, dict[str, Any]] = {}
    for size in args.sizes.split(","):
        data = workdir / f"synthetic-{size}.nq"
        quads = write_synthetic(data, _size(size), seed)
        results[size] = {"quads": quads, "engines": {}}
        for engine in args.engines.split(","):
            print(f"{size}: {engine} ...", file=sys.stderr, flush=True)
            out = workdir / f"{size}-{engine}.json"
            results[size]["engines"].update(_worker(engine, data, out, args))
    (workdir / "results.json").write_text(json.dumps(results, indent=1))
    return results


def _size(text: str) -> int:
    """'100k', '1M' or a number of quads."""
    if text in SIZES:
        return SIZES[text]
    try:
        return int(text)
    except ValueError:
        raise SystemExit(
            f"--sizes: {text!r} is not one of {', '.join(SIZES)} nor a number"
        ) from None


def _cpus() -> int:
    return len(os.sched_getaffinity(0))


if __name__ == "__main__":
    raise SystemExit(main())
