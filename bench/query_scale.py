"""Named-query latency on a store scaled from one ingest run, before and after a query rewrite.

Run: .venv/bin/python -m bench.query_scale --build BUILD [--sizes 1000,10000] [--before REV]
[--queries a,b] [--base N] [--store LABEL=PATH] [--reuse] [--timeout 120]

Ingesting 10,000 synthetic articles takes ~15 min of both cores; the named queries only need a
store of that shape. So BUILD is one `kg ingest` of N synthetic articles (bench.corpus, ids
`syn-000000`...), and a store of D documents is made from its per-document N-Quads
(BUILD/ingested/*.nq): document i of copy k becomes document `syn-{k*N+i:06d}`, by renaming
every `syn-NNNNNN` in its text (the document, its graph, file name, evidence, mentions,
segments and the facts minted per document), while the canonical entities (states, persons of
the vocabulary, posts, concepts) stay the same nodes, as they would in a real run. The
ontology and reference graphs are copied from BUILD/store, and the lot is written as one new
store version with its merged default graph (kg.store.merged.write_version, what `kg load`
does). D below N takes the first D documents, so a scaled store can be checked against a real
one of the same size.

Each query runs in a process of its own with a time limit (a runaway query must not block the
table), through OxigraphStore.query as `kg query --name` does (results converted, rows capped);
its figure is the median of 3 runs after a warm-up (one run when it is over 5 s), wall
time, with the CPU time beside it; a digest of the rows, in order, says whether two texts agree. `--before REV` also times the queries' text at git revision
REV, interleaved with the current text, query by query.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.query.library import list_queries
from kg.store import OxigraphStore
from kg.store.merged import graph_lines, write_version

__all__ = ["scale", "time_query"]

_DOC_ID = re.compile(rb"syn-(\d{6})")
_SOURCE_GRAPH = "https://w3id.org/sanctions-kg/graph/source/"
NQ = ox.RdfFormat.N_QUADS


def _renamed(text: bytes, offset: int) -> bytes:
    """`text` with every document id `syn-NNNNNN` moved up by `offset`."""
    if not offset:
        return text
    return _DOC_ID.sub(lambda m: b"syn-%06d" % (int(m.group(1)) + offset), text)


def _shared_graphs(store: Path) -> bytes:
    """The graphs of `store` that no document owns (ontology, reference), as N-Quads."""
    raw = ox.Store.read_only(str(store.resolve()))
    graphs = [g for g in raw.named_graphs() if not g.value.startswith(_SOURCE_GRAPH)]
    dumps = [(g, raw.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) or b"") for g in graphs]
    return b"".join(graph_lines(dump, g.value) for g, dump in dumps)


def scale(build: Path, documents: int, out: Path, base: int = 0) -> int:
    """Write a store of `documents` documents made from BUILD's ingest (its first `base`
    documents, all when 0) into `out` (a new folder); returns its quads, default graph included."""
    files = sorted((build / "ingested").glob("syn-*.nq"))[: base or None]
    if not files:
        raise SystemExit(f"{build}/ingested: no syn-*.nq files; ingest bench.corpus articles")
    source = out.with_suffix(".nq")
    with source.open("wb") as sink:
        sink.write(_shared_graphs(build / "store"))
        for at in range(documents):
            copy, i = divmod(at, len(files))
            sink.write(_renamed(files[i].read_bytes(), copy * len(files)))
    version = write_version(out, source)
    version.store.flush()
    quads = len(version.store)
    del version
    source.unlink()
    return quads


def time_query(store: Path, text: str, runs: int = 3) -> dict[str, Any]:
    """Median wall and CPU seconds of `text` on `store` (in this process), its rows and a
    digest of them (in order). Each run's rows are let go before the next run starts: a
    result of 640,000 cells still held slowed the next run's conversion by a third (GC)."""
    opened = OxigraphStore(store, read_only=True)
    walls, cpus, count, digest = [], [], 0, ""
    for at in range(runs + 1):
        wall, cpu = time.perf_counter(), time.process_time()
        rows = opened.query(text, timeout_s=None, max_rows=None).rows
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        count, digest = len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()
        del rows
        if at:  # the first run warms the caches
            walls.append(wall)
            cpus.append(cpu)
        if at and wall > 5:
            break
    median = statistics.median
    return {"wall": median(walls), "cpu": median(cpus), "rows": count, "digest": digest}


def _child(store: Path, text: str, timeout: float) -> dict[str, Any] | None:
    """`time_query` in a process of its own; None when it ran past `timeout` seconds."""
    command = [sys.executable, "-m", "bench.query_scale", "--child", str(store)]
    try:
        done = subprocess.run(
            command, input=text, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return None
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _old_text(rev: str, name: str) -> str:
    path = f"queries/{name}.rq"
    done = subprocess.run(["git", "show", f"{rev}:{path}"], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"git show {rev}:{path}: {done.stderr.strip()}")
    return done.stdout


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def _cell(result: dict[str, Any] | None, timeout: float) -> str:
    """Wall time (CPU time)."""
    if result is None:
        return f"> {timeout:.0f} s"
    return f"{_seconds(result['wall'])} ({_seconds(result['cpu'])})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, help="a `kg ingest` of bench.corpus articles")
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/query-scale"))
    parser.add_argument("--queries", default="", help="names, comma-separated (default: all)")
    parser.add_argument("--before", default="", help="git revision of the old query texts")
    parser.add_argument("--base", type=int, default=0, help="copy only BUILD's first N documents")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--reuse", action="store_true", help="keep scaled stores already made")
    parser.add_argument(
        "--store", action="append", default=[], metavar="LABEL=PATH",
        help="also time an existing store (e.g. a real ingest of the same size, to check the "
        "scaled store ranks the queries alike)",
    )  # fmt: skip
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(time_query(args.child, sys.stdin.read())))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if sizes and args.build is None:
        parser.error("--build is required to make the scaled stores")
    wanted = set(filter(None, args.queries.split(",")))
    queries = [q for q in list_queries() if not wanted or q.name in wanted]
    stores: dict[str, Path] = {}
    for size in sizes:
        stores[f"{size:,} docs"] = path = args.folder / f"scaled-{size}-of-{args.base or 'all'}"
        if not (args.reuse and path.exists()):
            args.folder.mkdir(parents=True, exist_ok=True)
            subprocess.run(["rm", "-rf", str(path)], check=True)
            started = time.perf_counter()
            quads = scale(args.build, size, path, args.base)
            print(f"# {size} documents: {quads:,} quads, {time.perf_counter() - started:.0f} s")
    for spec in args.store:
        label, _, path_text = spec.partition("=")
        stores[label] = Path(path_text)
    variants = [("before", args.before), ("after", "")] if args.before else [("now", "")]
    head = [f"{label} {name}" for label in stores for name, _ in variants]
    print("| query | rows | " + " | ".join(head) + " |")
    print("|---|---|" + "---|" * len(head))
    for query in queries:
        cells, rows, answers = [], {}, set()
        for size in stores:
            texts = [_old_text(rev, query.name) if rev else query.text for _, rev in variants]
            for at, text in enumerate(texts):
                if at and text == texts[0]:
                    cells.append("same text")
                    continue
                result = _child(stores[size], text, args.timeout)
                cells.append(_cell(result, args.timeout))
                rows[size] = f"{result['rows']:,}" if result else rows.get(size, "?")
                answers.add((size, result["digest"] if result else None))
        counts = " / ".join(rows[size] for size in stores)
        known = {a for a in answers if a[1] is not None}
        changed = len(known) > len({size for size, _ in known})
        mark = " **answers differ**" if changed and args.before else ""
        print(f"| `{query.name}`{mark} | {counts} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
