"""Start-up benchmark: everyday `kg` commands timed as a user runs them, a fresh process each.

    .venv/bin/python -m bench.cli_bench                   # builds the bundled corpus into a temp folder
    .venv/bin/python -m bench.cli_bench --build build     # or times against an existing build
    .venv/bin/python -m bench.cli_bench --source before=/tmp/old-checkout   # before/after

Each command runs `--runs` times (after one warm-up run, so the OS file cache is warm, as it is
for a user who runs commands one after another); the median and the fastest wall-clock times are
printed as a Markdown table, beside the floor: a bare `python -c "import pyoxigraph"`. The
machine may be shared, so the load average is printed before and after, and with `--source` the
kg package of other source trees (put first on PYTHONPATH) is timed in the same rounds,
interleaved, so that a change in load hits every variant alike. The query itself is timed inside
the process too, to show what share of a command is start-up. Prints the slowest imports of
`kg query` (`python -X importtime`), which is where start-up goes.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 0.3
QUERY = "summary-classes"


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _once(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU (user + system) seconds of one run. On a shared machine the wall clock
    also counts the time spent waiting for a core; the CPU time hardly moves with the load.
    `cwd` is a folder without a kg package: `python -m` and `-c` put the current folder first
    on sys.path, which would shadow a --source tree when run from a checkout."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, cwd=cwd)
    elapsed = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed: {done.stderr.decode()[-500:]}")
    return elapsed, _children_cpu() - cpu


def _query_only(store: str, runs: int) -> float:
    """The named query inside one warm process, as the command runs it."""
    from kg.query.library import run_named
    from kg.store.opening import open_store

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


def _commands() -> dict[str, list[str]]:
    """Each command as the table shows it (a note after it in brackets), and its argv."""
    kg = [sys.executable, "-m", "kg.cli"]
    script = Path(sys.executable).parent / "kg"  # the console script pip installed
    commands = {
        'python -c "import pyoxigraph" [floor]': [sys.executable, "-c", "import pyoxigraph"],
        "kg --version": [*kg, "--version"],
        "kg queries": [*kg, "queries"],
        f"kg query --name {QUERY} [pipe: tsv]": [*kg, "query", "--name", QUERY],
        f"kg query --name {QUERY} --format json": [*kg, "query", "-n", QUERY, "-f", "json"],
        'kg query -n statements-by-speaker -p "speaker=Sergey Lavrov"': [
            *kg, "query", "-n", "statements-by-speaker", "-p", "speaker=Sergey Lavrov",
        ],
    }  # fmt: skip
    if script.is_file():
        commands[f"kg query --name {QUERY} [the kg script]"] = [
            str(script), "query", "--name", QUERY,
        ]  # fmt: skip
    return commands


def _label(name: str) -> str:
    command, _, note = name.partition(" [")
    return f"`{command}`" + (f" ({note[:-1]})" if note else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--build", type=Path, help="a build folder (default: build one in a temp folder)"
    )
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="LABEL=DIR",
        help="also time the kg package of DIR (a source tree), in the same rounds",
    )
    args = parser.parse_args()
    variants: dict[str, str | None] = {"this tree": None}
    for item in args.source:
        label, _, folder = item.partition("=")
        variants[label] = str(Path(folder).resolve())
    with tempfile.TemporaryDirectory(prefix="kg-cli-bench-") as scratch:
        build = args.build or Path(scratch) / "build"
        env = {**os.environ, "KG_BUILD": str(build), "KG_STORE": f"oxigraph:{build / 'store'}"}
        env.pop("COLUMNS", None)
        envs = {
            label: env if folder is None else {**env, "PYTHONPATH": folder}
            for label, folder in variants.items()
        }
        if args.build is None:
            print(f"building the bundled corpus into {build} ...", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "kg.cli", "build"], env=env, check=True)
        commands = _commands()
        load = os.getloadavg()
        times: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for command in commands.values():
            for label in variants:
                _once(command, envs[label], Path(scratch))  # warm-up
        for _ in range(args.runs):  # rounds: every command and variant once a round
            for name, command in commands.items():
                for label in variants:
                    run = _once(command, envs[label], Path(scratch))
                    times.setdefault((name, label), []).append(run)
        after = os.getloadavg()
        print(f"load average (1, 5, 15 min): before {load}, after {after}; {args.runs} runs\n")
        several = len(variants) > 1
        print(
            f"| command |{' variant |' if several else ''} median | fastest | CPU median "
            f"| under {TARGET_S} s |"
        )
        print(f"|---|{'---|' if several else ''}---|---|---|---|")
        for name in commands:
            for label in variants:
                walls = [wall for wall, _ in times[(name, label)]]
                cpu = statistics.median(cpu for _, cpu in times[(name, label)])
                median, fastest = statistics.median(walls), min(walls)
                ok = "yes" if median < TARGET_S else "no"
                shown = f" {label} |" if several else ""
                print(
                    f"| {_label(name)} |{shown} {median:.3f} s | {fastest:.3f} s | {cpu:.3f} s "
                    f"| {ok} |"
                )
        query_s = _query_only(env["KG_STORE"], args.runs)
        print(f"\nThe query itself, in a warm process: {query_s * 1000:.1f} ms.\n")
        print("| slowest imports of `kg query` (cumulative) | time |\n|---|---|")
        kg = [sys.executable, "-m", "kg.cli", "query", "--name", QUERY]
        print("\n".join(_slowest_imports(kg, env)))


if __name__ == "__main__":
    main()
