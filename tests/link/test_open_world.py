"""Open-world entities (issue 18): every mention is linked or minted, states come from ISO 3166,
and a bare title is not sent to another country's post."""

from __future__ import annotations

from typing import Any

import kg.extract  # noqa: F401  (loads kg.extract before kg.link: their import order)
from kg.link.gazetteer import reference_gazetteer


def test_every_state_of_iso_3166_has_a_node() -> None:
    gaz = reference_gazetteer()
    for name, iso in (("Mongolia", "MN"), ("Kyrgyzstan", "KG"), ("Paraguay", "PY")):
        [state] = gaz.candidates(name)
        assert gaz.entities[state].kind == "state" and gaz.entities[state].iso == iso


def test_every_mention_is_stored_with_offsets_and_new_names_are_minted(extract: Any) -> None:
    text = "Ottawa froze the assets of Fabrikam Shipping Ltd, Norway said. Olaf Brennan agreed."
    result = extract(text, "2024-03-06")
    links = {link.text: link for link in result.mention_links}
    assert links["Norway"].entity_id == "no" and not links["Norway"].minted
    shipping = links["Fabrikam Shipping Ltd"]
    assert shipping.minted and text[shipping.start : shipping.end] == "Fabrikam Shipping Ltd"
    kinds = {e.name: e.kind for e in [*result.entities, *result.mentioned]}
    assert kinds["Fabrikam Shipping Ltd"] == "organization"
    assert kinds["Olaf Brennan"] == "person"


def test_bare_title_beside_another_state_is_not_linked_to_japan(extract: Any) -> None:
    result = extract(
        "The Prime Minister of Canada spoke. Canada's Prime Minister left. The Prime Minister "
        "of Japan stayed.",
        "2024-03-06",
    )
    linked = [(m.text, m.entity_id) for m in result.mentions.items if "Prime" in m.text]
    assert linked[0] == ("Prime Minister", None)
    assert linked[1] == ("Prime Minister", None)
    assert linked[2][1] == "prime-minister-jp"


def test_a_ministry_is_not_fuzzily_linked_to_a_minister(extract: Any) -> None:
    result = extract("The Foreign Ministry said so.", "2024-03-06")
    assert all(
        not (m.entity_id or "").startswith("foreign-minister") for m in result.mentions.items
    )


def test_a_surname_after_the_full_name_is_the_same_person(extract: Any) -> None:
    result = extract("Olaf Brennan spoke in Oslo. Later Brennan left.", "2024-03-06")
    ids = {link.text: link.entity_id for link in result.mention_links}
    assert ids["Brennan"] == ids["Olaf Brennan"]


def test_a_title_before_a_name_is_not_a_second_entity(extract: Any) -> None:
    result = extract("President Vladimir Putin spoke.", "2024-03-06")
    assert [link.entity_id for link in result.mention_links] == ["vladimir-putin"]
