"""The pipeline's key types: documents, evidence, entities and facts.

Curated data and the extractor both produce these; one RDF writer (kg.rdf.writer) turns them into
the graph, so curated and machine facts share one shape and differ only in their evidence.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.dates import PartialDate

__all__ = ["Entity", "Evidence", "Fact", "Segment", "SourceDocument"]


@dataclass(frozen=True)
class Segment:
    """A span [start, end) of a document of one kind: article-body, reader-comments, page-chrome."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class SourceDocument:
    """A source text with its metadata. Offsets everywhere index `text` (code points)."""

    id: str
    path: Path
    text: str
    title: str
    publisher: str
    kind: str
    language: str
    published: PartialDate | None  # None: no date known; relative dates stay unresolved
    date_note: str | None = None
    origin: str | None = None
    segments: tuple[Segment, ...] = ()

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def segment_kind_at(self, offset: int) -> str:
        """The kind of the segment holding `offset`; text outside any segment is article body."""
        for segment in self.segments:
            if segment.start <= offset < segment.end:
                return segment.kind
        return "article-body"


@dataclass(frozen=True)
class Evidence:
    """The span of a document that supports a fact, and how the fact was obtained."""

    source_id: str
    start: int
    end: int
    text: str
    method: str = "curated"
    extractor: str | None = None
    confidence: float = 1.0
    segment_kind: str = "article-body"


@dataclass(kw_only=True)
class Entity:
    """A canonical state, person, organization, territory or post.

    `source_id` is None for reference data (entities.yaml) and names the source for entities a
    source introduces (an anonymous commenter, a newly minted node from extraction).
    """

    id: str
    kind: str
    name: str
    aliases: tuple[str, ...] = ()
    attrs: dict[str, Any] = field(default_factory=dict)
    source_id: str | None = None
    origin: str = ""


@dataclass(kw_only=True)
class Fact:
    """One assertion node (a measure, statement, claim, tenure...) as one source tells it.

    `fields` holds typed values keyed by the field names of kg.schema.FACT_KINDS: ids of other
    nodes for references, concept local names, PartialDate, int, float, str, or nested dicts for
    target groups and discrepancy variants.
    """

    id: str
    kind: str
    source_id: str
    fields: dict[str, Any]
    evidence: list[Evidence]
    note: str | None = None
    origin: str = ""
