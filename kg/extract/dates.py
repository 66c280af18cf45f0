"""Stage: date expressions in a sentence, normalised against the article's date.

"On September 5, 2022" is absolute; "on the 15th", "last year", "in March last year", "from
January 1" and "December 22" are resolved against the document's publication date, keeping the
precision the text gives (day, month or year). An expression that needs more than the article's
date can give ("on Tuesday" in an article dated only to the month) yields nothing rather than a
guess; "on Monday", "today" and "yesterday" are counted from the article's date, as dateparser
counts them with it as RELATIVE_BASE (the same dates; dateparser took 8 ms a call). A bare number is a year only after a preposition of time. A year left out ("December 22") takes the nearest year before the article unless the
sentence looks ahead ("from", "will"), then the nearest year either side.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kg.dates import PartialDate
from kg.extract.anchored import anchored_matches

__all__ = ["DateMention", "find_dates", "relative_day", "resolve_month_day"]

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan."),
            ("February", "Feb."),
            ("March", "Mar."),
            ("April", "Apr."),
            ("May",),
            ("June", "Jun."),
            ("July", "Jul."),
            ("August", "Aug."),
            ("September", "Sept.", "Sep."),
            ("October", "Oct."),
            ("November", "Nov."),
            ("December", "Dec."),
        ],
        start=1,
    )
    for name in names
}
_M = (
    "(?P<month>"
    + "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True))
    + r")(?![a-z])"
)
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?P<year>(?:19|20)\d\d)(?![\d%])"
_PREP = r"(?:(?P<prep>[Oo]n|[Ii]n|[Ff]rom|[Ss]ince|[Bb]y|[Uu]ntil|[Ss]tarting|[Aa]s of|[Ee]ffective|[Bb]efore|[Aa]fter|[Ee]arly|[Ll]ate|[Mm]id-?)\s+(?:the\s+)?)?"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("mdy", re.compile(_PREP + _M + r"\s+" + _D + r",?\s+" + _Y)),
    ("dmy", re.compile(_PREP + _D + r"\s+(?:of\s+)?" + _M + r",?\s+" + _Y)),
    ("my", re.compile(_PREP + _M + r",?\s+(?:of\s+)?" + _Y)),
    ("m-rel", re.compile(_PREP + _M + r"\s+(?:of\s+)?(?P<rel>last|this|next|previous)\s+year")),
    ("md", re.compile(_PREP + _M + r"\s+" + _D + r"(?![\d,]*\d{4})\b")),
    ("dm", re.compile(_PREP + _D + r"\s+(?:of\s+)?" + _M)),
    (
        "rel",
        re.compile(
            _PREP
            + r"(?P<rel2>last|this|next|previous|past|earlier this|later this)\s+(?P<unit>year|month)\b",
            re.I,
        ),
    ),
    (
        "nth",
        re.compile(
            r"(?P<prep>[Oo]n|[Ff]rom|[Bb]y|[Uu]ntil)\s+the\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)\b"
        ),
    ),
    (
        "m",
        re.compile(
            r"(?P<prep>[Ii]n|[Ss]ince|[Ff]rom|[Bb]y|[Uu]ntil|[Ee]arly|[Ll]ate|[Mm]id-?)\s+" + _M
        ),
    ),
    # a bare year only after a preposition of time, and not as a count or a modifier ("over 2000
    # entities", "the 1998 agreement")
    (
        "y",
        re.compile(
            r"(?P<prep>[Ii]n|[Ss]ince|[Ff]rom|[Bb]y|[Uu]ntil|[Bb]efore|[Aa]fter|[Ee]arly|[Ll]ate"
            r"|[Mm]id-?|[Ss]tarting|[Tt]hrough|[Dd]uring)\s+(?:the\s+year\s+)?(?<![\d$.,])"
            + _Y
            + r"(?!\s+[a-z]+s\b)"
        ),
    ),
    (
        "wd",
        re.compile(
            r"(?:(?P<prep>[Oo]n|[Ll]ast|[Tt]his|[Ss]ince|[Uu]ntil|[Bb]y|[Ff]rom|[Nn]ext)\s+)?"
            r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        ),
    ),
    ("today", re.compile(r"(?<![\w-])(?P<prep>)(?P<word>[Tt]oday|[Yy]esterday|[Tt]omorrow)\b")),
]
# every pattern above needs one of these: a sentence without any has no date to look for
_ANY_DATE = re.compile(
    r"\d|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|day|[Tt]omorrow|(?i:year|month)"
)
# and each pattern needs a piece that it matches itself (a month name, a digit, ...): a sentence
# in which that piece is nowhere cannot match the pattern, so the pattern is not tried on it
# (each pattern starts with an optional preposition: a pattern tried is a scan of the sentence)
_NEEDS = {
    "month": re.compile(_M.replace("(?P<month>", "(?:")),
    "year": re.compile(_Y.replace("(?P<year>", "(?:")),
    "digit": re.compile(r"\d"),
    "rel-year": re.compile(r"(?:last|this|next|previous)\s+year"),
    "unit": re.compile(r"(?:year|month)\b", re.I),
    "nth": re.compile(r"the\s+[0-3]?\d(?:st|nd|rd|th)\b"),
    "weekday": re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"),
    "word": re.compile(r"(?:[Tt]oday|[Yy]esterday|[Tt]omorrow)\b"),
}
# a pattern that opens with the optional preposition can match only where the rest of it does,
# and that rest alone (most often led by a month name) is quick to look for
_RESTS = {
    kind: re.compile(pattern.pattern[len(_PREP) :], pattern.flags)
    for kind, pattern in PATTERNS
    if pattern.pattern.startswith(_PREP)
}
_NEEDED = {
    "mdy": ("month", "year"), "dmy": ("month", "year"), "my": ("month", "year"),
    "m-rel": ("month", "rel-year"), "md": ("month", "digit"), "dm": ("month", "digit"),
    "rel": ("unit",), "nth": ("nth",), "m": ("month",), "y": ("year",),
    "wd": ("weekday",), "today": ("word",),
}  # fmt: skip
# Where a pattern is tried: a piece that each of its matches holds (the rest after the optional
# preposition; the month of "m", the year of "y"), and how many runs of spaces and of other
# characters a match may hold before that piece: six in "as of the 5 May" and "in the year 2022"
# ("as", " ", "of", " ", "the", " "). Tried from the sentence's start instead, a pattern would
# try each of its prepositions at every character.
_ANCHORS: dict[str, tuple[re.Pattern[str], int]] = {
    **{kind: (rest, 6) for kind, rest in _RESTS.items()},
    "m": (_NEEDS["month"], 2),
    "y": (_NEEDS["year"], 6),
}
FUTURE_CUES = re.compile(r"\b(will|from|starting|next|until|plans?|shall|going to)\b", re.I)


@dataclass(frozen=True)
class DateMention:
    """A date expression at document offsets [start, end) and what it means."""

    start: int
    end: int
    text: str
    date: PartialDate
    cue: str | None  # the preposition before it, lowercase: on, from, since...


def resolve_month_day(
    month: int, day: int | None, reference: PartialDate, future: bool
) -> PartialDate | None:
    """The year of a month (and day) written without one, relative to the article's date."""
    ref = reference.first_day
    ref_end = _period_end(reference)
    candidates = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidates.append(dt.date(year, month, day or 1))
        except ValueError:
            continue
    if not candidates:
        return None
    if future:
        best = min(candidates, key=lambda d: abs((d - ref).days))
    else:
        past = [d for d in candidates if d <= ref_end]
        best = max(past) if past else min(candidates, key=lambda d: abs((d - ref).days))
    return PartialDate.of(best, "day" if day else "month")


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_SHIFT = {"today": 0, "yesterday": -1, "tomorrow": 1}


def relative_day(word: str, reference: PartialDate, future: bool) -> PartialDate | None:
    """'Monday', 'today', 'yesterday' against the publication date (as dateparser reads them
    with it as RELATIVE_BASE: tests/ingest/test_relative_dates.py compares the two).
    A weekday is the nearest one before the article (after it when the sentence looks ahead), the
    article's own day when it is that weekday. A publication date known only to the month gives
    the month for "today" and nothing for the rest (they may fall in the month before)."""
    if reference.precision == "year":
        return None
    if reference.precision == "month":  # a weekday or "yesterday" may fall in the month before
        return PartialDate(reference.iso[:7]) if word.lower() == "today" else None
    base = reference.first_day
    word = word.lower()
    if word in _DAY_SHIFT:
        return PartialDate.of(base + dt.timedelta(days=_DAY_SHIFT[word]))
    if word not in _WEEKDAYS:
        return None
    ahead = (_WEEKDAYS.index(word) - base.weekday()) % 7  # 0: the article's own weekday
    if ahead == 0:
        return PartialDate.of(base)
    return PartialDate.of(base + dt.timedelta(days=ahead if future else ahead - 7))


def _period_end(reference: PartialDate) -> dt.date:
    first = reference.first_day
    if reference.precision == "day":
        return first
    if reference.precision == "month":
        following = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(first.year, 12, 31)


def _shift_month(date: dt.date, months: int) -> dt.date:
    index = date.year * 12 + date.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _normalise(
    kind: str, m: re.Match[str], reference: PartialDate, future: bool
) -> PartialDate | None:
    groups = m.groupdict()
    month = MONTHS.get(groups.get("month") or "")
    day = int(groups["day"]) if groups.get("day") else None
    year = int(groups["year"]) if groups.get("year") else None
    ref = reference.first_day
    try:
        if kind in ("mdy", "dmy"):
            return PartialDate.of(dt.date(year, month, day))  # type: ignore[arg-type]
        if kind == "my":
            return PartialDate(f"{year:04d}-{month:02d}")
        if kind == "y":
            return PartialDate(f"{year:04d}")
        if kind == "m-rel":
            shift = {"last": -1, "previous": -1, "this": 0, "next": 1}[groups["rel"].lower()]
            return PartialDate(f"{ref.year + shift:04d}-{month:02d}")
        if kind in ("md", "dm", "m"):
            if kind != "m" and not 1 <= (day or 0) <= 31:
                return None
            return resolve_month_day(month or 1, day if kind != "m" else None, reference, future)
        if kind == "rel":
            rel, unit = groups["rel2"].lower(), groups["unit"].lower()
            shift = {"last": -1, "previous": -1, "past": -1, "next": 1}.get(rel, 0)
            if unit == "year":
                return PartialDate(f"{ref.year + shift:04d}")
            if reference.precision == "year":
                return None
            return PartialDate.of(_shift_month(ref, shift), "month")
        if kind in ("wd", "today"):  # a weekday looks ahead only when its own words say so
            ahead = (groups.get("prep") or "").lower() in ("until", "by", "from", "next")
            return relative_day(groups.get("weekday") or groups["word"], reference, ahead)
        if kind == "nth":
            if reference.precision == "year" or not 1 <= (day or 0) <= 31:
                return None
            return PartialDate.of(dt.date(ref.year, ref.month, day))  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return None
    return None


ABSOLUTE = frozenset({"mdy", "dmy", "my", "y"})  # kinds that need no publication date


def _matches(kind: str, pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, tried only near where its anchor (_ANCHORS) matches."""
    if kind not in _ANCHORS:
        return pattern.finditer(text)
    anchor, runs = _ANCHORS[kind]
    return anchored_matches(pattern, anchor, runs, text)


def find_dates(text: str, offset: int, reference: PartialDate | None) -> list[DateMention]:
    """The date expressions of `text` (a sentence at document offset `offset`), left to right.
    With no publication date (`reference` None) only absolute dates are read: "on Monday" or
    "December 22" stay unresolved rather than guessed."""
    if not _ANY_DATE.search(text):
        return []
    future = bool(FUTURE_CUES.search(text))
    present = {need for need, piece in _NEEDS.items() if piece.search(text)}
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in PATTERNS:
        if not present.issuperset(_NEEDED[kind]) or (reference is None and kind not in ABSOLUTE):
            continue
        for m in _matches(kind, pattern, text):
            start, end = m.span()
            if any(a < end and start < b for a, b in taken):
                continue
            cue = (m.group("prep") or "").lower().rstrip("-") or None
            date = _normalise(
                kind,
                m,
                reference or PartialDate("2000"),  # unused by the absolute kinds
                future or cue in ("from", "starting", "until", "by"),
            )
            if date is None:
                continue
            taken.append((start, end))
            found.append(DateMention(offset + start, offset + end, m.group(0), date, cue))
    return sorted(found, key=lambda d: d.start)
