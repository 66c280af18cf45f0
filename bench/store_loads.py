"""Load paths against a plain pyoxigraph `bulk_load` of the same file, each run in its own process.

    .venv/bin/python -m bench.store_loads                    # 100k and 1M quads, 3 runs each
    .venv/bin/python -m bench.store_loads --sizes 100k --runs 5

The baseline is what pyoxigraph does with the file and nothing else: `Store(dir).bulk_load(nq)`,
named graphs only. Against it:

- `kg load`: `open_store("oxigraph:DIR", read_only=False)` + `kg.load`, the versioned switch
  (bulk_load into a new version, copy the graphs the file does not replace, merge the named graphs
  into the default graph, switch the link);
- `kg build`: the store step of `kg build` (kg.build.output._load_version: bulk_load of the built
  bytes, then the merged default graph by `bulk_extend`).

Both project paths add the merged default graph (kg.store.base.MERGE_DEFAULT_GRAPH): every triple
once in the default graph, which is what made queries without GRAPH 17-26x faster than a union
over the named graphs (bench/README.md, "Stores"). Each run is a fresh process, so its peak RSS
(ru_maxrss) is that path's alone; runs of the paths alternate, the median is kept. The target:
each path within 1.5x of the plain bulk_load. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

TARGET = 1.5
PATHS = ("bulk_load", "kg load", "kg build")
SIZES = {"100k": 100_000, "1M": 1_000_000}


def _one(path: str, data: Path, folder: Path) -> float:
    """Seconds for one load by `path` into a new store under `folder`."""
    if path == "bulk_load":
        started = time.perf_counter()
        store = ox.Store(str(folder / "plain"))
        store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
        store.flush()
        return time.perf_counter() - started
    if path == "kg load":
        from kg.store import load, open_store

        started = time.perf_counter()
        load(open_store(f"oxigraph:{folder / 'store'}", read_only=False), data)
        return time.perf_counter() - started
    from kg.build.output import _load_version  # the store step of kg build, alone

    nquads = data.read_bytes()  # kg build holds the built graph in memory: not timed
    started = time.perf_counter()
    _load_version(nquads, folder / "store")
    return time.perf_counter() - started


def _child(path: str, data: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="kg-load-") as folder:
        seconds = _one(path, data, Path(folder))
    return {"s": seconds, "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _measure(data: Path, runs: int) -> dict[str, list[dict[str, float]]]:
    results: dict[str, list[dict[str, float]]] = {p: [] for p in PATHS}
    for attempt in range(runs):
        for path in PATHS if attempt % 2 == 0 else PATHS[::-1]:
            command = [sys.executable, "-m", "bench.store_loads", "--child", path, str(data)]
            done = subprocess.run(command, check=True, capture_output=True, text=True)
            results[path].append(json.loads(done.stdout))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1M")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child[0], Path(args.child[1]))))
        return
    from bench.synthetic import real_graph, write_synthetic

    seed = real_graph()
    print("| quads | path | load (median) | x plain bulk_load | peak RSS | within 1.5x |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="kg-loads-") as work:
        for size in args.sizes.split(","):
            data = Path(work) / f"{size}.nq"
            quads = write_synthetic(data, SIZES.get(size) or int(size), seed)
            results = _measure(data, args.runs)
            base = statistics.median(r["s"] for r in results["bulk_load"])
            for path in PATHS:
                seconds = statistics.median(r["s"] for r in results[path])
                rss = statistics.median(r["rss_mib"] for r in results[path])
                ratio = seconds / base
                ok = "—" if path == "bulk_load" else ("yes" if ratio <= TARGET else "**no**")
                print(
                    f"| {quads:,} | {path} | {seconds:.2f} s | {ratio:.2f}x | {rss:.0f} MiB | {ok} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
