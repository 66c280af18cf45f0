"""Weekdays and today/yesterday/tomorrow are counted from the article's date, as dateparser
reads them with that date as RELATIVE_BASE (it took 8 ms a call; the count takes microseconds).
dateparser is the reference here: every weekday word against dates over a year, both ways."""

from __future__ import annotations

import datetime as dt

import dateparser
import pytest

from kg.dates import PartialDate
from kg.extract.dates import find_dates, relative_day

WORDS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WORDS += ["today", "Yesterday", "tomorrow"]


def _dateparser(word: str, base: dt.date, future: bool) -> str | None:
    found = dateparser.parse(
        word,
        languages=["en"],
        settings={
            "RELATIVE_BASE": dt.datetime.combine(base, dt.time(12)),
            "PREFER_DATES_FROM": "future" if future else "past",
        },
    )
    return found.date().isoformat() if found is not None else None


@pytest.mark.parametrize("future", [False, True])
def test_relative_days_are_the_dates_dateparser_gives(future: bool) -> None:
    checked = 0
    for shift in range(0, 370, 11):  # every weekday of the article, across month and year ends
        base = dt.date(2023, 12, 20) + dt.timedelta(days=shift)
        for word in WORDS:
            got = relative_day(word, PartialDate(base.isoformat()), future)
            if word.lower() == base.strftime("%A").lower():
                assert got == PartialDate(base.isoformat())  # the article's own weekday
                continue
            assert (got.iso if got else None) == _dateparser(word, base, future), (word, base)
            checked += 1
    assert checked > 300


def test_sentences_without_date_words_give_no_date_and_others_still_do() -> None:
    reference = PartialDate("2024-03-13")  # a Wednesday
    assert find_dates("Analysts said the measures were largely symbolic.", 0, reference) == []
    found = find_dates("Tokyo said on Monday it would act next month.", 10, reference)
    assert [(d.text, d.date.iso, d.start) for d in found] == [
        ("on Monday", "2024-03-11", 21),
        ("next month", "2024-04", 44),
    ]
