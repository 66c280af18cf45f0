"""Link FollowTheMoney entities to the graph's canonical entities by identifiers, name and country.

In order: an FtM id this graph exported (kg.person.x), a Wikidata id (owl:sameAs), a territory
code (a state's ISO code); else names (name, alias, weakAlias, previousName) folded as the
project's linker folds mentions (kg.link.linker.fold), exact or fuzzy (rapidfuzz), among canonical
entities of a kind the schema allows, then weighed by country: agreement raises the score, a
conflict halves it. A name holding all the words of a canonical name, or the other way round (a
patronymic or a middle name more or less), scores TOKEN_SUBSET_SCORE. A tie between two canonical
entities is not linked. Every decision carries its score and method, linked or not.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from followthemoney.proxy import EntityProxy
from rapidfuzz import fuzz, process

import kg.extract  # noqa: F401  (kg.link and kg.extract import each other; extract must load first)
from kg.interop.ftm_schema import ftm_id
from kg.link.linker import fold
from kg.namespace import GRAPH, KG
from kg.store.base import GraphStore

__all__ = [
    "LINK_THRESHOLD",
    "SCHEMA_KINDS",
    "CanonicalIndex",
    "LinkDecision",
    "decide",
]

LINK_THRESHOLD = 0.85
FUZZY_CUTOFF = 80.0
TOKEN_SUBSET_SCORE = 0.88
SCHEMA_KINDS: dict[str, set[str]] = {
    "Person": {"person"},
    "Organization": {"organization"},
    "Company": {"organization"},
    "PublicBody": {"organization"},
    "LegalEntity": {"person", "organization"},
    "Territory": {"territory"},
}
_KIND_OF_CLASS = {
    str(KG.Person): "person",
    str(KG.Organization): "organization",
    str(KG.GovernmentBody): "organization",
    str(KG.Company): "organization",
    str(KG.MilitaryOrganization): "organization",
    str(KG.InternationalOrganization): "organization",
    str(KG.MediaOrganization): "organization",
    str(KG.ResearchOrganization): "organization",
    str(KG.PoliticalGroup): "organization",
    str(KG.State): "territory",
    str(KG.Territory): "territory",
}
_COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction", "mainCountry")
_NAME_PROPS = ("name", "alias", "weakAlias", "previousName")
_WIKIDATA = "http://www.wikidata.org/entity/"
_CANONICAL = (
    "PREFIX kg: <https://w3id.org/sanctions-kg/ontology#>\n"
    "SELECT DISTINCT ?s ?c WHERE { GRAPH ?g { ?s a ?c } VALUES ?c { %s } "
    f'FILTER(!STRSTARTS(STR(?g), "{GRAPH}import/")) }}'
) % " ".join(f"<{c}>" for c in _KIND_OF_CLASS)
_FACTS = (
    "PREFIX kg: <https://w3id.org/sanctions-kg/ontology#>\n"
    "SELECT DISTINCT ?s ?what ?v WHERE {"
    " { ?s <http://www.w3.org/2000/01/rdf-schema#label>|kg:alias|kg:externalName ?v"
    " BIND('name' AS ?what) }"
    " UNION { ?s kg:isoCode ?v BIND('own' AS ?what) }"
    " UNION { ?s (kg:nationality|kg:basedIn)/kg:isoCode ?v BIND('iso' AS ?what) }"
    " UNION { ?s <http://www.w3.org/2002/07/owl#sameAs> ?v BIND('same' AS ?what) } }"
)


@dataclass
class Canonical:
    iri: str
    kind: str
    names: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    wikidata: set[str] = field(default_factory=set)
    iso: set[str] = field(default_factory=set)  # a state's own code


@dataclass(frozen=True)
class LinkDecision:
    ftm_id: str
    name: str
    candidate: str | None  # the best canonical entity, linked or not
    score: float
    method: str
    linked: bool


class CanonicalIndex:
    """The graph's canonical people, organizations, states and territories, keyed for linking."""

    def __init__(self, store: GraphStore) -> None:
        self.entities: dict[str, Canonical] = {}
        for s, c in store.query(_CANONICAL, max_rows=None, timeout_s=None).rows:
            if s is not None and c is not None and s.kind == "uri":
                self.entities.setdefault(s.value, Canonical(s.value, _KIND_OF_CLASS[c.value]))
        for s, what, v in store.query(_FACTS, max_rows=None, timeout_s=None).rows:
            entity = self.entities.get(s.value) if s else None
            if entity is None or what is None or v is None:
                continue
            if what.value == "name":
                entity.names.add(v.value)
            elif what.value in ("iso", "own"):
                entity.countries.add(v.value.lower())
                if what.value == "own":
                    entity.iso.add(v.value.lower())
            elif v.value.startswith(_WIKIDATA):
                entity.wikidata.add(v.value[len(_WIKIDATA) :])
        self.by_ftm_id = {ftm_id(i): i for i in self.entities}
        self.by_wikidata = {q: e.iri for e in self.entities.values() for q in e.wikidata}
        self.by_iso = {c: e.iri for e in self.entities.values() for c in e.iso}
        self.keys: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for entity in self.entities.values():
            for name in entity.names:
                key = fold(name)
                if key:
                    self.keys[entity.kind][key].add(entity.iri)


def decide(index: CanonicalIndex, proxy: EntityProxy) -> LinkDecision | None:
    """The link decision for one FtM entity; None when its schema is not linkable."""
    kinds = SCHEMA_KINDS.get(proxy.schema.name)
    if kinds is None or proxy.id is None:
        return None
    name = proxy.caption

    def fits(iri: str) -> bool:
        return index.entities[iri].kind in kinds

    exact = index.by_ftm_id.get(proxy.id)
    if exact and fits(exact):
        return LinkDecision(proxy.id, name, exact, 1.0, "kg-id", True)
    for qid in proxy.get("wikidataId"):
        if qid in index.by_wikidata and fits(index.by_wikidata[qid]):
            return LinkDecision(proxy.id, name, index.by_wikidata[qid], 1.0, "wikidata-id", True)
    if proxy.schema.name == "Territory":
        for code in proxy.get("territoryCode"):
            if code.lower() in index.by_iso:
                iri = index.by_iso[code.lower()]
                return LinkDecision(proxy.id, name, iri, 1.0, "territory-code", True)
    return _by_name(index, proxy, kinds, name)


def _token_subsets(key: str, keys: dict[str, set[str]]) -> list[str]:
    """Keys whose words all occur in `key` or the other way round, two words at least and three
    fifths of the longer name: "vladimir putin" in "vladimir vladimirovich putin" (a patronymic)."""
    words = set(key.split())
    found = []
    for other in keys:
        theirs = set(other.split())
        short, long = sorted((words, theirs), key=len)
        if other != key and len(short) >= 2 and short <= long and len(short) / len(long) >= 0.6:
            found.append(other)
    return found


def _by_name(index: CanonicalIndex, proxy: EntityProxy, kinds: set[str], name: str) -> LinkDecision:
    assert proxy.id is not None
    scored: dict[str, tuple[float, str]] = {}
    for value in (
        v for prop in _NAME_PROPS if prop in proxy.schema.properties for v in proxy.get(prop)
    ):
        key = fold(value)
        if not key:
            continue
        for kind in kinds:
            keys = index.keys.get(kind, {})
            for iri in keys.get(key, ()):
                scored[iri] = max(scored.get(iri, (0.0, "")), (0.95, "exact-name"))
            for match, ratio, _ in process.extract(
                key, list(keys), scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF, limit=5
            ):
                for iri in keys[match]:
                    score = round(ratio / 100 * 0.9, 3)
                    scored[iri] = max(scored.get(iri, (0.0, "")), (score, "fuzzy-name"))
            for other in _token_subsets(key, keys):
                for iri in keys[other]:
                    scored[iri] = max(
                        scored.get(iri, (0.0, "")), (TOKEN_SUBSET_SCORE, "name-tokens")
                    )
    if not scored:
        return LinkDecision(proxy.id, name, None, 0.0, "no-candidate", False)
    countries = {
        c.lower()
        for prop in _COUNTRY_PROPS
        if prop in proxy.schema.properties
        for c in proxy.get(prop)
    }
    ranked = []
    for iri, (score, method) in scored.items():
        theirs = index.entities[iri].countries
        if countries and theirs:
            if countries & theirs:
                score, method = min(1.0, score + 0.05), method + "+country"
            else:
                score, method = score * 0.5, method + "+country-conflict"
        ranked.append((round(score, 3), method, iri))
    ranked.sort(key=lambda r: (-r[0], r[2]))
    score, method, iri = ranked[0]
    if len(ranked) > 1 and ranked[1][0] == score:
        return LinkDecision(proxy.id, name, iri, score, method + "+ambiguous", False)
    return LinkDecision(proxy.id, name, iri, score, method, score >= LINK_THRESHOLD)
