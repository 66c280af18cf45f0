"""Turn quotes into evidence spans: the quote must be an exact substring of the document."""

from __future__ import annotations

from typing import Any

from kg.model import Evidence, SourceDocument

__all__ = ["locate_quotes"]


def locate_quotes(document: SourceDocument, quotes: list[Any]) -> list[Evidence]:
    """Evidence for each quote (a string, or {quote, occurrence}); ValueError if one is missing."""
    spans = []
    for item in quotes:
        if isinstance(item, dict):
            quote, occurrence = item.get("quote"), item.get("occurrence", 1)
            if set(item) - {"quote", "occurrence"}:
                raise ValueError(f"evidence entry has unknown keys: {sorted(item)}")
        else:
            quote, occurrence = item, 1
        if not isinstance(quote, str) or not quote.strip():
            raise ValueError(f"evidence must be a non-empty quote, got {quote!r}")
        if not isinstance(occurrence, int) or occurrence < 1:
            raise ValueError(f"occurrence must be a positive integer, got {occurrence!r}")
        start = -1
        for _ in range(occurrence):
            start = document.text.find(quote, start + 1)
            if start < 0:
                break
        if start < 0:
            raise ValueError(
                f"quote not found in {document.path.name}"
                + (f" (occurrence {occurrence})" if occurrence > 1 else "")
                + f": {quote[:80]!r}"
            )
        end = start + len(quote)
        spans.append(
            Evidence(document.id, start, end, quote, segment_kind=document.segment_kind_at(start))
        )
    return spans
