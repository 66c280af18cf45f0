"""Each named question answered on the bundled graph, with the answer read from the articles."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from kg.query import list_queries, run_named
from kg.store import OxigraphStore, Term

ID = "https://w3id.org/sanctions-kg/id/"
ARTICLE_000, ARTICLE_001, ARTICLE_002 = (
    "000_6dda27f3a0c12004.txt",
    "001_b5aeacde14fc594e.txt",
    "002_1607c0e3e28c9fb7.txt",
)
ARTICLE_003 = "003_bcd9096a39a7080e.txt"


def _records(
    store: OxigraphStore, name: str, bindings: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    return run_named(store, name, bindings).records()


def _short(iri: str) -> str:
    return iri.removeprefix(ID)


def test_every_named_query_runs_and_documents_itself(store: OxigraphStore) -> None:
    for query in list_queries():
        assert query.title, f"{query.name} has no '# title:'"
        assert run_named(store, query.name).variables, query.name


def test_japan_measures_of_december_2023(store: OxigraphStore) -> None:
    rows = {_short(r["measure"]): r for r in _records(store, "jp-measures-2023-12")}
    assert {
        m: (r["type"], str(r["announced"]), r["effective"] and str(r["effective"]))
        for m, r in rows.items()
    } == {
        "measure/jp-2023-12-asset-freeze": ("Asset freeze", "2023-12-15", None),
        "measure/jp-2023-12-export-ban": ("Export ban", "2023-12-15", "2023-12-22"),
        "measure/jp-2023-12-diamond-import-ban": ("Import ban", "2023-12-15", "2024-01-01"),
    }
    freeze = rows["measure/jp-2023-12-asset-freeze"]["targets"]
    assert "35 individuals related to the Russian military (35)" in freeze
    assert "44 organizations related to the Russian military (44)" in freeze
    assert "(63)" in rows["measure/jp-2023-12-export-ban"]["targets"]
    assert rows["measure/jp-2023-12-diamond-import-ban"]["targets"] == "Russia"


def test_persons_and_organizations_frozen_in_january_2023(store: OxigraphStore) -> None:
    listed = {(r["name"], r["kind"]) for r in _records(store, "jp-asset-freeze-listed-2023-01")}
    persons = {
        "Konstantin Chuichenko", "Andrey Belousov", "Dmitry Chernyshenko", "Mikhail Mizintsev",
        "Sergey Kogogin", "Alexander Dugin", "Alexander Malkevich", "Ella Pamfilova", "Maria Lvova-Belova",
    }  # fmt: skip
    organizations = {"Irkut Corporation", "Moscow Avangard Machine-Building Plant", "KamAZ PJSC"}
    assert listed == {(p, "person") for p in persons} | {(o, "organization") for o in organizations}


def test_third_countries_on_the_december_2023_export_ban_list(store: OxigraphStore) -> None:
    rows = _records(store, "jp-export-ban-third-countries-2023-12")
    assert {(r["countryName"], r["count"]) for r in rows} == {
        ("United Arab Emirates", 2),
        ("Syria", 1),
        ("Uzbekistan", 2),
    }
    assert {r["sources"] for r in rows} == {ARTICLE_000}


def test_russian_countermeasures_against_japan(store: OxigraphStore) -> None:
    rows = {_short(r["measure"]): r for r in _records(store, "ru-countermeasures")}
    assert {m: r["type"] for m, r in rows.items()} == {
        "measure/ru-2022-03-peace-treaty-talks-suspension": "Suspension of talks",
        "measure/ru-2022-03-joint-economic-activities-withdrawal": "Withdrawal from a dialogue",
        "measure/ru-2022-bsec-status-block": "Blocking of a status",
        "measure/ru-2022-09-visa-free-exchange-suspension": "Suspension of an agreement",
        "measure/ru-2022-09-facilitated-visits-suspension": "Suspension of an agreement",
        "measure/ru-cooperation-cancellation": "Suspension of cooperation",
        "measure/ru-south-kurils-fishing-ban": "Fishing ban",
        "measure/ru-sanctions-on-japanese-politicians-businesses": "Sanctions (type not stated)",
    }
    talks = rows["measure/ru-2022-03-peace-treaty-talks-suspension"]
    assert str(talks["announced"]) == "2022-03"
    assert "Japan's sanctions against Russia in force in 2022" in talks["respondsTo"]
    for suspended in (
        "ru-2022-09-visa-free-exchange-suspension",
        "ru-2022-09-facilitated-visits-suspension",
    ):
        assert str(rows[f"measure/{suspended}"]["effective"]) == "2022-09-05"


def test_claims_administration_and_names_of_the_south_kurils(store: OxigraphStore) -> None:
    rows = {
        (
            r["relation"],
            r["stateName"],
            r["name"],
            r["since"] and str(r["since"]),
            r["until"] and str(r["until"]),
        )
        for r in _records(store, "south-kurils-claims")
    }
    assert rows == {
        ("claims", "Japan", None, None, None),
        ("claims", "Russia", None, None, None),
        ("claims", "Soviet Union", None, "1945", None),
        ("administers", "Japan", None, None, "1945"),
        ("administers", "Soviet Union", None, "1945", None),
        ("administers", "Russia", None, None, None),
        ("calls it", "Japan", "North Four Islands", None, None),
        ("calls it", "Russia", "South Kuril Islands", None, None),
    }


def test_what_lavrov_said_when(store: OxigraphStore) -> None:
    rows = _records(
        store, "statements-by-speaker", {"speaker": Term.iri(ID + "person/sergey-lavrov")}
    )
    assert {r["speakerName"] for r in rows} == {"Sergey Lavrov"}
    dated = {str(r["date"]): r for r in rows if r["date"]}
    assert (
        dated["2023-12-18"]["quote"]
        == "All territorial disputes between Russia and Japan have been resolved."
    )
    assert "Russia 1" in dated["2023-12-18"]["content"]
    assert sorted(str(r["date"]) for r in rows if r["date"]) == ["2014", "2014", "2023-12-18"]
    assert len(rows) == 4


def test_statements_cover_every_official_speaker(store: OxigraphStore) -> None:
    speakers = {r["speakerName"] for r in _records(store, "statements-by-speaker")}
    assert {
        "Vladimir Putin", "Sergey Lavrov", "Yuri Trutnev", "Dmitry Peskov", "Fumio Kishida",
        "Yoshihide Suga", "Shinzo Abe", "Seiji Kihara", "Muneo Suzuki", "Joe Biden",
    } <= speakers  # fmt: skip


def test_facts_supported_by_more_than_one_source(store: OxigraphStore) -> None:
    rows = {
        _short(r["fact"]): set(r["sources"].split(", "))
        for r in _records(store, "multi-source-facts")
    }
    assert rows["measure/jp-2023-12-export-ban"] == {ARTICLE_000, ARTICLE_001, ARTICLE_002}
    assert rows["measure/jp-2023-12-asset-freeze"] == {ARTICLE_000, ARTICLE_001}
    assert rows["measure/jp-2023-12-diamond-import-ban"] == {ARTICLE_000, ARTICLE_001}
    assert rows["measure/ru-2022-03-peace-treaty-talks-suspension"] == {ARTICLE_002, ARTICLE_003}
    assert "measure/jp-2023-01-asset-freeze" not in rows  # told by one article only
    assert all(len(sources) > 1 for sources in rows.values())


def test_facts_the_sources_disagree_on(store: OxigraphStore) -> None:
    rows = _records(store, "discrepancies")
    pairs = {(_short(r["fact"]), r["property"].rsplit("#", 1)[1]) for r in rows}
    assert pairs == {
        ("measure/jp-2023-12-diamond-import-ban", "measureType"),
        ("measure/jp-2023-12-export-ban", "measureType"),
        ("measure/jp-2023-12-export-ban", "targetGroup"),
        ("measure/jp-2023-12-asset-freeze", "targetGroup"),
        ("statement/stmt-putin-2023-12-japan-russian-energy", "date"),
        ("claim/claim-jp-south-kuril-islands", "endDate"),  # 001: Japan recognised the order
    }
    diamonds = {
        (r["reported"], r["file"])
        for r in rows
        if r["fact"].endswith("jp-2023-12-diamond-import-ban")
    }
    assert diamonds == {("import-ban", ARTICLE_000), ("export-ban", ARTICLE_001)}


@pytest.mark.parametrize(
    ("fact", "files", "sentence"),
    [
        (
            "measure/jp-2023-12-export-ban",
            {ARTICLE_000, ARTICLE_001, ARTICLE_002},
            "The sanctions will be implemented on 22 December.",
        ),
        (
            "measure/jp-2023-01-asset-freeze",
            {ARTICLE_003},
            "freezes the assets of 22 individuals and three organizations",
        ),
    ],
)
def test_provenance_of_a_fact(
    store: OxigraphStore, repo, fact: str, files: set[str], sentence: str
) -> None:  # type: ignore[no-untyped-def]
    rows = _records(store, "fact-provenance", {"fact": Term.iri(ID + fact)})
    assert {r["file"] for r in rows} == files
    assert any(sentence in r["text"] for r in rows)
    for r in rows:
        text = (repo / "data" / "sources" / r["file"]).read_text(encoding="utf-8")
        assert text[r["start"] : r["end"]] == r["text"]
        assert r["method"] == "curated"
