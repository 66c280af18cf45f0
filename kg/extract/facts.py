"""Turn extraction results into kg.model objects: stable ids, evidence, minted entities.

Fact ids are `x-<kind>-<document>-<hash>`: derived from the document id and the fact's content
(never from run order), and the `x-` prefix keeps them apart from curated ids. A mention that
links to no canonical node becomes a new Entity of the document (`source_id` set) with an id from
kg.iris.slugify; its kind comes from the role it fills (an imposer is a state or organization, a
speaker an agent) together with the NER label, never from the label alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from kg.extract.mentions import Mention
from kg.extract.sentences import Sentence
from kg.iris import slugify
from kg.link.gazetteer import Gazetteer
from kg.model import Entity, Evidence, SourceDocument

__all__ = ["EXTRACTOR", "EXTRACTOR_VERSION", "Resolver", "fact_id"]

EXTRACTOR_VERSION = "0.1.0"
EXTRACTOR = f"kg-extract/{EXTRACTOR_VERSION}"
ABBREVIATIONS = {"measure": "m", "package": "p", "statement": "s", "tenure": "t"}
# NER label -> the entity kind a minted node gets, per role
MINT_KINDS = {
    "imposer": {
        "ORG": "organization",
        "PERSON": "person",
        "FAC": "organization",
        "NORP": "organization",
    },
    "speaker": {"PERSON": "person", "ORG": "organization", "NORP": "organization"},
    "target": {
        "PERSON": "person",
        "ORG": "organization",
        "GPE": "territory",
        "LOC": "territory",
        "FAC": "organization",
    },
}
GOVERNMENT_KINDS = frozenset({"government", "military"})


@lru_cache(maxsize=256)
def document_slug(document_id: str) -> str:
    """The document's part of fact and entity ids (cached: every fact and minted entity of a
    document asks for it)."""
    return slugify(document_id)[:40].strip("-") or "doc"


def fact_id(kind: str, document_id: str, *content: object) -> str:
    """x-<kind>-<document>-<10 hex of the content>: stable across runs and unique per content."""
    digest = hashlib.sha1(repr((document_id, kind, content)).encode("utf-8")).hexdigest()[:10]
    return f"x-{ABBREVIATIONS.get(kind, kind[:1])}-{document_slug(document_id)}-{digest}"


@dataclass
class Resolver:
    """Entity ids for mentions in roles, minting new nodes of the document when needed."""

    gaz: Gazetteer
    document: SourceDocument
    known_ids: set[str] = field(default_factory=set)
    minted: dict[str, Entity] = field(default_factory=dict)

    def kind(self, entity_id: str) -> str | None:
        if entity_id in self.gaz.entities:
            return self.gaz.entities[entity_id].kind
        if entity_id in self.minted:
            return self.minted[entity_id].kind
        return None

    def entity(self, mention: Mention, role: str) -> str | None:
        """The id a mention stands for in `role`, minting a node if the text names a new one."""
        if mention.entity_id:
            info = self.gaz.entities[mention.entity_id]
            if not info.reference:
                self._mint_candidate(info.id, info.name, info.kind, info.iso)
            return mention.entity_id
        kind = MINT_KINDS.get(role, MINT_KINDS["target"]).get(mention.label)
        if kind is None or len(mention.text.strip()) < 2 or not mention.head_role:
            return None
        name = " ".join(mention.text.split())
        if name.lower().startswith("the "):
            name = name[4:]
        return self._mint(name, kind)

    def imposer(self, mention: Mention) -> tuple[str | None, str | None]:
        """(imposer, implementing body): a ministry imposes for its state, a person for theirs."""
        entity_id = self.entity(mention, "imposer")
        if entity_id is None:
            return None, None
        info = self.gaz.entities.get(entity_id)
        if info is None:  # minted: a person imposes nothing of their own, a body may
            minted = self.minted.get(entity_id)
            return (
                (None, None)
                if minted is not None and minted.kind == "person"
                else (entity_id, None)
            )
        if info.kind == "organization" and info.org_kind in GOVERNMENT_KINDS and info.home:
            return info.home, entity_id
        if info.kind in ("person", "post"):  # "US President Donald Trump withdrew"
            return (info.home, None) if info.home else (None, None)
        if info.kind in ("state", "organization"):
            return entity_id, None
        return None, None

    def _add_minted(self, entity_id: str, kind: str, name: str, attrs: dict[str, Any]) -> None:
        """A node this document introduces (its source is the document)."""
        self.minted[entity_id] = Entity(
            id=entity_id,
            kind=kind,
            name=name,
            attrs=attrs,
            source_id=self.document.id,
            origin="extracted",
        )

    def _mint_candidate(self, entity_id: str, name: str, kind: str, iso: str | None) -> None:
        if entity_id not in self.minted:
            attrs = {"iso": iso} if iso else {}
            self._add_minted(entity_id, kind, name, attrs)

    def _mint(self, name: str, kind: str) -> str:
        base = slugify(name)[:60].strip("-") or "x"
        entity_id = base
        if entity_id in self.known_ids or (
            entity_id in self.minted and self.minted[entity_id].kind != kind
        ):
            entity_id = f"{base}-{document_slug(self.document.id)}"
        if entity_id not in self.minted:
            attrs = {"kind": "other"} if kind == "organization" else {}
            self._add_minted(entity_id, kind, name, attrs)
        return entity_id

    def mint_group(self, noun: str, kind: str) -> str:
        """An unnamed speaker of this document ('analysts said'): one node per noun and document."""
        entity_id = f"{slugify(noun)}-{document_slug(self.document.id)}"
        if entity_id not in self.minted:
            name = f"{noun.capitalize()} cited by {self.document.id} (unnamed)"
            attrs = {"kind": "other"} if kind == "organization" else {}
            self._add_minted(entity_id, kind, name, attrs)
        return entity_id


def evidence(document: SourceDocument, sentence: Sentence, confidence: float) -> Evidence:
    """The sentence as evidence: its offsets, its text, the extractor and a confidence."""
    start, end = sentence.start, sentence.end
    return Evidence(
        document.id,
        start,
        end,
        document.text[start:end],
        method="extracted",
        extractor=EXTRACTOR,
        confidence=round(max(0.0, min(1.0, confidence)), 3),
        segment_kind=document.segment_kind_at(start),
    )
