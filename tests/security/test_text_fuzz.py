"""Property-based: any text, however odd, gives facts whose evidence points exactly into it,
built from valid ids, and never an exception (bounded budget so that CI stays fast)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.dates import PartialDate
from kg.extract import Extractor
from kg.iris import ID_PATTERN
from kg.model import SourceDocument

WORDS = st.sampled_from(
    [
        "Japan", "Russia", "imposed", "sanctions", "banned", "exports", "of", "robots", "to",
        "freeze", "the", "assets", "35", "individuals", "on", "January", "15", "said", "Putin",
        "Лавров", "岸田文雄", "not", "if", "retaliates", "“", "”", '"', ",", ".", "\n", "**",
        "Kuril", "Islands", "METI", "suspended", "talks", "from", "2024", "last", "year",
    ]
)  # fmt: skip
TEXT = st.one_of(
    st.lists(WORDS, max_size=60).map(" ".join),
    st.text(max_size=300),
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXT)
def test_extraction_of_any_text_is_well_formed(extractor: Extractor, text: str) -> None:
    document = SourceDocument(
        "fuzz", Path("fuzz.txt"), text, "t", "t", "news-article", "en", PartialDate("2024-03")
    )
    result = extractor.extract(document)
    for fact in result.facts:
        assert ID_PATTERN.match(fact.id), fact.id
        for evidence in fact.evidence:
            assert 0 <= evidence.start < evidence.end <= len(text)
            assert text[evidence.start : evidence.end] == evidence.text
            assert 0.0 <= evidence.confidence <= 1.0
    for entity in result.entities:
        assert ID_PATTERN.match(entity.id), entity.id
