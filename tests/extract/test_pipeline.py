"""The pipeline as a whole: the `kg ingest` command (its speed is measured in bench/extract_bench.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app


def test_ingest_command_stores_good_files_and_names_bad_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_BUILD", str(tmp_path / "build"))
    good = tmp_path / "good.md"
    good.write_text("---\npublished: 2024-03\n---\nJapan banned exports of robots to Russia.\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe not utf-8")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(good), str(bad)])
    assert result.exit_code == 1
    assert "stored 1, unchanged 0, failed 1" in result.stdout
    assert "bad.txt" in result.stderr
    again = runner.invoke(app, ["ingest", str(good)])
    assert again.exit_code == 0 and "stored 0, unchanged 1" in again.stdout
