"""Whole-corpus checks of curated data: unique ids, resolvable references, agreeing declarations."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from kg.errors import CurationError
from kg.model import Entity, Fact
from kg.ontology import concepts
from kg.schema import CONCEPT, ENTITY_KINDS, FACT_KINDS, GROUP, GROUP_FIELDS, REF, FieldSpec

__all__ = ["check_curated", "references"]


def references(
    values: Mapping[str, Any], table: Mapping[str, FieldSpec]
) -> Iterator[tuple[str, str]]:
    """(field, id) for every reference in `values`, nested target groups included."""
    for name, spec in table.items():
        if name not in values:
            continue
        items = values[name] if spec.many else [values[name]]
        for item in items:
            if spec.kind == REF:
                yield name, item
            elif spec.kind == GROUP:
                yield from references(item, GROUP_FIELDS)
            elif name == "variants" and item.get("value_ref"):
                yield "variants.value_ref", item["value_ref"]


def _check_ids(entities: Sequence[Entity], facts: Sequence[Fact]) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for entity in entities:
        if entity.id in kinds:
            raise CurationError(entity.origin, entity.id, "entity id declared twice")
        kinds[entity.id] = entity.kind
    seen: dict[tuple[str, str], Fact] = {}
    for fact in facts:
        if kinds.get(fact.id, fact.kind) != fact.kind:
            raise CurationError(
                fact.origin, fact.id, f"id already used by a {kinds[fact.id]}, not a {fact.kind}"
            )
        if (fact.id, fact.source_id) in seen:
            raise CurationError(fact.origin, fact.id, "fact declared twice for the same source")
        seen[(fact.id, fact.source_id)] = fact
        kinds[fact.id] = fact.kind
    return kinds


def _check_agreement(facts: Sequence[Fact]) -> None:
    """A fact told by several sources: its single-valued fields must not contradict."""
    first: dict[tuple[str, str], tuple[Any, Fact]] = {}
    for fact in facts:
        for name, spec in FACT_KINDS[fact.kind].fields.items():
            if spec.many or name not in fact.fields:
                continue
            key = (fact.id, name)
            if key in first and first[key][0] != fact.fields[name]:
                value, other = first[key]
                raise CurationError(
                    fact.origin,
                    fact.id,
                    f"{name} is {fact.fields[name]!s} here but {value!s} in {other.origin}; "
                    "leave it out of the doubtful declaration and record a discrepancy",
                )
            first.setdefault(key, (fact.fields[name], fact))


def _groups(groups: Sequence[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    for group in groups:
        yield group
        yield from _groups(group.get("subgroups", []))


def _check_groups(facts: Sequence[Fact]) -> None:
    """`same_as` names a target group declared somewhere (given its own `id`), never itself."""
    ids = {g["id"] for f in facts for g in _groups(f.fields.get("target_groups", [])) if "id" in g}
    for fact in facts:
        for group in _groups(fact.fields.get("target_groups", [])):
            for other in group.get("same_as", []):
                if other not in ids or other == group.get("id"):
                    raise CurationError(
                        fact.origin,
                        fact.id,
                        f"same_as: {other!r} is not another target group's id "
                        "(give the group an id in its target_groups entry)",
                    )


def _check_values(fact: Fact, kinds: Mapping[str, str]) -> None:
    if fact.kind == "quantity" and {"value", "count"} <= set(fact.fields):
        raise CurationError(fact.origin, fact.id, "a quantity has a value or a count, not both")
    if fact.kind != "discrepancy":
        return
    concerned = kinds[fact.fields["concerns"]]
    table = FACT_KINDS.get(concerned) or ENTITY_KINDS[concerned]
    spec = table.fields.get(fact.fields["property"])
    if spec is None or spec.kind != CONCEPT or spec.scheme is None:
        return
    for variant in fact.fields["variants"]:
        value = variant.get("value")
        if value is not None and not any(c == spec.scheme[value] for c in concepts()):
            raise CurationError(
                fact.origin,
                fact.id,
                f"variant value {value!r} of {fact.fields['property']!r} is not a concept of "
                f"{spec.scheme}: a SKOS-valued property's variants name concepts",
            )


def check_curated(entities: Sequence[Entity], facts: Sequence[Fact]) -> None:
    kinds = _check_ids(entities, facts)
    for entity in entities:
        for name, ref in references(entity.attrs, ENTITY_KINDS[entity.kind].fields):
            if ref not in kinds:
                raise CurationError(entity.origin, entity.id, f"{name}: unknown id {ref!r}")
    local = {e.id: e.source_id for e in entities}
    for fact in facts:
        commented = any(e.segment_kind == "reader-comments" for e in fact.evidence)
        if commented and local.get(fact.fields.get("speaker", "")) != fact.source_id:
            raise CurationError(
                fact.origin,
                fact.id,
                "a reader comment's speaker must be a commenter declared in this file's entities",
            )
        for name, ref in references(fact.fields, FACT_KINDS[fact.kind].fields):
            if ref not in kinds:
                raise CurationError(fact.origin, fact.id, f"{name}: unknown id {ref!r}")
        if fact.kind == "discrepancy":
            concerned = kinds[fact.fields["concerns"]]
            table = FACT_KINDS.get(concerned) or ENTITY_KINDS[concerned]
            if fact.fields["property"] not in table.fields:
                raise CurationError(
                    fact.origin,
                    fact.id,
                    f"property {fact.fields['property']!r} is not a field of a {concerned}",
                )
            if len(fact.fields["variants"]) < 2:
                raise CurationError(
                    fact.origin, fact.id, "a discrepancy needs at least two variants"
                )
    for fact in facts:
        _check_values(fact, kinds)
    _check_groups(facts)
    _check_agreement(facts)
