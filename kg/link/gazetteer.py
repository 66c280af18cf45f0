"""The gazetteer: every name the graph knows for its canonical entities, and where it applies.

Built from the labels and aliases of the reference entities (data/curated/entities.yaml), never
from the curated facts of the articles, plus generated variants: transliterations of person names
(Sergey/Sergei), posts without their country ("Prime Minister" for "Prime Minister of Japan"), and
the country lexicon's names and demonyms ("Russian" -> ru). Countries that entities.yaml lacks
become candidate states, minted (id = the ISO code) only when a fact uses them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry

from kg.config import settings
from kg.lexicon import Lexicon, lexicon
from kg.model import Entity
from kg.reference import load_entities

__all__ = ["EntityInfo", "Gazetteer", "build_gazetteer", "reference_gazetteer"]


@dataclass(frozen=True)
class EntityInfo:
    """What linking needs to know about a node: its kind and the state it belongs to."""

    id: str
    kind: str
    name: str
    home: str | None = None  # the state of a person, organization or post
    org_kind: str | None = None
    iso: str | None = None
    reference: bool = True  # False: a candidate (a country entities.yaml lacks), minted on use
    parties: tuple[str, ...] = ()  # an agreement's parties: suspending it hits the other party


@dataclass
class Gazetteer:
    entities: dict[str, EntityInfo] = field(default_factory=dict)
    names: dict[str, set[str]] = field(default_factory=dict)  # lowercase surface -> ids
    exact: dict[str, set[str]] = field(default_factory=dict)  # lowercase -> allowed spellings
    generic: set[str] = field(default_factory=set)  # lowercase surfaces that need context
    demonyms: dict[str, str] = field(default_factory=dict)  # demonym (as written) -> state id
    by_iso: dict[str, str] = field(default_factory=dict)  # ISO code -> state id

    def add(self, surface: str, entity_id: str) -> None:
        surface = " ".join(surface.split())
        if not surface:
            return
        key = surface.lower()
        self.names.setdefault(key, set()).add(entity_id)
        if not any(c.islower() for c in surface):  # acronyms: US, EU, G7 match only as written
            self.exact.setdefault(key, set()).add(surface)
        elif surface == surface.lower():  # common-noun aliases: "ruling coalition"
            self.generic.add(key)

    def candidates(self, surface: str) -> set[str]:
        key = " ".join(surface.split()).lower()
        ids = self.names.get(key, set())
        if ids and key in self.exact and surface not in self.exact[key]:
            return set()
        return ids

    def state_of(self, entity_id: str | None) -> str | None:
        info = self.entities.get(entity_id or "")
        if info is None:
            return None
        return info.id if info.kind == "state" else info.home


def _home(entity: Entity, by_id: dict[str, Entity], depth: int = 0) -> str | None:
    if entity.kind == "state" or depth > 4:
        return entity.id if entity.kind == "state" else None
    for key in ("nationality", "based_in", "post_in", "part_of"):
        ref = entity.attrs.get(key)
        if isinstance(ref, str) and ref in by_id:
            return _home(by_id[ref], by_id, depth + 1)
    return None


def _person_variants(name: str, lex: Lexicon) -> set[str]:
    """Every spelling of a name whose parts have transliteration variants."""
    options: list[list[str]] = []
    for part in name.split():
        group = next((g for g in lex.name_parts if part in g), None)
        options.append(list(group) if group else [part])
    return {" ".join(combo) for combo in itertools.product(*options)}


def _title_variants(title: str) -> set[str]:
    """English title forms: 'Minister of Foreign Affairs' -> 'Foreign Minister', 'Minister of
    Defence' -> 'Defence Minister', 'Deputy Minister of Defence' -> 'Deputy Defence Minister', and
    British/American spellings (Defence/Defense)."""
    forms = {title}
    words = title.split(" of ", 1)
    if len(words) == 2 and " " not in words[1].replace(" Affairs", ""):
        head, field_ = words
        field_ = field_.removesuffix(" Affairs")
        parts = head.split()
        forms.add(" ".join([*parts[:-1], field_, parts[-1]]))
    for form in list(forms):
        forms.add(form.replace("Defence", "Defense"))
    return forms


def _post_variants(entity: Entity, state: Entity | None, lex: Lexicon) -> set[str]:
    """'Prime Minister of Japan' -> 'Prime Minister', 'Japanese Prime Minister', 'Prime Minister of Tokyo'."""
    if state is None:
        return set()
    variants: set[str] = set()
    for label in (entity.name, *entity.aliases):
        for country in (state.name, *state.aliases):
            suffix = next(
                (x for x in (f" of the {country}", f" of {country}") if label.endswith(x)), None
            )
            if suffix is None:
                continue
            for bare in _title_variants(label[: -len(suffix)]):
                variants |= _with_state(bare, state, lex)
    return variants


def _with_state(bare: str, state: Entity, lex: Lexicon) -> set[str]:
    variants = {bare}
    iso = str(state.attrs.get("iso", ""))
    for demonym in lex.countries.get(iso, {}).get("demonyms", []):
        variants.add(f"{demonym} {bare}")
    for other in (state.name, *state.aliases):
        variants.add(f"{bare} of {other}")
        variants.add(f"{bare} of the {other}")
        variants.add(f"{other} {bare}")
    return variants


def build_gazetteer(entities: Iterable[Entity], lex: Lexicon | None = None) -> Gazetteer:
    """The gazetteer of `entities` (reference entities) and the country lexicon."""
    lex = lex or lexicon()
    entities = list(entities)
    by_id = {e.id: e for e in entities}
    gaz = Gazetteer()
    for entity in entities:
        home = _home(entity, by_id)
        iso = str(entity.attrs["iso"]) if "iso" in entity.attrs else None
        org_kind = entity.attrs.get("kind") if entity.kind == "organization" else None
        parties = tuple(str(p) for p in entity.attrs.get("parties", ()) or ())
        gaz.entities[entity.id] = EntityInfo(
            entity.id, entity.kind, entity.name, home, org_kind, iso, parties=parties
        )
        names = {entity.name, *entity.aliases}
        if entity.kind == "person":
            names |= {v for n in list(names) for v in _person_variants(n, lex)}
        if entity.kind == "post":
            names |= _post_variants(entity, by_id.get(home or ""), lex)
        for name in names:
            gaz.add(name, entity.id)
        if iso:
            gaz.by_iso[iso] = entity.id
    _add_countries(gaz, lex)
    return gaz


def _all_countries(lex: Lexicon) -> dict[str, dict[str, list[str]]]:
    """The lexicon's countries (with demonyms), completed from ISO 3166 (pycountry): every state
    has a node to link to, not only those a hand list names."""
    found = {iso: dict(entry) for iso, entry in lex.countries.items()}
    for country in pycountry.countries:
        names = [
            n
            for n in (getattr(country, "common_name", None), country.name)
            if n and "," not in n and "(" not in n
        ]
        if not names:
            continue
        entry = found.setdefault(country.alpha_2, {"names": [], "demonyms": []})
        entry["names"] = list(dict.fromkeys([*entry.get("names", []), *names]))
    return found


def _add_countries(gaz: Gazetteer, lex: Lexicon) -> None:
    for iso, entry in _all_countries(lex).items():
        state_id = gaz.by_iso.get(iso)
        if state_id is None:
            state_id = iso.lower()
            if state_id in gaz.entities:  # an id taken by something else: keep the ISO distinct
                state_id = f"state-{state_id}"
            names = entry.get("names", [])
            gaz.entities[state_id] = EntityInfo(
                state_id, "state", names[0] if names else iso, None, None, iso, reference=False
            )
            gaz.by_iso[iso] = state_id
        for name in entry.get("names", []):
            if not gaz.candidates(name) or state_id in gaz.candidates(name):
                gaz.add(name, state_id)
        for demonym in entry.get("demonyms", []):
            gaz.demonyms.setdefault(demonym, state_id)


@cache
def _cached(path: Path, mtime: float) -> Gazetteer:
    return build_gazetteer(load_entities(path))


def reference_gazetteer(path: Path | None = None) -> Gazetteer:
    """The gazetteer of entities.yaml (default: the configured curated folder's), cached."""
    path = path or settings().curated_dir / "entities.yaml"
    if not path.exists():
        return build_gazetteer([])
    return _cached(path, path.stat().st_mtime)


def surfaces(gaz: Gazetteer) -> Sequence[str]:
    """All surfaces, for building a phrase matcher."""
    return sorted(gaz.names)
