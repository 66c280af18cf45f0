"""`kg eval --gold` through the real CLI, on the scorer fixture (a made-up article)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app

FIXTURE = Path(__file__).parent / "data" / "scorer-fixture"


def test_eval_gold_prints_the_strict_figures() -> None:
    result = CliRunner().invoke(app, ["eval", "--gold", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    assert "1 articles" in result.output and "found with type and imposer 2/2" in result.output


def test_eval_gold_without_texts_fails_and_says_why(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "a.yaml").write_text("measures: []\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["eval", "--gold", str(tmp_path)])
    assert result.exit_code != 0
    assert "no article text" in result.output


def test_eval_leaves_the_repository_alone_unless_asked(repo: Path) -> None:
    """`kg eval` is a command users run: it must not rewrite the tracked bench/README.md."""
    readme = repo / "bench" / "README.md"
    before = readme.read_bytes()
    result = CliRunner().invoke(app, ["eval"])  # the bundled articles, the path that can record
    assert result.exit_code == 0, result.output
    assert "Extraction vs curated facts" in result.output
    assert "recorded in" not in result.output
    assert readme.read_bytes() == before
