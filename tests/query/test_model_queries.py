"""The questions of issue 17, answered by named queries on the bundled graph.

Every expected answer is read from the articles (data/sources/*.txt); the comment above each
assertion quotes or cites the sentence it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from kg.query import list_queries, run_named
from kg.store import OxigraphStore, Term

ID = "https://w3id.org/sanctions-kg/id/"
ARTICLE_000, ARTICLE_001 = "000_6dda27f3a0c12004.txt", "001_b5aeacde14fc594e.txt"


def _records(
    store: OxigraphStore, name: str, bindings: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    return run_named(store, name, bindings).records()


def _short(iri: str | None) -> str | None:
    return iri.removeprefix(ID) if iri else iri


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def test_agreements_russia_suspended_and_when(store: OxigraphStore) -> None:
    records = _records(store, "agreements-affected")
    # two of these measures are told by two sources each (002 and 003; 000 and 002): one row each
    assert len(records) == 5
    rows = {
        (
            _short(r["agreement"]),
            r["parties"],
            _short(r["measure"]),
            r["imposerName"],
            _text(r["announced"]),
            _text(r["effective"]),
        )
        for r in records
    }
    assert rows == {
        # 003: "In March last year, Russia refused to negotiate with Japan" (March 2022)
        (
            "agreement/agreement-jp-ru-peace-treaty-negotiations",
            "Japan, Russia",
            "measure/ru-2022-03-peace-treaty-talks-suspension",
            "Russia",
            "2022-03",
            None,
        ),
        # 003: "Russia withdrew from the dialogue with Japan on ... joint economic activities" (no date)
        (
            "agreement/agreement-jp-ru-joint-economic-activities-dialogue",
            "Japan, Russia",
            "measure/ru-2022-03-joint-economic-activities-withdrawal",
            "Russia",
            None,
            None,
        ),
        # 003: "On September 5, 2022, Russia suspended the agreement on the procedure for mutual
        # trips, as well as the agreement with Japan on facilitated visits"
        (
            "agreement/agreement-jp-ru-mutual-trips",
            "Japan, Russia",
            "measure/ru-2022-09-visa-free-exchange-suspension",
            "Russia",
            None,
            "2022-09-05",
        ),
        (
            "agreement/agreement-jp-ru-facilitated-visits",
            "Japan, Russia",
            "measure/ru-2022-09-facilitated-visits-suspension",
            "Russia",
            None,
            "2022-09-05",
        ),
        # 000 "breaking off cooperation with Japan", 002 "canceled a series of cooperation plans"
        (
            "agreement/agreement-jp-ru-cooperation-projects",
            "Japan, Russia",
            "measure/ru-cooperation-cancellation",
            "Russia",
            None,
            None,
        ),
    }


def test_the_organization_in_which_russia_blocked_japan(store: OxigraphStore) -> None:
    # 003: "blocked the extension of Japan's status as a partner of the Black Sea Economic
    # Cooperation Organization in the sectoral dialogue"
    rows = _records(store, "measures-in-organizations")
    assert [
        (_short(r["measure"]), _short(r["organization"]), r["imposerName"], r["targets"])
        for r in rows
    ] == [("measure/ru-2022-bsec-status-block", "organization/bsec", "Russia", "Japan")]


def test_administration_of_the_south_kurils_and_through_whom(store: OxigraphStore) -> None:
    rows = {
        (r["stateName"], r["territoryName"], r["bodyName"], _text(r["since"]), _text(r["until"]))
        for r in _records(store, "administrations")
    }
    kurils, islands = "South Kuril Islands", "Islands controlled by Japan and claimed by China"
    # 004: "was controlled by Japan until it was occupied by Soviet troops after Japan's
    # surrender in 1945"; 001: "strengthen their control over the South Kuril Islands";
    # 004: "a separate dispute over islands currently controlled by Japan"
    assert rows == {
        ("Japan", kurils, None, None, "1945"),
        ("Soviet Union", kurils, "Soviet Armed Forces", "1945", None),
        ("Russia", kurils, None, None, None),
        ("Japan", islands, None, None, None),
    }


def test_a_post_with_a_jurisdiction_and_attested_tenures(store: OxigraphStore) -> None:
    trutnev = _records(store, "tenures", {"holder": Term.iri(ID + "person/yuri-trutnev")})
    # 001: "The special representative of the Russian Far Eastern Federal District, ... Yuri Trutnev"
    assert [
        (r["postName"], r["postInName"], r["jurisdictionName"], r["attested"]) for r in trutnev
    ] == [
        (
            "Presidential Envoy to the Far Eastern Federal District",
            "Russia",
            "Far Eastern Federal District",
            "2023-12",
        )
    ]
    lavrov = _records(store, "tenures", {"holder": Term.iri(ID + "person/sergey-lavrov")})
    # attested as foreign minister in 004 (2014), 003 (January 2023) and 001 (18 December 2023);
    # no article gives the start or end of his tenure: one row, no interval
    assert len(lavrov) == 1
    (row,) = lavrov
    assert (row["start"], row["end"]) == (None, None)
    assert set(row["attested"].split(", ")) == {"2014-08", "2023-01", "2023-12-18"}
    yanukovych = _records(store, "tenures", {"holder": Term.iri(ID + "person/viktor-yanukovych")})
    # 004: "the former Ukrainian president, Viktor F. Yanukovych": ended by August 2014
    assert [(r["postName"], r["end"], _text(r["notAfter"]), r["attested"]) for r in yanukovych] == [
        ("President of Ukraine", None, "2014-08", None)
    ]


def test_what_statements_respond_to(store: OxigraphStore) -> None:
    rows = {
        (_short(r["statement"]), _short(r["respondsTo"]))
        for r in _records(store, "statement-responses")
    }
    assert rows == {
        # 003: the Kremlin and Peskov on the new restrictive measures (January 2023 round)
        ("statement/stmt-003-kremlin-nothing-new", "package/jp-2023-01-package"),
        ("statement/stmt-003-peskov-unfriendly-adapting", "package/jp-2023-01-package"),
        ("statement/stmt-003-peskov-sad-state", "package/jp-2023-01-package"),
        ("statement/stmt-003-kremlin-not-ready-to-negotiate", "measure/jp-2022-sanctions"),
        ("statement/stmt-003-kihara-no-comment-tanks", "measure/us-2023-01-abrams-tanks"),
        ("statement/stmt-003-kihara-no-comment-tanks", "measure/de-2023-01-leopard-tanks"),
        (
            "statement/stmt-003-kazakov-tanks-opinion-of-individuals",
            "statement/stmt-003-suzuki-tanks-prolong-conflict",
        ),
        # 001: "Soon, Russia responded to the sanctions imposed by Japan" (Trutnev, China)
        ("statement/stmt-001-trutnev-china-south-kurils", "package/jp-2023-12-package"),
        # 002: "Therefore, Russia revised the wording"
        ("statement/stmt-002-ru-kurils-inherent-lands", "measure/jp-2023-h1-sanctions"),
        ("statement/stmt-002-ru-kurils-inherent-lands", "measure/jp-military-aid-ukraine"),
        # 004: "After Japan's new sanctions were first announced last week, ... Lavrov"
        ("statement/stmt-004-lavrov-independence-from-us", "package/jp-2014-08-package"),
        ("statement/stmt-004-lavrov-putin-visit-still-on", "package/jp-2014-08-package"),
        # 004 reader comments replying to each other
        (
            "statement/stmt-004-commenter-c-sacrifice-us",
            "statement/stmt-004-commenter-b-deal-for-kurils",
        ),
        (
            "statement/stmt-004-commenter-f-escape-us-gravity",
            "statement/stmt-004-commenter-e-strong-ties-with-russia",
        ),
    }


def test_reported_planned_and_suspected_things_are_nodes(store: OxigraphStore) -> None:
    rows = {
        _short(r["node"]): (r["kind"], r["modalities"], r["suspectedActors"])
        for r in _records(store, "not-asserted")
    }
    assert rows == {
        # 003: "Japanese media, citing sources, reported that ... the Japanese prime minister
        # could visit Kyiv"
        "event/kishida-kyiv-visit-2023-02": ("Event", "possible, reported", None),
        "statement/stmt-003-japanese-media-kishida-kyiv-visit": ("Statement", "reported", None),
        # 004: "an invitation to President Vladimir V. Putin of Russia to visit Japan this autumn"
        "event/putin-visit-japan-2014": ("Event", "planned", None),
        # 004: "pro-Russian rebels appeared to be behind the downing of a Malaysia Airlines jet"
        "event/malaysia-airlines-downing-2014-07": (
            "Event",
            None,
            "Pro-Russian separatists in eastern Ukraine",
        ),
    }


def test_target_totals_count_a_group_told_by_two_sources_once(store: OxigraphStore) -> None:
    rows = {
        (_short(r["measure"]), r["memberKind"]): (r["total"], r["groups"])
        for r in _records(store, "target-group-totals")
    }
    # 000 and 001 both tell 35 persons and 44 organizations; 001 and 002 both tell 63
    # organizations (000 tells the same list without a total): counted once, not 70, 88, 126
    assert rows[("measure/jp-2023-12-asset-freeze", "Person")] == (35, 1)
    assert rows[("measure/jp-2023-12-asset-freeze", "Organization")] == (44, 1)
    assert rows[("measure/jp-2023-12-export-ban", "Organization")] == (63, 1)
    # one source each: 003 "22 individuals and three organizations", 004 "two groups and 40
    # individuals"
    assert rows[("measure/jp-2023-01-asset-freeze", "Person")] == (22, 1)
    assert rows[("measure/jp-2023-01-asset-freeze", "Organization")] == (3, 1)
    assert rows[("measure/jp-2014-08-asset-freeze", "Person")] == (40, 1)
    assert rows[("measure/jp-2014-08-asset-freeze", "Organization")] == (2, 1)
    assert len(rows) == 7


def test_counts_are_integers_and_amounts_keep_their_scale(store: OxigraphStore) -> None:
    rows = {_short(r["quantity"]): r for r in _records(store, "quantities")}
    counts = {
        q: (r["value"], r["datatype"], r["unit"])
        for q, r in rows.items()
        if r["datatype"] == "integer"
    }
    assert counts == {
        # 004 "which killed all 298 onboard"; "meeting Mr. Putin five times"
        "quantity/qty-malaysia-airlines-downing-2014-07-casualties": (298, "integer", "persons"),
        "quantity/qty-abe-putin-meetings-2013-2014-count": (5, "integer", "meetings"),
        # 003 "31 M1 Abrams tanks", "14 German Leopard 2 tanks"
        "quantity/qty-us-2023-01-abrams-tanks": (31, "integer", "items"),
        "quantity/qty-de-2023-01-leopard-tanks": (14, "integer", "items"),
    }
    trade = rows["quantity/qty-jp-ru-trade-volume-2022"]
    # 003: "amounting to $19.96 billion"
    assert (str(trade["statedValue"]), trade["scale"], trade["unit"], trade["raw"]) == (
        "19.96",
        "billion",
        "USD",
        "$19.96 billion",
    )
    assert int(trade["value"]) == 19_960_000_000
    gas = rows["quantity/qty-ru-cn-gas-contract-2014-05-value"]
    # 004: "$400 billion worth of natural gas"
    assert (int(gas["statedValue"]), gas["scale"], int(gas["value"])) == (
        400,
        "billion",
        400_000_000_000,
    )


def test_measure_dates_inherited_from_the_package_and_periods(store: OxigraphStore) -> None:
    rows = {_short(r["measure"]): r for r in _records(store, "measure-dates")}
    inherited = {
        m: (_text(r["announced"]), _short(r["inheritedFrom"]))
        for m, r in rows.items()
        if r["inheritedFrom"]
    }
    # 003 dates only the round ("Japan has imposed new sanctions", late January 2023)
    assert inherited == {
        "measure/jp-2023-01-export-ban": ("2023-01", "package/jp-2023-01-package"),
        "measure/jp-2023-01-asset-freeze": ("2023-01", "package/jp-2023-01-package"),
    }
    assert _text(rows["measure/jp-2023-01-asset-freeze"]["effective"]) == "2023-01-27"
    # a date the text gives the measure itself is not marked inherited
    assert rows["measure/jp-2023-12-export-ban"]["inheritedFrom"] is None
    # 002: "in the first half of this year" (2023) is a period, not "2023"
    h1 = rows["measure/jp-2023-h1-sanctions"]
    assert (h1["announced"], h1["effective"]) == (None, None)
    assert (_text(h1["notBefore"]), _text(h1["notAfter"])) == ("2023-01", "2023-06")


def test_discrepancy_variants_on_a_type_point_at_concepts(store: OxigraphStore) -> None:
    rows = {
        (_short(r["fact"]), r["conceptLabel"], r["file"])
        for r in _records(store, "discrepancy-concepts")
    }
    # 000 "ban the import of Russian diamonds" against 001 "a ban on the export of
    # non-industrially produced diamonds from Russia"
    assert ("measure/jp-2023-12-diamond-import-ban", "Import ban", ARTICLE_000) in rows
    assert ("measure/jp-2023-12-diamond-import-ban", "Export ban", ARTICLE_001) in rows
    # 001 "banned Japan from providing export services"
    assert ("measure/jp-2023-12-export-ban", "Services ban", ARTICLE_001) in rows
    assert len(rows) == 5


@pytest.mark.parametrize(
    ("name", "entity", "how"),
    [
        ("Sergey Kogonin", "person/sergey-kogogin", "alias (spelling in a source)"),  # 003
        ("sergey kogogin", "person/sergey-kogogin", "label"),
        ("Kogogin", "person/sergey-kogogin", "external name (not in the sources)"),
        ("Cousin Yuri Trutnev", None, None),  # a translation artefact, not a name
        ("Black Sea Economic Cooperation Organization", "organization/bsec", "alias (spelling in a source)"),
        ("USSR", "state/su", "external name (not in the sources)"),
        ("head of the CEC", "post/cec-chair-ru", "alias (spelling in a source)"),  # 003
    ],
)  # fmt: skip
def test_names_are_findable_and_marked_by_origin(
    store: OxigraphStore, name: str, entity: str | None, how: str | None
) -> None:
    rows = _records(store, "find-by-name", {"name": Term.literal(name)})
    assert {(_short(r["entity"]), r["how"]) for r in rows} == ({(entity, how)} if entity else set())


# a value for the queries that need one to answer anything
NEEDED = {"find-by-name": {"name": Term.literal("Russia")}}


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_no_duplicate_rows_when_several_sources_tell_a_fact(
    store: OxigraphStore, name: str
) -> None:
    rows = _records(store, name, NEEDED.get(name))
    assert rows, name
    keys = [tuple(sorted((k, str(v)) for k, v in r.items())) for r in rows]
    assert len(keys) == len(set(keys)), name


def test_the_new_queries_are_in_the_library() -> None:
    names = {q.name for q in list_queries()}
    assert {"agreements-affected", "target-group-totals", "find-by-name"} <= names
