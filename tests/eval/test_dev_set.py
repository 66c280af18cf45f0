"""The development set (tests/data/dev, issue 18): its metadata and gold are well formed, and,
where the article texts are at hand (KG_DEV_TEXTS: a folder of <id>.txt; the texts are not in
the repository, see tests/data/dev/README.md), `kg eval --gold` holds the measured floor.

Measured on 2026-12-01 on 26 articles: the issue's targets for entities (recall >= 0.75,
precision >= 0.85), for measures found (>= 0.6 with the right type and imposer) and for
extracted measures with a wrong field (<= 10%) are met and asserted."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from kg.eval.dev import evaluate_dev
from kg.extract import Extractor
from kg.lexicon import lexicon

DEV = Path(__file__).parents[1] / "data" / "dev"
ARTICLES = sorted(p.stem for p in DEV.glob("*.yaml"))


def test_every_article_has_a_source_url_a_date_and_gold() -> None:
    assert len(ARTICLES) >= 20
    for article in ARTICLES:
        meta = yaml.safe_load((DEV / f"{article}.yaml").read_text(encoding="utf-8"))
        assert str(meta["origin"]).startswith("http"), article
        assert meta["published"], article
        assert (DEV / "gold" / f"{article}.yaml").exists(), article


def test_gold_names_only_known_measure_types_and_half_is_about_others() -> None:
    known = lexicon().measure_types()
    japan = 0
    for article in ARTICLES:
        gold = yaml.safe_load((DEV / "gold" / f"{article}.yaml").read_text(encoding="utf-8"))
        for measure in gold.get("measures", []):
            assert measure["type"] in known, (article, measure)
            assert isinstance(measure.get("imposer"), str), (article, measure)
        imposers = {m["imposer"] for m in gold.get("measures", [])}
        japan += imposers == {"jp"}
    assert japan <= len(ARTICLES) // 2


@pytest.mark.skipif(
    not os.environ.get("KG_DEV_TEXTS"), reason="dev-set texts are not stored (KG_DEV_TEXTS unset)"
)
def test_dev_set_holds_the_measured_floor(extractor: Extractor, tmp_path: Path) -> None:
    texts = Path(os.environ["KG_DEV_TEXTS"])
    shutil.copytree(DEV, tmp_path / "dev")
    for article in ARTICLES:
        shutil.copy(texts / f"{article}.txt", tmp_path / "dev" / f"{article}.txt")
    report = evaluate_dev(tmp_path / "dev", extractor.extract)
    assert report.documents == len(ARTICLES)
    assert report.found_rate >= 0.6, report.errors  # the target
    assert report.wrong_rate <= 0.10, report.errors  # the target
    assert report.entities.recall >= 0.75, report.errors  # the targets
    assert report.entities.precision >= 0.85, report.errors
