"""`kg query` runs without Typer (kg.cli.fast) and must do exactly what the Typer command does:
the same output, messages and exit status for the command lines it reads, and the Typer app for
every other one. Both paths run as real processes against the session's build."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build.pipeline import BuildReport
from kg.cli.fast import QueryArgs, parse
from kg.config import Settings

HEAVY = ("typer", "pydantic", "click", "rdflib", "httpx", "spacy", "pandas", "rich.console")
# The command line through kg.cli.main (the fast path, as `python -m kg.cli` runs it) or through
# the Typer app called with its arguments (which skips the fast path), reporting at exit which of
# HEAVY the process had imported.
RUNNER = """
import atexit, json, os, sys
def _report():
    with open(os.environ["KG_TEST_MODULES"], "w", encoding="utf-8") as f:
        json.dump(sorted(m for m in {heavy!r} if m in sys.modules), f)
atexit.register(_report)
import kg.cli
{call}
"""


def _run(
    how: str, args: list[str], config: Settings, tmp_path: Path
) -> tuple[int, str, str, list[str]]:
    call = "kg.cli.main()" if how == "fast" else "kg.cli.app(sys.argv[1:])"
    modules = tmp_path / f"{how}-modules.json"
    env = {
        **os.environ,
        "KG_STORE": config.store,
        "KG_BUILD": str(config.build_dir),
        "KG_TEST_MODULES": str(modules),
        "COLUMNS": "100",
    }
    done = subprocess.run(
        [sys.executable, "-c", RUNNER.format(heavy=HEAVY, call=call), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    return done.returncode, done.stdout, done.stderr, json.loads(modules.read_text("utf-8"))


@pytest.mark.parametrize(
    "args",
    [
        ["query", "--name", "summary-classes"],
        ["query", "-n", "summary-classes", "-f", "json"],
        ["query", "--name=statements-by-speaker", "-pspeaker=Sergey Lavrov", "--max-rows", "3"],
        ["query", "-n", "south-kurils-claims", "--format", "table", "--timeout", "10.5"],
        ["query", "--name", "no-such-question"],
        ["query", "-n", "statements-by-speaker", "-p", "speaker=Nobody Atall"],
        ["query", "-n", "summary-classes", "--format", "xml"],
        ["query"],
        ["queries"],
        ["--version"],
    ],
)
def test_the_fast_path_answers_as_typer_does(
    built: tuple[Settings, BuildReport], tmp_path: Path, args: list[str]
) -> None:
    config, _ = built
    fast = _run("fast", args, config, tmp_path)
    typer = _run("typer", args, config, tmp_path)
    assert fast[:3] == typer[:3]
    assert "typer" in typer[3]  # the comparison is between two paths
    assert not {"typer", "pydantic"} & set(fast[3]), fast[3]


def test_global_folder_options_reach_the_query(
    built: tuple[Settings, BuildReport], tmp_path: Path
) -> None:
    """--build-dir before the command sets KG_BUILD as the app's callback does: the default store
    is then the one under that folder."""
    config, _ = built
    env = {k: v for k, v in os.environ.items() if k != "KG_STORE"}
    args = ["--build-dir", str(config.build_dir), "query", "--name", "summary-classes"]
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "class\tcount"
    empty = tmp_path / "empty-build"
    args[1] = str(empty)
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 1 and "kg build" in done.stderr  # no store there


def test_plain_command_lines_are_read_like_click() -> None:
    assert parse(["query", "-nsummary-classes", "-p", "a=1", "--param=b=x y", "--wide"]) == (
        QueryArgs(name="summary-classes", param=["a=1", "b=x y"], wide=True)
    )
    assert parse(["--data=d", "--build-dir", "b", "query", "q.rq", "--store", "memory"]) == (
        QueryArgs(data=Path("d"), build_dir=Path("b"), file=Path("q.rq"), store="memory")
    )
    read = parse(["query", "-n", "x", "--timeout", "2.5", "--max-rows", "10"])
    assert read is not None and (read.timeout, read.max_rows) == ("2.5", "10")


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["--version"],
        ["queries"],
        ["build"],
        ["query", "--help"],
        ["query", "-n"],  # a value is missing: Typer says so
        ["query", "-n", "a", "-n", "b"],  # repeated
        ["query", "-n", "-x"],  # a value that looks like an option
        ["query", "-n", ""],
        ["query", "-n=x"],  # click reads the value as "=x"
        ["query", "a.rq", "b.rq"],
        ["query", "--", "a.rq"],
        ["query", "--wide=yes"],
        ["query", "--no-such-option"],
        ["query", "-n", "x", "--timeout", "nan"],
        ["query", "-n", "x", "--timeout", "1e3"],
        ["query", "-n", "x", "--max-rows", "-1"],
        ["query", "-n", "x", "--max-rows", "007"],
        ["query", "--data", "d", "-n", "x"],  # a global option after the command
        ["--store", "memory", "query", "-n", "x"],
    ],
)
def test_anything_else_goes_to_typer(args: list[str]) -> None:
    assert parse(args) is None


def test_shell_completion_goes_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_KG_COMPLETE", "bash_complete")
    assert parse(["query", "-n", "x"]) is None
