"""Dates of day, month or year precision read as periods, and the rules built on them.

A `PartialDate` of month precision ("2024-01") means some day of January 2024; we treat it as
the period [2024-01-01, 2024-01-31] and never pretend to know the day.

- A date is **reached** on day D when its whole period lies on or before D (`last_day <= D`);
  it is **possibly reached** when D falls inside the period (`first_day <= D < last_day`).
  So a measure in force "from January 2024" is not in force on 2023-12-31, possibly in force on
  2024-01-15 (and on 2024-01-01..2024-01-30), and in force from 2024-01-31 on (thus on
  2024-02-01). A day date is reached on that day.
- The **lag** from an earlier date `a` to a later `b` is exact (`lag_days`) only when both are
  days. Otherwise it is the range of lags the two periods allow, [first_day(b) - last_day(a),
  last_day(b) - first_day(a)], with the lower end clipped at 0 (a response does not come
  before what it answers).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from kg.dates import PartialDate

__all__ = ["Lag", "date_attrs", "lag", "last_day", "parse_day", "possibly_reached", "reached"]


def date_attrs(name: str, date: PartialDate | None) -> dict[str, Any]:
    """{name: '2022-03', name_precision: 'month'} (flat, as GraphML and CSV want), or Nones."""
    if date is None:
        return {name: None, f"{name}_precision": None}
    return {name: date.iso, f"{name}_precision": date.precision}


def parse_day(day: str | dt.date) -> dt.date:
    """A day from 'YYYY-MM-DD' or a date; a clear ValueError otherwise."""
    if isinstance(day, dt.datetime):
        return day.date()
    if isinstance(day, dt.date):
        return day
    try:
        return dt.date.fromisoformat(day)
    except (TypeError, ValueError):
        raise ValueError(f"expected a day as YYYY-MM-DD, got {day!r}") from None


def last_day(date: PartialDate) -> dt.date:
    """The last day the date can mean: 2024-01 → 2024-01-31, 2023 → 2023-12-31."""
    first = date.first_day
    if date.precision == "day":
        return first
    if date.precision == "month":
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first.replace(month=12, day=31)


def reached(date: PartialDate | None, day: dt.date) -> bool:
    """True when the whole period of `date` lies on or before `day`."""
    return date is not None and last_day(date) <= day


def possibly_reached(date: PartialDate | None, day: dt.date) -> bool:
    """True when `day` lies inside the period of `date` but before its last day."""
    return date is not None and date.first_day <= day < last_day(date)


@dataclass(frozen=True)
class Lag:
    """Days from a cause to its response: exact when both are days, else a range."""

    days: int | None
    min_days: int
    max_days: int


def lag(cause: PartialDate | None, response: PartialDate | None) -> Lag | None:
    """The lag from `cause` to `response` (None when either date is unknown); see the module."""
    if cause is None or response is None:
        return None
    low = max(0, (response.first_day - last_day(cause)).days)
    high = (last_day(response) - cause.first_day).days
    exact = (
        (response.first_day - cause.first_day).days
        if cause.precision == response.precision == "day"
        else None
    )
    return Lag(exact, low, max(low, high))
