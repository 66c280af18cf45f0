"""View benchmark: site size, time to write it, and time until each page is interactive.

    .venv/bin/python -m bench.view_bench                        # 1k, 10k, 100k nodes
    .venv/bin/python -m bench.view_bench --sizes 1k --budgets 500,1500,3000,6000

For each size, a synthetic graph shaped like ours (bench/synthetic.py: copies of the bundled
sources around the shared reference entities) is loaded into a memory store and projected; the
site is written with each budget; every page is opened in headless Chromium (Debian's) and timed
from navigation to the page's own ready signal (`window.kgReady`, set after vis-network's first
drawing). Then `kg view` on the bundled build, as a user runs it (a fresh process). Prints
Markdown tables; the figures in bench/README.md ("Views") come from here.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import real_graph, write_synthetic
from kg.store import OxigraphStore, load, open_store
from kg.view import project, write_site

CHROMIUM = "/usr/bin/chromium"
KG = Path(sys.executable).parent / "kg"


def _size(text: str) -> int:
    text = text.lower()
    return int(float(text[:-1]) * 1000) if text.endswith("k") else int(text)


def _ready_times(pages: list[Path], runs: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    times: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        for path in pages:
            samples = []
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.route(
                    "**/*",
                    lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort(),
                )
                started = time.perf_counter()
                page.goto(path.as_uri())
                while not page.evaluate("window.kgReady === true"):
                    if time.perf_counter() - started > 120:
                        break
                    time.sleep(0.01)
                samples.append(time.perf_counter() - started)
                page.close()
            times[path.stem] = sorted(samples)[len(samples) // 2]
        browser.close()
    return times


def _memory_store(nquads: Path) -> OxigraphStore:
    store = open_store("memory")
    assert isinstance(store, OxigraphStore)
    load(store, nquads)
    return store


def bench_size(
    nodes: int, seed: bytes, ratio: float, budgets: list[int], work: Path, runs: int
) -> list[str]:
    path = work / f"synthetic-{nodes}.nq"
    quads = write_synthetic(path, math.ceil(nodes / ratio), seed)
    started = time.perf_counter()
    store = _memory_store(path)
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    graph = project(store)
    projected = time.perf_counter() - started
    rows = []
    for budget in budgets:
        out = work / f"site-{nodes}-{budget}"
        report = write_site(store, out, store_name=f"synthetic {nodes}", budget=budget, graph=graph)
        ready = _ready_times([p.path for p in report.pages], runs)
        for page in report.pages:
            rows.append(
                f"| {graph.number_of_nodes():,} ({quads:,} quads) | {budget} | {page.name} | "
                f"{page.total:,} | {page.drawn:,} + {page.reserve:,} | {page.bytes / 1e6:.2f} MB | "
                f"{report.seconds:.1f} s | {ready[page.name]:.2f} s |"
            )
    print(f"  {nodes}: load {loaded:.1f} s, projection {projected:.1f} s", file=sys.stderr)
    store.close()
    return rows


def bench_cli(work: Path, runs: int) -> str:
    env = {**os.environ, "KG_BUILD": str(work / "build")}
    subprocess.run([str(KG), "build"], env=env, check=True, capture_output=True)
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [str(KG), "view"], env=env, check=True, capture_output=True, text=True
        )
        samples.append(time.perf_counter() - started)
    index = Path(done.stdout.strip().splitlines()[-1])
    ready = _ready_times(sorted(p for p in index.parent.glob("*.html") if p != index), runs)
    slowest = max(ready.values())
    return (
        f"`kg view` on the bundled build (fresh process, median of {runs}): "
        f"{sorted(samples)[len(samples) // 2]:.2f} s; slowest page ready in {slowest:.2f} s."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--sizes", default="1k,10k,100k")
    parser.add_argument("--budgets", default="1500")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--cli-only", action="store_true", help="only `kg view` on the bundled build"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="view-bench-") as tmp:
        work = Path(tmp)
        if args.cli_only:
            print(bench_cli(work, args.runs))
            return 0
        seed = real_graph()
        (work / "real.nq").write_bytes(seed)
        real = project(_memory_store(work / "real.nq"))
        ratio = real.number_of_nodes() / seed.count(b"\n")
        print(
            "| graph nodes | budget | view | view nodes | drawn + in page | HTML | site written | ready |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for size in args.sizes.split(","):
            budgets = [int(b) for b in args.budgets.split(",")]
            for row in bench_size(_size(size), seed, ratio, budgets, work, args.runs):
                print(row, flush=True)
        print()
        print(bench_cli(work, args.runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
