"""Start-up benchmark: everyday `kg` commands timed as a user runs them, a fresh process each.

    .venv/bin/python -m bench.cli_bench                   # builds the bundled corpus into a temp folder
    .venv/bin/python -m bench.cli_bench --build build     # or times against an existing build

Each command runs `--runs` times (after one warm-up run, so the OS file cache is warm, as it is
for a user who runs commands one after another); the median and the fastest wall-clock times are
printed as a Markdown table, beside the floor: a bare `python -c "import pyoxigraph"`. The query
itself is timed inside the process too, to show what share of a command is start-up. Prints the
slowest imports of `kg query` (`python -X importtime`), which is where start-up goes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 0.3
QUERY = "summary-classes"


def _time(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    subprocess.run(command, env=env, capture_output=True, check=True)  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True)
        times.append(time.perf_counter() - started)
        if done.returncode:
            raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-500:]}")
    return statistics.median(times), min(times)


def _query_only(store: str, runs: int) -> float:
    """The named query inside one warm process, as the command runs it."""
    from kg.query.library import run_named
    from kg.store import open_store

    graph = open_store(store, read_only=True)
    run_named(graph, QUERY)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run_named(graph, QUERY)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _slowest_imports(command: list[str], env: dict[str, str], top: int = 12) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *command[1:]], env=env, capture_output=True, text=True
    )
    rows = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    rows.sort(reverse=True)
    return [f"| {name.strip()} | {us / 1000:.0f} ms |" for us, name in rows[:top]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--build", type=Path, help="a build folder (default: build one in a temp folder)"
    )
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-cli-bench-") as scratch:
        build = args.build or Path(scratch) / "build"
        env = {**os.environ, "KG_BUILD": str(build), "KG_STORE": f"oxigraph:{build / 'store'}"}
        env.pop("COLUMNS", None)
        kg = [sys.executable, "-m", "kg.cli"]
        if args.build is None:
            print(f"building the bundled corpus into {build} ...", file=sys.stderr)
            subprocess.run([*kg, "build"], env=env, capture_output=True, check=True)
        commands = {
            'python -c "import pyoxigraph" (floor)': [sys.executable, "-c", "import pyoxigraph"],
            "kg --version": [*kg, "--version"],
            "kg queries": [*kg, "queries"],
            f"kg query --name {QUERY} (pipe: tsv)": [*kg, "query", "--name", QUERY],
            f"kg query --name {QUERY} --format json": [*kg, "query", "-n", QUERY, "-f", "json"],
            "kg query --name statements-by-speaker -p speaker=Sergey Lavrov": [
                *kg,
                "query",
                "-n",
                "statements-by-speaker",
                "-p",
                "speaker=Sergey Lavrov",
            ],
        }
        print(f"| command | median | fastest | under {TARGET_S} s |\n|---|---|---|---|")
        for label, command in commands.items():
            median, fastest = _time(command, env, args.runs)
            ok = "yes" if median < TARGET_S else "no"
            print(f"| `{label}` | {median:.3f} s | {fastest:.3f} s | {ok} |", flush=True)
        query_s = _query_only(env["KG_STORE"], args.runs)
        print(f"\nThe query itself, in a warm process: {query_s * 1000:.1f} ms.\n")
        print("| slowest imports of `kg query` (cumulative) | time |\n|---|---|")
        print("\n".join(_slowest_imports([*kg, "query", "--name", QUERY], env)))


if __name__ == "__main__":
    main()
