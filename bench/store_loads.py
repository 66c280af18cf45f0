"""Load and write paths against a plain pyoxigraph `bulk_load` of the same file, each run in its
own process.

    .venv/bin/python -m bench.store_loads                    # loads at 100k and 1M, 3 runs each
    .venv/bin/python -m bench.store_loads --sizes 100k --runs 5
    .venv/bin/python -m bench.store_loads --writer 100k      # the ingest writer's path (issue 20)
    .venv/bin/python -m bench.store_loads --union 100k       # what the merged default graph buys

The baseline is what pyoxigraph does with the file and nothing else: `Store(dir).bulk_load(nq)`,
named graphs only. Against it, both project paths, which also write the merged default graph
(kg.store.base.MERGE_DEFAULT_GRAPH):

- `kg load`: `open_store("oxigraph:DIR", read_only=False)` + `kg.load` (a new version written by
  kg.store.merged, switched in);
- `kg build`: the store step of `kg build` (kg.build.output._load_version);
- `... (before)`: the same two steps as they were before kg.store.merged (bulk load, then the
  merge by a second bulk load of N-Triples dumps, or by `bulk_extend` of Python quads), kept here
  so that before and after run on the same machine at the same time.

Each run is a fresh process, so its peak RSS (ru_maxrss) is its own; runs of the paths alternate
and the median is kept. Seconds are wall time; CPU is user + system time of the process (all its
threads) over the same span: on a shared 2-core machine the wall time depends on what else runs,
the CPU time much less. The target: each path within 1.5x of the plain bulk_load.

`--writer` times the ingest writer's path: the file's graphs written in batches of 32 graphs, each
one `OxigraphStore.replace_graphs` transaction (new graphs, then every batch again with a tenth of
its quads changed), against the SPARQL update it replaced and a plain bulk_load of the same file.
`--union` runs the named queries on a store with the merge and, with pyoxigraph's
`use_default_graph_as_union`, on one without it: times and whether the answers are the same.
"""

from __future__ import annotations

import argparse
import collections
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

TARGET = 1.5
PATHS = ("bulk_load", "kg load", "kg build", "kg load (before)", "kg build (before)")
WRITERS = ("bulk_load", "writer", "writer (before)")
SIZES = {"100k": 100_000, "1M": 1_000_000}
BATCH = 32
NQ = ox.RdfFormat.N_QUADS


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _load_before(data: Path, folder: Path) -> None:
    """`kg load` before kg.store.merged, into a new store: bulk load, then the merge."""
    store = ox.Store(str(folder))
    store.bulk_load(path=str(data), format=NQ)
    with tempfile.NamedTemporaryFile(dir=folder.parent, suffix=".nt") as merged:
        for graph in store.named_graphs():
            merged.write(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b"")
        merged.flush()
        store.bulk_load(path=merged.name, format=ox.RdfFormat.N_TRIPLES)
    store.flush()


def _build_before(nquads: bytes, folder: Path) -> None:
    """`kg build`'s store step before kg.store.merged."""
    store = ox.Store(str(folder))
    store.bulk_load(nquads, format=NQ)
    store.bulk_extend(
        ox.Quad(q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, None, None, None)
        if not isinstance(q.graph_name, ox.DefaultGraph)
    )
    store.flush()


def _load(path: str, data: Path, folder: Path) -> tuple[float, float]:
    """(seconds, CPU seconds) of one load by `path` into a new store under `folder`."""
    from kg.build.output import _load_version  # the store step of kg build, alone
    from kg.store import load, open_store

    nquads = data.read_bytes() if "build" in path else b""  # kg build holds it in memory
    steps: dict[str, Callable[[], object]] = {
        "bulk_load": lambda: _plain(data, folder / "plain"),
        "kg load": lambda: load(open_store(f"oxigraph:{folder / 'store'}", read_only=False), data),
        "kg build": lambda: _load_version(nquads, folder / "store"),
        "kg load (before)": lambda: _load_before(data, folder / "store"),
        "kg build (before)": lambda: _build_before(nquads, folder / "store"),
    }
    cpu, started = _cpu(), time.perf_counter()
    steps[path]()
    return time.perf_counter() - started, _cpu() - cpu


def _plain(data: Path, folder: Path) -> None:
    store = ox.Store(str(folder))
    store.bulk_load(path=str(data), format=NQ)
    store.flush()


def _batches(data: Path) -> list[tuple[bytes, list[str]]]:
    by_graph: dict[bytes, list[bytes]] = collections.defaultdict(list)
    for line in data.read_bytes().splitlines(keepends=True):
        by_graph[line.rsplit(b" ", 2)[-2][1:-1]].append(line)
    names = list(by_graph)
    return [
        (
            b"".join(line for g in names[at : at + BATCH] for line in by_graph[g]),
            [g.decode() for g in names[at : at + BATCH]],
        )
        for at in range(0, len(names), BATCH)
    ]


def _changed(nquads: bytes, seed: int) -> bytes:
    """A tenth of the quads dropped and as many new ones: a re-ingest after an edit."""
    lines = nquads.splitlines(keepends=True)
    kept = [line for i, line in enumerate(lines) if (i + seed) % 10]
    new = [
        line.replace(b'" <', b' (edited)" <', 1)
        for line in lines[seed % 10 :: 10]
        if b'" <' in line
    ]
    return b"".join(kept + new)


def _write(path: str, data: Path, folder: Path) -> dict[str, float]:
    """Seconds and CPU seconds of writing the file in batches (then rewriting each batch)."""
    from kg.store import OxigraphStore
    from kg.store.updates import group_by_graph, replace_update

    if path == "bulk_load":
        seconds, cpu = _load("bulk_load", data, folder)
        return {"s": seconds, "cpu": cpu}
    batches = _batches(data)
    store = OxigraphStore(folder / "store")

    def put(nquads: bytes, names: list[str]) -> None:
        if path == "writer":
            store.replace_graphs(nquads, names)
        else:
            store.raw.update(replace_update(names, group_by_graph(nquads, names)))

    cpu, started = _cpu(), time.perf_counter()
    for nquads, names in batches:
        put(nquads, names)
    result = {"s": time.perf_counter() - started, "cpu": _cpu() - cpu}
    changed = [(_changed(nquads, i), names) for i, (nquads, names) in enumerate(batches)]
    cpu, started = _cpu(), time.perf_counter()
    for nquads, names in changed:
        put(nquads, names)
    result.update(rewrite_s=time.perf_counter() - started, rewrite_cpu=_cpu() - cpu)
    store.close()
    return result


def _child(kind: str, path: str, data: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="kg-load-") as folder:
        if kind == "write":
            result = _write(path, data, Path(folder))
        else:
            seconds, cpu = _load(path, data, Path(folder))
            result = {"s": seconds, "cpu": cpu}
    return {**result, "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _measure(
    kind: str, paths: tuple[str, ...], data: Path, runs: int
) -> dict[str, list[dict[str, float]]]:
    results: dict[str, list[dict[str, float]]] = {p: [] for p in paths}
    for attempt in range(runs):
        for path in paths if attempt % 2 == 0 else paths[::-1]:
            command = [sys.executable, "-m", "bench.store_loads", "--child", kind, path, str(data)]
            done = subprocess.run(command, check=True, capture_output=True, text=True)
            results[path].append(json.loads(done.stdout))
    return results


def _median(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def _table(kind: str, quads: int, results: dict[str, list[dict[str, float]]]) -> list[str]:
    base, base_cpu = _median(results["bulk_load"], "s"), _median(results["bulk_load"], "cpu")
    lines = []
    for path, rows in results.items():
        seconds, cpu = _median(rows, "s"), _median(rows, "cpu")
        ratio = seconds / base
        ok = "—" if path == "bulk_load" else ("yes" if ratio <= TARGET else "**no**")
        cells = [
            f"{quads:,}",
            path,
            f"{seconds:.2f} s",
            f"{ratio:.2f}x",
            f"{cpu:.2f} s",
            f"{cpu / base_cpu:.2f}x",
        ]
        if kind == "write":
            again = "—" if path == "bulk_load" else f"{_median(rows, 'rewrite_s'):.2f} s"
            cells.append(again)
        cells += [f"{_median(rows, 'rss_mib'):.0f} MiB", ok]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _rows(store: ox.Store, text: str, union: bool) -> tuple[float, list[tuple[str | None, ...]]]:
    """Median seconds of 3 runs, and the answer as text."""
    times: list[float] = []
    rows: list[tuple[str | None, ...]] = []
    for _ in range(3):
        started = time.perf_counter()
        answer = store.query(text, use_default_graph_as_union=union)
        if isinstance(answer, ox.QueryBoolean):
            rows = [(str(bool(answer)),)]
        else:
            rows = [tuple(None if v is None else str(v) for v in row) for row in answer]
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def compare(data: Path) -> list[str]:
    """Each named query on the merged store and in union mode on the named graphs alone."""
    from kg.query.library import list_queries
    from kg.store.merged import write_version

    lines = ["| query | merged default graph | union mode | union / merged | same answers |"]
    lines.append("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="kg-union-") as folder:
        merged = write_version(Path(folder) / "merged", data).store
        named = ox.Store(str(Path(folder) / "named"))
        named.bulk_load(path=str(data), format=NQ)
        for query in list_queries():
            if query.params:
                continue
            fast, rows = _rows(merged, query.text, False)
            slow, union_rows = _rows(named, query.text, True)
            same = collections.Counter(rows) == collections.Counter(union_rows)
            answer = "yes" if same else f"**no** ({len(rows)} vs {len(union_rows)} rows)"
            lines.append(
                f"| `{query.name}` | {fast * 1000:.1f} ms | {slow * 1000:.1f} ms "
                f"| {slow / fast:.2f}x | {answer} |"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="100k,1M")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--writer", metavar="SIZES", help="time the writer's path at these sizes")
    parser.add_argument("--union", metavar="SIZE", help="merged default graph vs union mode")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_child(args.child[0], args.child[1], Path(args.child[2]))))
        return 0
    from bench.synthetic import real_graph, write_synthetic

    seed = real_graph()
    with tempfile.TemporaryDirectory(prefix="kg-loads-") as work:
        if args.union:
            data = Path(work) / "union.nq"
            write_synthetic(data, SIZES.get(args.union) or int(args.union), seed)
            print("\n".join(compare(data)))
            return 0
        kind, sizes = ("write", args.writer) if args.writer else ("load", args.sizes)
        paths = WRITERS if kind == "write" else PATHS
        again = " rewrite |" if kind == "write" else ""
        print(
            f"| quads | path | wall (median) | x plain | CPU | x plain CPU |{again} peak RSS | within {TARGET}x |"
        )
        print("|---|---|---|---|---|---|" + ("---|" if again else "") + "---|---|")
        for size in sizes.split(","):
            data = Path(work) / f"{size}.nq"
            quads = write_synthetic(data, SIZES.get(size) or int(size), seed)
            print(
                "\n".join(_table(kind, quads, _measure(kind, paths, data, args.runs))), flush=True
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
