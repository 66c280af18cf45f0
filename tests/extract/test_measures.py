"""Measures from small real sentences: what must become a fact, and what must not."""

from __future__ import annotations

from typing import Any

import pytest

from kg.model import Segment


def measures(
    extract: Any, text: str, published: str = "2024-03", **kw: Any
) -> list[dict[str, Any]]:
    result = extract(text, published, **kw)
    return [
        {k: (str(v) if k in ("announced", "effective") else v) for k, v in f.fields.items()}
        for f in result.facts
        if f.kind == "measure"
    ]


def test_export_ban_with_imposer_target_and_date(extract: Any) -> None:
    [m] = measures(extract, "Japan imposed an export ban on Russia on March 5.")
    assert (m["type"], m["imposer"], m["targets"], m["announced"]) == (
        "export-ban",
        "jp",
        ["ru"],
        "2024-03-05",
    )
    assert m["class"] == "sanction"


def test_asset_freeze_with_counted_group_of_another_country(extract: Any) -> None:
    [m] = measures(
        extract, "Australia imposed sanctions on Iran, freezing the assets of 12 Iranian officials."
    )
    assert (m["type"], m["imposer"]) == ("asset-freeze", "au")
    [group] = m["target_groups"]
    assert (group["count"], group["member_kind"], group["based_in"]) == (12, "person", "ir")


def test_goods_and_effective_date(extract: Any) -> None:
    [m] = measures(extract, "The European Union banned imports of Russian coal from August 2022.")
    assert (m["type"], m["imposer"], m["goods"], m["effective"]) == (
        "import-ban",
        "eu",
        ["coal"],
        "2022-08",
    )


def test_diplomatic_countermeasure_after_sanctions(extract: Any) -> None:
    found = measures(
        extract,
        "Japan froze the assets of Russian officials in February. "
        "In response, Moscow broke off peace treaty talks with Tokyo in March.",
    )
    talks = next(m for m in found if m["type"] == "suspension-of-talks")
    assert (talks["imposer"], talks["targets"], talks["announced"], talks["class"]) == (
        "ru",
        ["jp"],
        "2024-03",
        "countermeasure",
    )


def test_ministry_imposes_for_its_state(extract: Any) -> None:
    [m] = measures(
        extract, "The Japanese Foreign Ministry froze the assets of three Russian banks."
    )
    assert (m["imposer"], m["implemented_by"]) == ("jp", ["mofa-jp"])


def test_a_round_of_sanctions_dates_the_measures_that_follow(extract: Any) -> None:
    found = measures(
        extract,
        "Japan announced a new package of sanctions against Russia on the 10th. "
        "The package bans exports of robots to Russia. It also freezes the assets of 20 Russian officials.",
    )
    assert {(m["type"], m["imposer"], m.get("announced")) for m in found} == {
        ("export-ban", "jp", "2024-03-10"),
        ("asset-freeze", "jp", "2024-03-10"),
    }
    assert len({m["package"] for m in found}) == 1


def test_the_same_measure_told_twice_is_one_fact(extract: Any) -> None:
    result = extract(
        "Canada banned exports of drones to Russia. The Canadian export ban targets Russia."
    )
    [fact] = [f for f in result.facts if f.kind == "measure"]
    assert len(fact.evidence) == 2


def test_military_aid_goes_to_a_beneficiary(extract: Any) -> None:
    [m] = measures(
        extract,
        "On January 25, Washington announced the delivery of 31 tanks to Ukraine.",
        "2023-01",
    )
    assert (m["class"], m["type"], m["imposer"], m["beneficiaries"], m["announced"]) == (
        "support",
        "military-aid",
        "us",
        ["ua"],
        "2023-01-25",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Japan did not impose new sanctions on Russia.",
        "Japan has never banned exports to Russia.",
        "If Russia retaliates by banning imports from Japan, prices will rise.",
        "Tokyo could freeze the assets of Russian banks.",
        "Japan should ban exports of chips to Russia.",
        "Will Japan ban exports of semiconductors to Russia?",
        "The opposition called on the government to suspend talks with Russia.",
        "Analysts fear that Russia might cancel joint projects with Japan.",
        "Trade grew last year despite restrictive measures from Japan.",
        "Relations between Tokyo and Moscow will be frozen for years.",
        "The ban on exports to Russia was discussed.",
    ],
)
def test_negations_hypotheticals_wishes_and_non_measures_give_nothing(
    extract: Any, text: str
) -> None:
    assert measures(extract, text) == []


def test_reader_comments_give_no_measures(extract: Any) -> None:
    text = "Japan joined the talks.\nWe've imposed sanctions on 40 individuals in Russia. Japan should ban all exports."
    comments = Segment("reader-comments", text.index("We've"), len(text))
    assert (
        measures(extract, text, segments=(Segment("article-body", 0, comments.start), comments))
        == []
    )


def test_measure_ids_are_stable_and_prefixed(extract: Any) -> None:
    text = "Japan imposed an export ban on Russia on March 5."
    first, second = extract(text).facts, extract(text).facts
    assert [f.id for f in first] == [f.id for f in second]
    assert all(f.id.startswith("x-") for f in first)
    assert first[0].evidence[0].method == "extracted"
    assert 0 < first[0].evidence[0].confidence <= 1
    assert first[0].evidence[0].extractor.startswith("kg-extract/")
