"""Issue 18's failure patterns, on sentences written for these tests (not from any article):
roles by syntax, class by explicit cues, typed listings, new measure types, counts, labels."""

from __future__ import annotations

from typing import Any

from kg.dates import PartialDate
from kg.extract.dates import find_dates


def measures(extract: Any, text: str, published: str = "2024-03-06") -> list[dict[str, Any]]:
    result = extract(text, published)
    return [
        {k: (str(v) if k in ("announced", "effective") else v) for k, v in f.fields.items()}
        for f in result.facts
        if f.kind == "measure"
    ]


def one(extract: Any, text: str, published: str = "2024-03-06") -> dict[str, Any]:
    found = measures(extract, text, published)
    assert len(found) == 1, found
    return found[0]


def test_imposer_is_the_subject_not_another_name_in_the_sentence(extract: Any) -> None:
    m = one(extract, "Moscow said it would halt the talks, in reply to sanctions by Ottawa.")
    assert (m["type"], m["imposer"]) == ("suspension-of-talks", "ru")


def test_demonym_modifier_is_not_the_imposer(extract: Any) -> None:
    m = one(extract, "Norway adopted a fresh anti-Iranian package banning exports of drones.")
    assert (m["type"], m.get("imposer")) == ("export-ban", "no")


def test_it_resolves_to_the_subject_of_the_same_sentence(extract: Any) -> None:
    m = one(
        extract,
        "Japan sent aid to Ukraine last year. Canada said on Friday it had banned imports of "
        "Russian steel.",
    )
    assert (m["type"], m["imposer"], m["announced"]) == ("import-ban", "ca", "2024-03-01")


def test_reason_phrase_gives_no_target(extract: Any) -> None:
    m = one(
        extract, "Britain imposed sanctions on Belarus over its support for the war in Georgia."
    )
    assert m["targets"] == ["by"]


def test_class_from_the_cue_not_from_mention_order(extract: Any) -> None:
    found = measures(
        extract,
        "In retaliation, Iran banned imports of British tea after Britain froze Iranian assets.",
    )
    by_type = {m["type"]: m for m in found}
    assert by_type["import-ban"]["imposer"] == "ir"
    assert by_type["import-ban"]["class"] == "countermeasure"
    assert by_type["asset-freeze"]["imposer"] == "gb"
    assert by_type["asset-freeze"]["class"] == "sanction"


def test_measure_without_imposer_kept_with_lower_confidence(extract: Any) -> None:
    result = extract("The accounts of the two shipping firms will be frozen.", "2024-03-06")
    [fact] = [f for f in result.facts if f.kind == "measure"]
    assert fact.fields["type"] == "asset-freeze"
    assert "imposer" not in fact.fields
    assert fact.evidence[0].confidence < 0.5
    assert "not stated" in fact.fields["label"]


def test_blacklisted_typed_from_context(extract: Any) -> None:
    entry = one(extract, "Canada blacklisted nine Iranian officials, barring them from entering.")
    assert entry["type"] == "entry-ban"
    bare = one(extract, "Australia blacklisted 14 North Korean firms.")
    assert bare["type"] == "listing"


def test_new_measure_types(extract: Any) -> None:
    cases = {
        "Canada agreed a price cap on Iranian oil.": "price-cap",
        "Australia revoked Belarus's most favoured nation status.": "revocation-of-trade-status",
        "Britain banned Belarusian banks from issuing bonds in London.": "securities-ban",
        "Belarus seized the stake of a Dutch brewer in its local plant.": "stake-seizure",
        "Canada added 30 Iranian firms to its sanctions list.": "listing",
    }
    for text, kind in cases.items():
        assert one(extract, text)["type"] == kind, text


def test_counts_kept_without_a_named_target(extract: Any) -> None:
    m = one(extract, "Britain sanctioned 41 individuals and 17 entities on Tuesday.")
    counts = sorted((g["member_kind"], g["count"]) for g in m["target_groups"])
    assert counts == [("organization", 17), ("person", 41)]
    assert m["announced"] == "2024-03-05"


def test_every_measure_and_statement_has_a_label(extract: Any) -> None:
    result = extract(
        "Japan imposed an export ban on Belarus on March 1. “This is unacceptable,” said a "
        "spokesman for Belarus.",
        "2024-03-06",
    )
    labelled = [f for f in result.facts if f.kind in ("measure", "statement")]
    assert labelled and all(f.fields.get("label") for f in labelled)
    ban = next(f for f in labelled if f.kind == "measure")
    assert ban.fields["label"] == "Export ban by Japan on Belarus (2024-03-01)"


def dates(text: str, published: str) -> list[str]:
    return [str(d.date) for d in find_dates(text, 0, PartialDate(published))]


def test_weekdays_today_yesterday_against_the_publication_day() -> None:
    assert dates("Ottawa acted on Monday.", "2024-03-06") == ["2024-03-04"]
    assert dates("Ottawa acted on Wednesday.", "2024-03-06") == ["2024-03-06"]
    assert dates("Ottawa acted yesterday.", "2024-03-06") == ["2024-03-05"]
    assert dates("Ottawa acts today.", "2024-03") == ["2024-03"]
    assert dates("Ottawa acted yesterday.", "2024-03") == []


def test_bare_numbers_are_not_years() -> None:
    assert dates("It listed over 2000 entities.", "2024-03-06") == []
    assert dates("It suspended the 1998 agreement.", "2024-03-06") == []
    assert dates("It joined in 1998.", "2024-03-06") == ["1998"]


def test_named_agreement_goes_to_agreements_and_its_other_party_is_hit(extract: Any) -> None:
    m = one(extract, "On May 2, Russia suspended the agreement on the procedure for mutual trips.")
    assert m["type"] == "suspension-of-agreement"
    assert m["agreements"] == ["agreement-jp-ru-mutual-trips"]
    assert m["targets"] == ["jp"]


def test_without_a_publication_date_only_absolute_dates_are_read() -> None:
    found = [
        str(d.date) for d in find_dates("On Monday and on May 2, 2023, then in 2019.", 0, None)
    ]
    assert found == ["2023-05-02", "2019"]
