"""Short generated labels (rdfs:label) for extracted facts, so that no table shows a bare IRI.

A label says what the fact is in a few words, from its own fields only: "Export ban by Japan on
Russia (2024-03-05)", "Statement by Fumio Kishida: ...". Names come from the gazetteer or from
the entities the document minted.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kg.extract.facts import Resolver

__all__ = ["measure_label", "package_label", "statement_label"]

MAX_NAMES = 3
MAX_CONTENT = 70


def _name(entity_id: str, resolver: Resolver) -> str:
    info = resolver.gaz.entities.get(entity_id)
    if info is not None:
        return info.name
    minted = resolver.minted.get(entity_id)
    return minted.name if minted is not None else entity_id


def _names(ids: list[str], resolver: Resolver) -> str:
    names = [_name(i, resolver) for i in ids[:MAX_NAMES]]
    more = len(ids) - MAX_NAMES
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _type(slug: str) -> str:
    if slug == "sanctions-unspecified":
        return "Sanctions"  # the kind is not stated: say no more than the text
    return slug.replace("-", " ").capitalize()


def measure_label(fields: Mapping[str, Any], resolver: Resolver) -> str:
    text = _type(str(fields.get("type") or "measure"))
    imposer = fields.get("imposer")
    text += f" by {_name(imposer, resolver)}" if imposer else " (imposer not stated)"
    hit = list(fields.get("targets") or fields.get("beneficiaries") or [])
    hit += list(fields.get("agreements") or [])
    if hit:
        text += f" {'to' if fields.get('beneficiaries') else 'on'} {_names(hit, resolver)}"
    elif fields.get("target_groups"):
        text += f" on {fields['target_groups'][0]['description']}"
    date = fields.get("announced") or fields.get("effective")
    return f"{text} ({date})" if date else text


def package_label(fields: Mapping[str, Any], resolver: Resolver) -> str:
    imposer = fields.get("imposer")
    text = f"Sanctions package by {_name(imposer, resolver)}" if imposer else "Sanctions package"
    date = fields.get("announced")
    return f"{text} ({date})" if date else text


def statement_label(fields: Mapping[str, Any], resolver: Resolver) -> str:
    content = " ".join(str(fields.get("content") or "").split())
    if len(content) > MAX_CONTENT:
        content = content[: MAX_CONTENT - 1].rsplit(" ", 1)[0] + "…"
    return f"Statement by {_name(str(fields['speaker']), resolver)}: {content}"
