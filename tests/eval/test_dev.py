"""The strict dev-set scorer (`kg eval --gold DIR`) on a small made-up fixture (not the dev set):
what counts as found, and that every wrong field makes a measure wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from kg.config import settings
from kg.eval.dev import DEV_FOLDER, dev_folder, evaluate_dev
from kg.extract import Extractor

FIXTURE = Path(__file__).parent / "data" / "scorer-fixture"


def test_fixture_scored_field_by_field(extractor: Extractor) -> None:
    report = evaluate_dev(FIXTURE, extractor.extract)
    assert report.documents == 1
    assert (report.found, report.gold_measures) == (2, 2), report.errors
    assert report.wrong == 0, report.errors
    assert report.statements.tp == 2, report.errors
    assert report.entities.recall >= 0.75, report.errors


def test_one_wrong_field_makes_the_measure_wrong(extractor: Extractor, tmp_path: Path) -> None:
    folder = tmp_path / "dev"
    shutil.copytree(FIXTURE, folder)
    gold_file = folder / "gold" / "fx1.yaml"
    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
    gold["measures"][1]["announced"] = "2022"  # the article says 2023
    gold_file.write_text(yaml.safe_dump(gold), encoding="utf-8")
    report = evaluate_dev(folder, extractor.extract)
    assert report.found == 2 and report.wrong == 1
    assert any("['announced']" in line for line in report.errors)


def test_article_without_gold_is_an_error(extractor: Extractor, tmp_path: Path) -> None:
    folder = tmp_path / "dev"
    shutil.copytree(FIXTURE, folder)
    (folder / "gold" / "fx1.yaml").unlink()
    with pytest.raises(Exception, match="fx1 has no gold file"):
        evaluate_dev(folder, extractor.extract)


def test_default_extractor_and_the_printed_line() -> None:
    """What `kg eval --gold` runs and prints comes from the library, for notebooks too."""
    report = evaluate_dev(FIXTURE)  # the extractor over the reference gazetteer
    line = report.summary()
    assert line.startswith("1 articles; entities P "), line
    assert "found with type and imposer 2/2 (1.00), with a wrong field 0/" in line, line


def test_dev_is_the_repository_dev_set() -> None:
    assert dev_folder("dev") == settings().root / DEV_FOLDER
    assert dev_folder(FIXTURE) == FIXTURE
