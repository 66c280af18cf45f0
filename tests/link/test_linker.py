"""Linking names to canonical nodes: aliases, transliterations, fuzzy matches, case and context."""

from __future__ import annotations

from typing import Any

import pytest

from kg.link import Linker, build_gazetteer, fold, reference_gazetteer
from kg.model import Entity
from kg.reference import load_entities


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker(reference_gazetteer())


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("Sergei Lavrov", "PERSON", "sergey-lavrov"),  # alias
        ("Sergej Lavrov", "PERSON", "sergey-lavrov"),  # transliteration variant
        ("Сергей Лавров", "PERSON", "sergey-lavrov"),  # Cyrillic
        ("Zelenskiy", "PERSON", "volodymyr-zelensky"),
        ("Mr. Putin", "PERSON", "vladimir-putin"),
        ("Fumio Kishda", "PERSON", "fumio-kishida"),  # fuzzy, above the threshold
        ("the Kremlin", "ORG", "kremlin"),
        ("Russian Federation", "GPE", "ru"),
        ("Japanese", "NORP", "jp"),  # demonym
        ("US", None, "us"),
    ],
)
def test_links(linker: Linker, text: str, label: str | None, expected: str) -> None:
    assert [link.id for link in linker.link(text, label)] == [expected]


def test_acronyms_match_only_as_written(linker: Linker) -> None:
    assert linker.link("us", None) == []


def test_fuzzy_matching_respects_the_threshold_and_the_label(linker: Linker) -> None:
    assert linker.link("Fumio Tanaka", "PERSON") == []
    assert linker.link("Fumio Kishda", "GPE") == []  # a place cannot be a person


def test_japanese_names_are_not_guessed(linker: Linker) -> None:
    assert linker.link("岸田文雄", "PERSON") == []


def test_countries_outside_entities_yaml_are_candidates_not_reference() -> None:
    gaz = reference_gazetteer()
    [link] = Linker(gaz).link("Australia", "GPE")
    assert link.id == "au" and not gaz.entities["au"].reference and gaz.entities["au"].iso == "AU"


def test_post_variants_and_titles() -> None:
    gaz = reference_gazetteer()
    assert gaz.candidates("Prime Minister") == {"prime-minister-jp"}
    assert gaz.candidates("Russian Foreign Minister") == {"foreign-minister-ru"}
    assert gaz.candidates("US President") == {"president-us"}
    assert len(gaz.candidates("President")) > 1  # ambiguous until context settles it


def test_gazetteer_is_built_from_entity_names_only(tmp_path: Any) -> None:
    entities = [
        Entity(id="xx", kind="state", name="Freedonia", aliases=("Fredonia",), attrs={"iso": "XF"}),
        Entity(
            id="rufus-t-firefly",
            kind="person",
            name="Rufus T. Firefly",
            aliases=("Firefly",),
            attrs={"nationality": "xx"},
        ),
    ]
    gaz = build_gazetteer(entities)
    assert gaz.candidates("fredonia") == {"xx"}
    assert gaz.state_of("rufus-t-firefly") == "xx"


def test_fold_removes_honorifics_and_variants() -> None:
    assert fold("Mr. Sergei V. Lavrov") == fold("Sergey V. Lavrov")
    assert fold("Dmitri Peskov") == fold("Dmitry Peskov")


def test_reference_gazetteer_covers_entities_yaml() -> None:
    from kg.config import settings

    entities = load_entities(settings().curated_dir / "entities.yaml")
    gaz = reference_gazetteer()
    assert all(gaz.entities[e.id].reference for e in entities)


def test_the_cache_is_bounded_and_keeps_answers_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    """Years of news bring millions of distinct mentions: the cache stays at its bound, least
    recently used out, and an evicted mention links exactly as before when it comes back."""
    monkeypatch.setattr("kg.link.linker.CACHE_SIZE", 3)
    fresh = Linker(reference_gazetteer())
    first = fresh.link("Fumio Kishda", "PERSON")
    for n in range(10):
        fresh.link(f"Unknown Person Number {n}", "PERSON")
    assert len(fresh._cache) == 3
    assert ("Fumio Kishda", "PERSON") not in fresh._cache
    assert fresh.link("Fumio Kishda", "PERSON") == first == [first[0]]
    assert first[0].id == "fumio-kishida"
    # the fuzzy candidates of one set of kinds are sorted once, not per mention
    assert list(fresh._choices) == [frozenset({"person"})]
