"""`finditer` for a pattern that can only match near a piece of its own: tried from there only.

A date pattern opens with an optional preposition ("as of", "in the year"): tried from every
character, the regex engine tries each preposition at each of them. Every match of such a
pattern holds a match of a fixed piece (its month, its year, the words after the preposition)
with at most so many runs of spaces and of other characters before it, so the pattern is tried
only from that many runs before each place the piece matches (kg.extract.dates).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

__all__ = ["anchored_matches"]


@cache
def _runs(count: int) -> re.Pattern[str]:
    return re.compile(rf"(?:\s+|\S+){{0,{count}}}")


def _runs_before(backwards: str, at: int, count: int) -> int:
    """Where the `count` runs of spaces and of other characters that end at `at` begin, in the
    text that `backwards` is the reverse of (so that one forward match finds them)."""
    start = len(backwards) - at
    found = _runs(count).match(backwards, start)
    assert found is not None  # zero runs match anywhere
    return at - (found.end() - start)


def anchored_matches(
    pattern: re.Pattern[str], anchor: re.Pattern[str], runs: int, text: str
) -> Iterator[re.Match[str]]:
    """The matches `pattern.finditer(text)` gives, when each holds a match of `anchor` with at
    most `runs` runs before it: no match begins earlier than that many runs before the next
    place the anchor matches."""
    backwards = text[::-1]
    position = 0
    while (piece := anchor.search(text, position)) is not None:
        match = pattern.search(text, max(position, _runs_before(backwards, piece.start(), runs)))
        if match is None:
            return
        yield match
        position = match.end()  # where finditer looks on: no pattern here matches empty text
