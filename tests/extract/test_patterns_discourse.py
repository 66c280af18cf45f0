"""Mechanisms the fourth dev-set round pointed to (issue 18), each on sentences written for these
tests: government bodies and their state, generic mentions that sum up specific measures, doers
that are no entity, phrases that describe a target or a cause, denials, references to measures
taken earlier."""

from __future__ import annotations

from typing import Any


def measures(extract: Any, text: str, published: str = "2024-03-06") -> list[dict[str, Any]]:
    return [f.fields for f in extract(text, published).facts if f.kind == "measure"]


def test_a_body_takes_the_state_the_document_writes_it_with(extract: Any) -> None:
    found = measures(
        extract,
        "Norway's Treasury Department said on Monday that the talks had failed. Chile froze the "
        "assets of two Malian generals. The Treasury Department banned exports of drones to Mali.",
    )
    [ban] = [m for m in found if m["type"] == "export-ban"]
    assert ban["imposer"] == "no" and ban["implemented_by"] == ["treasury-department"]


def test_a_body_without_a_state_acts_for_the_articles_only_imposer(extract: Any) -> None:
    found = measures(
        extract,
        "Chile froze the assets of two Malian generals on Monday.\n\n"
        "The Treasury also banned exports of drones to Mali.",
    )
    assert {m["imposer"] for m in found} == {"cl"}


def test_the_headline_sums_up_the_measure_the_body_tells(extract: Any) -> None:
    [m] = measures(
        extract,
        "Norway adopts sanctions on Mali\n\nNorway on Monday froze the assets of 12 Malian officials.",
    )
    assert (m["type"], m["imposer"], m["targets"]) == ("asset-freeze", "no", ["ml"])
    assert len(m["label"]) > 0


def test_the_sanctions_freeze_says_what_the_sanctions_just_told_are(extract: Any) -> None:
    [m] = measures(
        extract,
        "Chile on Thursday issued sanctions on seven individuals connected to Mali. "
        "The sanctions freeze any property of the individuals.",
    )
    assert m["type"] == "asset-freeze" and m["imposer"] == "cl"
    assert 7 in [g.get("count") for g in m["target_groups"]]
    assert str(m["announced"]) == "2024-02-29"


def test_sanctions_on_the_same_counts_are_the_freeze_they_name(extract: Any) -> None:
    [m] = measures(
        extract,
        "Norway agreed to sanctions on three individuals and one entity. "
        "Norway decided to freeze the assets of 3 individuals and 1 entity.",
    )
    assert m["type"] == "asset-freeze"


def test_a_doer_that_is_no_entity_is_not_guessed(extract: Any) -> None:
    found = measures(
        extract,
        "Chile froze the assets of two Malian generals. "
        "Western countries and their allies have been supplying weapons to Ukraine.",
    )
    assert [m["type"] for m in found] == ["asset-freeze"]


def test_what_a_reason_phrase_or_a_target_did_is_not_the_imposers_act(extract: Any) -> None:
    found = measures(
        extract,
        "Chile agreed to sanctions on three individuals and one entity over the supply of "
        "drones to Mali. Chile decided to freeze the assets of 3 individuals responsible for "
        "drone deliveries. Chile agreed on measures against entities supplying drones.",
    )
    assert all(m["type"] != "military-aid" for m in found)
    assert all("ml" not in m.get("targets", []) for m in found)


def test_a_denied_allegation_is_no_measure(extract: Any) -> None:
    assert measures(extract, "Mali has denied allegations that it supplied drones to Chile.") == []


def test_an_earlier_listing_stays_apart_and_its_noun_is_hit(extract: Any) -> None:
    found = measures(
        extract,
        "Norway blacklisted Haddad Bank on Monday. Omar Group, previously blacklisted by "
        "Norway, accounts for a third of the bank's trade.",
    )
    assert sorted(m["targets"] for m in found) == [["haddad-bank"], ["omar-group"]]
    assert all(m["type"] == "listing" for m in found)


def test_a_blacklisted_modifier_and_a_relative_clause_add_nothing(extract: Any) -> None:
    [m] = measures(
        extract,
        "Also designated by Norway was Haddad Trading Ltd, which had offices in Chile and had in "
        "2019 sold drones to a blacklisted Malian firm.",
    )
    assert m["type"] == "listing" and "cl" not in m.get("targets", [])
    assert "announced" not in m
