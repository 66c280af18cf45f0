"""Curated data covers what it declares: no orphan entities, no links left in free text, the
articles' spellings kept as aliases, names from outside the articles marked, dates inherited only
where the text dates the package alone, and the new fields checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kg.config import Settings
from kg.curate import CuratedData, load_curated
from kg.curate.coverage import orphans, unlinked_mentions
from kg.curate.inherit import inherit_package_dates
from kg.dates import PartialDate
from kg.errors import CurationError
from kg.model import Entity, Fact
from kg.sources import read_corpus

SOURCE = "000_6dda27f3a0c12004"

# Ids a note names although no field can carry the link, each with the reason.
NO_FIELD_FOR_IT = {
    ("abe-putin-meetings-2013-2014", "abe-putin-meeting-2014-02-sochi"): "events have no part-of",
    ("jp-2014-08-package", "eu-2014-07-sanctions"): "a comparison ('more limited than')",
    ("jp-2014-08-package", "us-2014-07-sanctions"): "a comparison ('more limited than')",
    ("jp-2023-01-package", "mofa-jp"): "the note says why the package lacks this link",
    ("jp-kr-rapprochement-2023", "kr"): "events have no counterpart field",
    ("malaysia-airlines-downing-2014-07", "malaysia-airlines"): "events have no victim field",
    ("ru-south-kurils-fishing-ban", "south-kuril-islands"): "measures have no area field",
}


@pytest.fixture(scope="module")
def bundled(repo: Path) -> CuratedData:
    return load_curated(repo / "data" / "curated", read_corpus(repo / "data" / "sources"))


@pytest.fixture(scope="module")
def articles(repo: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for p in (repo / "data" / "sources").glob("*.txt")
    )


def _occurs(name: str, text: str) -> bool:
    """As the linker matches: whole words; case matters only for names without lower case."""
    flags = re.IGNORECASE if any(c.islower() for c in name) else 0
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags) is not None


def _spellings(entity: Entity) -> list[str]:
    """The aliases that are not external names (Entity.aliases holds both, for the linker)."""
    external = set(entity.attrs.get("external_names", ()))
    return [a for a in entity.aliases if a not in external]


def test_external_names_stay_names_the_linker_knows(bundled: CuratedData) -> None:
    su = next(e for e in bundled.entities if e.id == "su")
    assert "USSR" in su.aliases and "USSR" in su.attrs["external_names"]


def test_no_reference_entity_is_an_orphan(bundled: CuratedData) -> None:
    assert orphans(bundled.entities, bundled.facts) == []


def test_an_orphan_is_found(bundled: CuratedData) -> None:
    used = [f for f in bundled.facts if f.id != "ru-2022-bsec-status-block"]
    assert orphans(bundled.entities, used) == ["bsec"]


def test_ids_named_in_notes_are_linked_by_a_field(bundled: CuratedData) -> None:
    found = unlinked_mentions(bundled.facts, set(bundled.kinds()))
    assert set(found) == set(NO_FIELD_FOR_IT)


def test_every_alias_is_a_spelling_of_the_articles(bundled: CuratedData, articles: str) -> None:
    reference = [e for e in bundled.entities if e.source_id is None]
    missing = [(e.id, a) for e in reference for a in _spellings(e) if not _occurs(a, articles)]
    assert missing == [], "move names from outside the articles to external_names"


def test_external_names_are_not_in_the_articles(bundled: CuratedData, articles: str) -> None:
    external = [(e.id, n) for e in bundled.entities for n in e.attrs.get("external_names", [])]
    assert external, "the bundled data marks some names as external"
    assert [(i, n) for i, n in external if _occurs(n, articles)] == []


def test_a_canonical_name_no_article_uses_keeps_the_articles_spelling_or_says_why(
    bundled: CuratedData, articles: str
) -> None:
    unexplained = [
        e.id
        for e in bundled.entities
        if e.source_id is None
        and not _occurs(e.name, articles)
        and not any(_occurs(a, articles) for a in _spellings(e))
        and "note" not in e.attrs
    ]
    assert unexplained == []


def test_a_corrected_transliteration_keeps_the_articles_spelling(bundled: CuratedData) -> None:
    kogogin = next(e for e in bundled.entities if e.id == "sergey-kogogin")
    assert "Sergey Kogonin" in kogogin.aliases  # 003: "General Director of KamAZ Sergey Kogonin"


def test_dates_are_inherited_only_from_the_package(bundled: CuratedData) -> None:
    by_id = {(f.id, f.source_id): f for f in bundled.facts}
    ban = by_id[("jp-2023-01-export-ban", "003_bcd9096a39a7080e")]
    assert (ban.fields["announced"].iso, ban.fields["date_inherited_from"]) == (
        "2023-01",
        "jp-2023-01-package",
    )
    dated = by_id[("jp-2023-12-export-ban", "002_1607c0e3e28c9fb7")]
    assert "date_inherited_from" not in dated.fields


def _fact(fid: str, kind: str, source: str, **fields: object) -> Fact:
    return Fact(id=fid, kind=kind, source_id=source, fields=dict(fields), evidence=[])


def test_no_date_is_inherited_when_any_source_dates_the_measure() -> None:
    facts = [
        _fact("p", "package", "a", announced=PartialDate("2023-12")),
        _fact("m", "measure", "a", package="p"),
        _fact("m", "measure", "b", package="p", announced=PartialDate("2023-12-15")),
        _fact("n", "measure", "a", package="p"),
        _fact("q", "package", "a"),
        _fact("o", "measure", "a", package="q"),
    ]
    assert inherit_package_dates(facts) == ["n"]
    assert "announced" not in facts[1].fields
    assert facts[3].fields["date_inherited_from"] == "p"
    assert "announced" not in facts[5].fields


def _write(config: Settings, facts: list[dict]) -> Path:
    path = config.curated_dir / "zz-test.yaml"
    path.write_text(yaml.safe_dump({"source": SOURCE, "facts": facts}), encoding="utf-8")
    return path


def _measure(**fields: object) -> dict:
    return {
        "id": "test-measure",
        "kind": "measure",
        "class": "sanction",
        "imposer": "jp",
        "evidence": ["freezing the assets of 35 individuals"],
        **fields,
    }


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        (
            [
                _measure(
                    target_groups=[{"id": "g-test", "description": "x", "same_as": ["nowhere"]}]
                )
            ],
            "same_as: 'nowhere' is not another target group's id",
        ),
        (
            [_measure(target_groups=[{"id": "g-test", "description": "x", "same_as": ["g-test"]}])],
            "same_as: 'g-test' is not another target group's id",
        ),
        (
            [
                {
                    "id": "test-quantity",
                    "kind": "quantity",
                    "value": 35,
                    "count": 35,
                    "evidence": ["35 individuals"],
                }
            ],
            "a value or a count, not both",
        ),
        (
            [
                _measure(type="asset-freeze"),
                {
                    "id": "test-discrepancy",
                    "kind": "discrepancy",
                    "concerns": "test-measure",
                    "property": "type",
                    "variants": [
                        {"value": "asset-freeze", "source": SOURCE, "evidence": ["freezing"]},
                        {"value": "confiscation", "source": SOURCE, "evidence": ["assets"]},
                    ],
                },
            ],
            "variant value 'confiscation' of 'type' is not a concept",
        ),
        ([_measure(modality=["rumoured"])], "'rumoured' is not a concept"),
        ([_measure(in_organization="atlantis")], "unknown id 'atlantis'"),
    ],
)
def test_new_fields_are_checked(project_copy: Settings, facts: list[dict], message: str) -> None:
    path = _write(project_copy, facts)
    with pytest.raises(CurationError) as caught:
        load_curated(project_copy.curated_dir, read_corpus(project_copy.sources_dir))
    assert message in str(caught.value)
    assert str(path) in str(caught.value)
