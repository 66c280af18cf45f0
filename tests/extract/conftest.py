"""Shared fixtures: the spaCy model and the extractor are loaded once per test session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kg.dates import PartialDate
from kg.extract import DocumentExtraction, Extractor
from kg.model import Segment, SourceDocument


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


def make_document(
    text: str, published: str = "2024-03", segments: tuple[Segment, ...] = (), doc_id: str = "t"
) -> SourceDocument:
    return SourceDocument(
        doc_id,
        Path(f"{doc_id}.txt"),
        text,
        "test",
        "tests",
        "news-article",
        "en",
        PartialDate(published),
        segments=segments,
    )


@pytest.fixture(scope="session")
def extract(extractor: Extractor) -> Callable[..., DocumentExtraction]:
    def run(
        text: str, published: str = "2024-03", segments: tuple[Segment, ...] = ()
    ) -> DocumentExtraction:
        return extractor.extract(make_document(text, published, segments))

    return run


@pytest.fixture(scope="session")
def make_doc() -> Callable[..., SourceDocument]:
    return make_document
