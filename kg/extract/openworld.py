"""Open world: every entity mention the document makes, not only those that fill a role.

Each recognised mention (gazetteer or NER, demonyms aside) becomes a link from the document to
an entity with its offsets: the canonical entity when linking found one, else a node minted for
the document, typed from the NER label and the words around the name (a title before a person, a
company suffix, "Ministry of ..."), labelled with the text's spelling.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.facts import Resolver
from kg.extract.mentions import Mention, Mentions

__all__ = ["MentionLink", "mention_links"]

COMPANY_SUFFIXES = (
    "ltd",
    "limited",
    "llc",
    "inc",
    "corp",
    "corporation",
    "plc",
    "gmbh",
    "jsc",
    "pjsc",
    "company",
    "co",
    "group",
    "bank",
    "fze",
    "dmcc",
    "sa",
    "ag",
)
MIN_LENGTH = 2


@dataclass(frozen=True)
class MentionLink:
    """The document names `entity_id` at [start, end) as `text` (kg:mentions, with offsets)."""

    entity_id: str
    start: int
    end: int
    text: str
    minted: bool


def _role(mention: Mention) -> str:
    """The mint role that gives the right kind: an ORG that ends like a company stays one; a
    place name is a territory; a person is a person."""
    words = mention.text.lower().replace(".", "").split()
    if mention.label == "ORG" and words and words[-1] in COMPANY_SUFFIXES:
        return "target"
    return "speaker" if mention.label in ("PERSON", "ORG") else "target"


def mention_links(mentions: Mentions, resolver: Resolver) -> list[MentionLink]:
    """Links for every mention; unlinked names are minted through the resolver."""
    links = []
    for mention in mentions.items:
        if mention.label == "DEMONYM" or len(mention.text.strip()) < MIN_LENGTH:
            continue
        known = mention.entity_id is not None
        entity_id = resolver.entity(mention, _role(mention))
        if entity_id is None:
            continue
        links.append(MentionLink(entity_id, mention.start, mention.end, mention.text, not known))
    return links
