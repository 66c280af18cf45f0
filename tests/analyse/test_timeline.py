"""as_of / changes on hand-made measures of day, month and year precision (tiny.trig, graph
source/time), and on the bundled corpus."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.analyse import Status, as_of, changes, lag, last_day, sanction_graph, status_on
from kg.dates import PartialDate
from kg.store import GraphStore


def _status(store: GraphStore, day: str) -> dict[str, tuple[str | None, str | None]]:
    graph = as_of(store, day, include_ended=True)
    return {k: (d["status"], d["possibly"]) for _, _, k, d in graph.edges(keys=True, data=True)}


def test_periods() -> None:
    assert last_day(PartialDate("2024-01")) == dt.date(2024, 1, 31)
    assert last_day(PartialDate("2024-02")) == dt.date(2024, 2, 29)
    assert last_day(PartialDate("2023")) == dt.date(2023, 12, 31)
    assert lag(PartialDate("2022-02-24"), PartialDate("2022-03-10")).days == 14  # type: ignore[union-attr]
    month = lag(PartialDate("2022-03"), PartialDate("2022-03"))
    assert month is not None and (month.days, month.min_days, month.max_days) == (None, 0, 30)
    assert lag(None, PartialDate("2022")) is None


def test_from_january_2024_around_new_year(tiny: GraphStore) -> None:
    # t-month: announced 2023-12-15, in force "from January 2024" (month precision).
    assert _status(tiny, "2023-12-14").get("measure/t-month") is None
    assert _status(tiny, "2023-12-31")["measure/t-month"] == ("announced", None)
    # Inside January the day is unknown: still surely only announced, possibly in force.
    assert _status(tiny, "2024-01-15")["measure/t-month"] == ("announced", "in force")
    assert _status(tiny, "2024-01-31")["measure/t-month"] == ("in force", None)
    assert _status(tiny, "2024-02-01")["measure/t-month"] == ("in force", None)


def test_day_precision_takes_effect_on_the_day(tiny: GraphStore) -> None:
    assert _status(tiny, "2023-12-31")["measure/t-day"] == ("announced", None)
    assert _status(tiny, "2024-01-01")["measure/t-day"] == ("in force", None)


def test_year_precision(tiny: GraphStore) -> None:
    # t-year: in force "in 2024", nothing announced: not in the graph before 2024, possibly in
    # force during 2024 (kept only when asked), in force from 2024-12-31.
    assert "measure/t-year" not in _status(tiny, "2023-12-31")
    assert "measure/t-year" not in _status(tiny, "2024-06-30")
    graph = as_of(tiny, "2024-06-30", include_possible=True)
    assert graph.edges["state/d", "state/e", "measure/t-year"]["possibly"] == "in force"
    assert _status(tiny, "2025-01-01")["measure/t-year"] == ("in force", None)


def test_ended_measures(tiny: GraphStore) -> None:
    # t-end: in force 2020-06-01, ended "June 2021".
    assert _status(tiny, "2021-06-15")["measure/t-end"] == ("in force", "ended")
    assert _status(tiny, "2021-07-01")["measure/t-end"] == ("ended", None)
    kept = {k for _, _, k in as_of(tiny, "2021-07-01").edges(keys=True)}
    assert "measure/t-end" not in kept


def test_undated_measures_are_left_out(tiny: GraphStore) -> None:
    graph = as_of(tiny, "2030-01-01")
    keys = {k for _, _, k in graph.edges(keys=True)}
    assert "measure/c1" not in keys and "measure/a1" in keys
    assert "state/c" not in graph
    assert graph.graph["as_of"] == "2030-01-01"


def test_status_on_rejects_a_bad_day() -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        status_on({}, "2024-13-01")
    assert status_on({}, "2024-01-01") == Status(None, None)


def test_changes(tiny: GraphStore) -> None:
    found = changes(tiny, "2023-12-31", "2024-02-01")
    assert set(zip(found["measure"], found["change"], strict=True)) == {
        ("measure/t-day", "in force"),
        ("measure/t-month", "in force"),
    }
    found = changes(tiny, "2020-01-01", "2020-12-31")
    got = set(zip(found["measure"], found["change"], strict=True))
    assert {
        ("measure/a1", "announced"),
        ("measure/a1", "in force"),
        ("measure/b2", "announced"),
    } <= got
    assert ("measure/a2", "announced") not in got  # 2021
    with pytest.raises(ValueError, match="before"):
        changes(tiny, "2024-01-01", "2023-01-01")


def test_as_of_on_the_bundled_graph(store: GraphStore) -> None:
    graph = sanction_graph(store)
    # 003: "On September 5, 2022, Russia suspended the agreement on the procedure for mutual
    # trips".
    before = {k for _, _, k in as_of(graph, "2022-09-04").edges(keys=True)}
    after = as_of(graph, "2022-09-05")
    assert "measure/ru-2022-09-visa-free-exchange-suspension" not in before
    edge = after.edges["state/ru", "state/jp", "measure/ru-2022-09-visa-free-exchange-suspension"]
    assert edge["status"] == "in force"
    # 000: Japan "would ban the import of Russian diamonds from January 1, 2024".
    diamonds = "measure/jp-2023-12-diamond-import-ban"
    assert (
        as_of(graph, "2023-12-31").edges["state/jp", "state/ru", diamonds]["status"] == "announced"
    )
    assert (
        as_of(graph, "2024-01-01").edges["state/jp", "state/ru", diamonds]["status"] == "in force"
    )
    # 002: "The sanctions will be implemented on 22 December."
    found = changes(graph, "2023-12-16", "2023-12-31")
    assert ("measure/jp-2023-12-export-ban", "in force") in set(
        zip(found["measure"], found["change"], strict=True)
    )
