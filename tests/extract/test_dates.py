"""Date expressions resolved against the article's date, keeping the precision the text gives."""

from __future__ import annotations

import pytest

from kg.dates import PartialDate
from kg.extract.dates import find_dates


def dates(text: str, published: str) -> list[tuple[str, str | None]]:
    return [(str(d.date), d.cue) for d in find_dates(text, 0, PartialDate(published))]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("Tokyo announced the measures on the 15th.", "2023-12", "2023-12-15"),
        ("The ban applies from January 1, 2024.", "2023-12", "2024-01-01"),
        ("The ban applies from January 1.", "2023-12", "2024-01-01"),
        ("It will be imposed on December 22.", "2023-12", "2023-12-22"),
        ("The measures take effect on 22 December.", "2023-12", "2023-12-22"),
        ("In March last year, talks broke down.", "2023-01", "2022-03"),
        ("Last year, trade grew by 6.2%.", "2023-01", "2022"),
        ("Sanctions announced last month by Washington.", "2014-08", "2014-07"),
        ("Annexed earlier this year.", "2014-08", "2014"),
        ("On September 5, 2022, Moscow suspended the agreement.", "2023-01", "2022-09-05"),
        ("Talks resumed in May.", "2014-08", "2014-05"),
        ("Talks resumed in October.", "2014-08", "2013-10"),
        ("From January 2024, imports stop.", "2023-12", "2024-01"),
    ],
)
def test_relative_and_absolute_dates(text: str, published: str, expected: str) -> None:
    assert [d for d, _ in dates(text, published)] == [expected]


def test_cue_word_is_kept_for_effective_dates() -> None:
    assert dates("from January 27", "2023-01") == [("2023-01-27", "from")]


@pytest.mark.parametrize(
    "text",
    [
        "It may happen, and they might not.",  # the modal 'may' is not a month
        "They met on Tuesday.",  # a weekday needs a day-precision article date
        "Imports totaled 40$500 million and 2,000 tons.",
    ],
)
def test_no_date_where_there_is_none(text: str) -> None:
    assert dates(text, "2014-08") == []


def test_day_of_month_needs_a_month() -> None:
    assert dates("announced on the 15th", "2023") == []


def test_offsets_point_into_the_text() -> None:
    text = "Sanctions were announced on the 15th by Tokyo."
    found = find_dates(text, 100, PartialDate("2023-12"))
    assert text[found[0].start - 100 : found[0].end - 100] == "on the 15th"
