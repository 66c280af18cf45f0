"""Bad command-line inputs to `kg query` end in one line naming the problem, never a traceback,
a read that never ends, or a file outside queries/."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build.pipeline import BuildReport
from kg.config import Settings
from kg.errors import QueryError
from kg.query.library import find_query, read_query

REPO = Path(__file__).resolve().parents[2]


def _query(args: list[str], config: Settings) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KG_STORE": config.store, "KG_BUILD": str(config.build_dir)}
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", "query", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["/dev/zero"], "not a regular file"),
        (["--name", "summary-classes", "--timeout", "nan"], "--timeout must be a positive"),
        (["--name", "summary-classes", "--timeout", "-5"], "--timeout must be a positive"),
        (["--name", "summary-classes", "--timeout", "inf"], "--timeout must be a positive"),
        (["--name", "summary-classes", "--max-rows", "-1"], "--max-rows must be at least 1"),
        (["--name", "/etc/passwd"], "not a query name"),
        (["--name", "../queries/summary-classes"], "not a query name"),
    ],
)
def test_bad_query_input_is_one_line(
    built: tuple[Settings, BuildReport], args: list[str], problem: str
) -> None:
    config, _ = built
    done = _query(args, config)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("error: ") and problem in line


def test_a_fifo_or_a_huge_file_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "q.rq"
    os.mkfifo(fifo)
    with pytest.raises(QueryError, match="not a regular file"):
        read_query(fifo)  # would block forever waiting for a writer
    huge = tmp_path / "huge.rq"
    huge.write_bytes(b"# " + b"x" * 2_000_000)
    with pytest.raises(QueryError, match="larger than"):
        read_query(huge)


def test_a_named_query_is_looked_up_only_in_its_folder(repo: Path) -> None:
    assert find_query("summary-classes").path.parent == repo / "queries"
    with pytest.raises(QueryError, match="not a query name"):
        find_query(str(repo / "queries" / "summary-classes"))
