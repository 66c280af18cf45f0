"""The pipeline as a whole: time outside the model, and the `kg ingest` / `kg eval` commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.config import settings
from kg.extract import Extractor
from kg.ingest import read_corpus


def test_pipeline_adds_less_than_30_percent_to_the_model_time(extractor: Extractor) -> None:
    documents = read_corpus(settings().sources_dir)
    extractor.extract(documents[0])  # warm
    results = [extractor.extract(d) for d in documents]
    model = sum(r.model_seconds for r in results)
    total = sum(r.total_seconds for r in results)
    assert (total - model) / model < 0.3, f"overhead {(total - model) / model:.0%}"


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
