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


def _title_of(mention: Mention, after: Mention | None, resolver: Resolver) -> bool:
    """A post's title written right before a person's name."""
    info = resolver.gaz.entities.get(mention.entity_id or "")
    if after is None or after.paragraph != mention.paragraph:
        return False
    if after.token_start != mention.token_end or (info is not None and info.kind != "post"):
        return False
    person = resolver.gaz.entities.get(after.entity_id or "")
    return after.label == "PERSON" or (person is not None and person.kind == "person")


def _surnames(mentions: Mentions) -> dict[str, Mention]:
    """One-word person names that are the last word of exactly one fuller person name."""
    full: dict[str, list[Mention]] = {}
    for m in mentions.items:
        words = m.text.split()
        if m.label == "PERSON" and not m.entity_id and len(words) > 1:
            full.setdefault(words[-1], [])
            if all(f.text != m.text for f in full[words[-1]]):
                full[words[-1]].append(m)
    return {name: found[0] for name, found in full.items() if len(found) == 1}


def mention_links(mentions: Mentions, resolver: Resolver) -> list[MentionLink]:
    """Links for every mention; unlinked names are minted through the resolver."""
    links = []
    surnames = _surnames(mentions)
    items = mentions.items
    for index, mention in enumerate(items):
        if len(mention.text.strip()) < MIN_LENGTH:
            continue
        if mention.label == "DEMONYM" and not resolver.gaz.names.get(mention.text.lower()):
            continue  # "Russian officials" names no entity; "U.S." is also a name
        after = items[index + 1] if index + 1 < len(items) else None
        if _title_of(mention, after, resolver):
            continue  # "President Vladimir Putin": one name, the person's
        known = mention.entity_id is not None
        full = surnames.get(mention.text) if mention.label == "PERSON" and not known else None
        if full is not None:  # "Trudeau" after "Justin Trudeau": the same person
            entity_id = resolver.entity(full, "speaker")
            if entity_id is not None:
                links.append(MentionLink(entity_id, mention.start, mention.end, mention.text, True))
                continue
        entity_id = resolver.entity(mention, _role(mention))
        if entity_id is None:
            continue
        links.append(MentionLink(entity_id, mention.start, mention.end, mention.text, not known))
    return links
