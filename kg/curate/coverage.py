"""Coverage of the curated data: reference entities no fact reaches, ids named only in free text.

An entity of entities.yaml that no fact refers to (directly, or through the entities a fact's
entities refer to: a post's organization, a group's members) is an orphan: declared, never used.
A fact whose note or description names an id "(bsec)" without a field pointing at it keeps that
link in free text only, where no query can follow it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.curate.checks import references
from kg.model import Entity, Fact
from kg.schema import ENTITY_KINDS, FACT_KINDS

__all__ = ["fact_references", "orphans", "unlinked_mentions"]

_NAMED_ID = re.compile(r"\(([a-z0-9]+(?:-[a-z0-9]+)*)\)")


def fact_references(fact: Fact) -> set[str]:
    return {ref for _, ref in references(fact.fields, FACT_KINDS[fact.kind].fields)}


def orphans(entities: Iterable[Entity], facts: Iterable[Fact]) -> list[str]:
    """Ids of reference entities that no fact reaches."""
    entities = list(entities)
    by_id = {e.id: e for e in entities}
    reached: set[str] = set()
    frontier = set().union(*(fact_references(f) for f in facts))
    while frontier:
        reached |= frontier
        found: set[str] = set()
        for entity_id in frontier:
            entity = by_id.get(entity_id)
            if entity is not None:
                fields = ENTITY_KINDS[entity.kind].fields
                found |= {ref for _, ref in references(entity.attrs, fields)}
        frontier = found - reached
    return sorted(e.id for e in entities if e.source_id is None and e.id not in reached)


def unlinked_mentions(facts: Iterable[Fact], known: set[str]) -> list[tuple[str, str]]:
    """(fact id, named id) for every known id a fact's note or description names in parentheses
    while no field of any declaration of either fact refers to the other."""
    facts = list(facts)
    linked: dict[str, set[str]] = {}
    for fact in facts:
        linked.setdefault(fact.id, set()).update(fact_references(fact))
    found = set()
    for fact in facts:
        text = " ".join(str(t) for t in (fact.note, fact.fields.get("description")) if t)
        for named in _NAMED_ID.findall(text):
            if named not in known or named == fact.id or named in linked[fact.id]:
                continue
            if fact.id not in linked.get(named, set()):
                found.add((fact.id, named))
    return sorted(found)
