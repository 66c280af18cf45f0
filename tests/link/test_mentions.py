"""Mentions in running text: gazetteer over NER, disambiguation by context, generic aliases."""

from __future__ import annotations

from typing import Any


def linked(extract: Any, text: str) -> dict[str, str | None]:
    return {m.text: m.entity_id for m in extract(text).mentions.items}


def test_gazetteer_wins_over_the_model_label(extract: Any) -> None:
    found = linked(extract, "Residents of the South Kurils and the Kremlin disagree.")
    assert found["South Kurils"] == "south-kuril-islands"
    assert found["the Kremlin"] == "kremlin"


def test_ambiguous_title_is_settled_by_the_person_beside_it(extract: Any) -> None:
    found = [
        m.entity_id
        for m in extract("President Vladimir Putin met President Joe Biden.").mentions.items
    ]
    assert found == ["president-ru", "vladimir-putin", "president-us", "joe-biden"]


def test_lowercase_aliases_need_their_state_in_the_document(extract: Any) -> None:
    assert (
        linked(extract, "The ruling coalition in Canberra lost its majority.")["ruling coalition"]
        is None
    )
    found = linked(extract, "In Japan, the ruling coalition lost its majority.")
    assert found["ruling coalition"] == "ruling-coalition-jp"


def test_unknown_names_stay_unlinked_mentions(extract: Any) -> None:
    result = extract("Jacinda Mortimer-Blake criticised the decision in Wellington.")
    assert any(m.entity_id is None and m.label == "PERSON" for m in result.mentions.items)
