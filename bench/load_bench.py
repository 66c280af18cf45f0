"""Load on `kg serve`: many clients on loopback for a fixed time; throughput, latency, errors.

Starts `kg serve` as a user would (its own process, its query workers), then runs `--clients`
client threads for `--seconds`, each on its own keep-alive connection, cycling through a label
lookup and two named queries. Every answer must be a 200: any other status or a transport error
counts as an error. Also times the query guard on every named query (target: under 5 ms).
Results go to bench/README.md (section kg-load-bench) unless --no-readme.

    python -m bench.load_bench                 # builds the bundled corpus into a temp folder
    python -m bench.load_bench --store build/store --clients 50 --seconds 20
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from kg.eval.readme import write_section
from kg.query.library import find_query, list_queries
from kg.sparql.guard import check_read_query

README = Path(__file__).with_name("README.md")
START, END = "<!-- kg-load-bench:start -->", "<!-- kg-load-bench:end -->"
LABEL = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT ?label WHERE { <https://w3id.org/sanctions-kg/id/state/jp> rdfs:label ?label }"
)
MIX = {
    "label lookup": LABEL,
    "summary-sources": find_query("summary-sources").text,
    "jp-measures-2023-12": find_query("jp-measures-2023-12").text,
}


def start_server(store: Path, workers: int | None) -> tuple[subprocess.Popen[str], str]:
    args = [
        sys.executable,
        "-m",
        "kg.cli",
        "serve",
        "--port",
        "0",
        "--quiet",
        "--store",
        str(store),
    ]
    if workers:
        args += ["--workers", str(workers)]
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    line = process.stderr.readline()
    if " at " not in line:
        process.kill()
        raise SystemExit(f"kg serve did not start: {line}{process.stderr.read()}")
    # Keep reading its stderr, so that a full pipe never blocks the server.
    threading.Thread(target=process.stderr.read, daemon=True).start()
    return process, line.rsplit(" at ", 1)[1].strip().rstrip("/")


def run_clients(url: str, clients: int, seconds: float) -> dict[str, object]:
    latencies: dict[str, list[float]] = {name: [] for name in MIX}
    errors: list[str] = []
    names = list(MIX)
    barrier = threading.Barrier(clients + 1)
    stop = [0.0]

    def client(index: int) -> None:
        with httpx.Client(timeout=60) as http:
            barrier.wait()
            turn = index
            while time.monotonic() < stop[0]:
                name = names[turn % len(names)]
                turn += 1
                started = time.perf_counter()
                try:
                    response = http.post(f"{url}/query", data={"query": MIX[name]})
                    if response.status_code != 200:
                        errors.append(f"{response.status_code}: {response.text[:100]}")
                        continue
                except httpx.HTTPError as error:
                    errors.append(repr(error))
                    continue
                latencies[name].append(time.perf_counter() - started)

    load = os.getloadavg()[0]
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    stop[0] = time.monotonic() + seconds
    barrier.wait()
    started = time.monotonic()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    return {"latencies": latencies, "errors": errors, "wall": wall, "load": load}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def guard_timings() -> list[tuple[str, float, float]]:
    rows = []
    for query in list_queries():
        runs = []
        for _ in range(50):
            started = time.perf_counter()
            check_read_query(query.text)
            runs.append(time.perf_counter() - started)
        rows.append((query.name, statistics.median(runs), max(runs)))
    return rows


def render(result: dict[str, object], args: argparse.Namespace, workers: str) -> str:
    latencies: dict[str, list[float]] = result["latencies"]  # type: ignore[assignment]
    errors: list[str] = result["errors"]  # type: ignore[assignment]
    every = [x for values in latencies.values() for x in values]
    wall = float(result["wall"])  # type: ignore[arg-type]
    ms = lambda x: f"{x * 1000:.1f}"  # noqa: E731 - a formatter used only here
    lines = [
        START,
        "## Endpoint under load (`python -m bench.load_bench`)",
        "",
        f"`kg serve` over the bundled corpus's store, {workers} query workers, {args.clients} client "
        f"threads on loopback for {args.seconds:g} s, each on its own keep-alive connection, POSTing a "
        f"mix of a label lookup and two named queries in turn; clients and server share this "
        f"machine's {os.cpu_count()} cores, with other work on it (load average "
        f"{result['load']:.1f} when the run began; {time.strftime('%Y-%m-%d')}).",
        "",
        "| query | answers | p50 ms | p90 ms | p99 ms | max ms |",
        "|---|---|---|---|---|---|",
    ]
    for name, values in [*latencies.items(), ("all", every)]:
        lines.append(
            f"| {name} | {len(values):,} | {ms(percentile(values, 0.5))} | "
            f"{ms(percentile(values, 0.9))} | {ms(percentile(values, 0.99))} | {ms(max(values))} |"
        )
    lines += [
        "",
        f"**Throughput {len(every) / wall:,.0f} answers/s; errors: {len(errors)}** "
        f"(any status but 200, or a transport error such as a connection reset).",
    ]
    if errors:
        lines.append(f"First errors: {'; '.join(sorted(set(errors))[:3])}")
    guard = guard_timings()
    worst = max(guard, key=lambda row: row[1])
    lines += [
        "",
        f"Query guard (kg.sparql.guard) on the {len(guard)} named queries, median of 50 runs each: "
        f"{ms(statistics.median(r[1] for r in guard))} ms typical, {ms(worst[1])} ms for the "
        f"slowest ({worst[0]}); target under 5 ms.",
        END,
    ]
    return "\n".join(lines)


def write(section: str) -> None:
    body = section.strip().removeprefix(START).removesuffix(END)
    write_section("kg-load-bench", body, README)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--store", type=Path, help="a built store (default: build one in a temp folder)"
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, help="query workers (default: kg serve's)")
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-load-bench-") as scratch:
        store = args.store
        if store is None:
            build = Path(scratch) / "build"
            subprocess.run(
                [sys.executable, "-m", "kg.cli", "build"],
                env={**os.environ, "KG_BUILD": str(build)},
                check=True,
                capture_output=True,
            )
            store = build / "store"
        process, url = start_server(store, args.workers)
        try:
            workers = str(args.workers or len(_children(process.pid)))
            result = run_clients(url, args.clients, args.seconds)
        finally:
            process.terminate()
            process.wait(timeout=30)
    section = render(result, args, workers)
    print(section)
    if not args.no_readme:
        write(section)
    errors: list[str] = result["errors"]  # type: ignore[assignment]
    raise SystemExit(1 if errors else 0)


def _children(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()


if __name__ == "__main__":
    main()
