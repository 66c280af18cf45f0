"""Export the graph to FollowTheMoney entities (JSON lines), read from a store through SPARQL.

People, organizations, states (country-level `Territory`), territories, events, source documents,
and one `Sanction` per (measure, target): a target named directly (kg:target) or as a member of
one of the measure's target groups. A measure with no named target has no FtM form (FtM requires
`entity`) and is listed in the report instead.

FtM keeps one origin per (entity, property, value): the same value attested by two sentences
becomes one statement. The RDF graph stays the master of per-sentence provenance (kg:supportedBy
evidence spans); the export says so in its metadata file beside the JSON lines.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from followthemoney.proxy import EntityProxy

from kg.atomic import atomic_write
from kg.interop.errors import FtmExportError
from kg.interop.ftm_schema import ENTITY_SCHEMAS, MEASURE_CLASSES, ftm_id, make_proxy, put
from kg.namespace import KG
from kg.store.base import GraphStore

__all__ = ["PROVENANCE_NOTE", "FtmExportReport", "export_ftm", "graph_to_ftm"]

PROVENANCE_NOTE = (
    "FollowTheMoney keeps one origin per (entity, property, value): a value attested by several "
    "sentences appears once. The RDF graph of sanctions-kg stays the master of per-sentence "
    "provenance (kg:supportedBy evidence with document, offsets and exact text)."
)
_PREFIX = "PREFIX kg: <https://w3id.org/sanctions-kg/ontology#>\n"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SAMEAS = "http://www.w3.org/2002/07/owl#sameAs"
_WIKIDATA = "http://www.wikidata.org/entity/"
_CLASSES = " ".join(f"<{c}>" for c in [*ENTITY_SCHEMAS, *MEASURE_CLASSES])
_NODES = (
    _PREFIX + f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?c {{ {_CLASSES} }} "
    "?s a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?c ; ?p ?o }"
)
_LABELS = (
    "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label>"
    "|<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
)
_TARGETS = _PREFIX + (
    "SELECT DISTINCT ?m ?t WHERE { ?m kg:target|(kg:targetGroup/^kg:subgroupOf*/kg:member) ?t }"
)
_PROOFS = _PREFIX + "SELECT DISTINCT ?m ?d WHERE { ?m kg:supportedBy/kg:inDocument ?d }"
# each node's classes with their superclasses (from the ontology graph), so that a subclass the
# ontology adds later maps to its superclass's schema instead of dropping out of the export
_CLASSES_OF = (
    "SELECT DISTINCT ?s ?c WHERE { ?s a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?c }"
)
_POSITIONS = _PREFIX + "SELECT DISTINCT ?p ?post WHERE { ?t kg:holder ?p ; kg:post ?post }"


@dataclass
class FtmExportReport:
    path: Path
    meta_path: Path
    counts: dict[str, int]
    skipped: list[str] = field(default_factory=list)  # measures with no named target

    @property
    def entities(self) -> int:
        return sum(self.counts.values())


class _View:
    """The graph's nodes as subject -> property -> values, with labels and classes."""

    def __init__(self, store: GraphStore) -> None:
        self.props: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for s, p, o in _rows(store, _NODES):
            self.props[s][p].append(o)
        self.labels = _pairs(store, _LABELS)
        self.targets = _pairs(store, _TARGETS)
        self.proofs = _pairs(store, _PROOFS)
        self.positions = _pairs(store, _POSITIONS)
        self.classes = {s: set(cs) for s, cs in _pairs(store, _CLASSES_OF).items()}

    def get(self, s: str, prop: object) -> list[str]:
        return sorted(self.props.get(s, {}).get(str(prop), []))

    def types(self, s: str) -> set[str]:
        return self.classes.get(s, set()) | set(self.get(s, _RDF_TYPE))

    def schema(self, s: str) -> str | None:
        types = self.types(s)
        return next((ENTITY_SCHEMAS[c] for c in ENTITY_SCHEMAS if c in types), None)

    def label(self, s: str) -> str | None:
        labels = sorted(self.labels.get(s, []))
        return labels[0] if labels else None

    def iso(self, s: str) -> str | None:
        codes = self.get(s, KG.isoCode)
        return codes[0].lower() if codes else None

    def country(self, s: str) -> str | None:
        """The country code of a state, or of the state an organization is based in."""
        if str(KG.State) in self.types(s):
            return self.iso(s)
        homes = [self.iso(h) for h in self.get(s, KG.basedIn)]
        return next((h for h in homes if h), None)


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _rows(store: GraphStore, sparql: str) -> list[tuple[str, ...]]:
    result = store.query(sparql, max_rows=None, timeout_s=None)
    return [tuple(t.value if t else "" for t in row) for row in result.rows]


def _pairs(store: GraphStore, sparql: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for key, value in _rows(store, sparql):
        out[key].append(value)
    return out


def graph_to_ftm(store: GraphStore) -> tuple[list[EntityProxy], list[str]]:
    """FtM entities of the graph, sorted by id, and the measures left out (no named target)."""
    view = _View(store)
    proxies: dict[str, EntityProxy] = {}
    for s in sorted(view.props):
        schema = view.schema(s)
        if schema is not None:
            proxy = _entity(view, s, schema)
            if proxy.id in proxies:
                raise FtmExportError(f"{s}: FtM id {proxy.id} is not unique")
            proxies[proxy.id or ""] = proxy
    skipped = []
    for m in sorted(view.props):
        if not view.types(m) & set(MEASURE_CLASSES):
            continue
        targets = sorted(view.targets.get(m, []))
        if not targets:
            skipped.append(m)
        for target in targets:
            sanction = _sanction(view, m, target, proxies)
            if sanction.id in proxies:
                raise FtmExportError(f"{m}: FtM id {sanction.id} is not unique")
            proxies[sanction.id or ""] = sanction
    return [proxies[k] for k in sorted(proxies)], skipped


def _entity(view: _View, s: str, schema: str) -> EntityProxy:
    proxy = make_proxy(schema, ftm_id(s))
    if schema == "Document":
        for name in view.get(s, KG.fileName):
            put(proxy, "fileName", name, s)
        _put_all(proxy, "title", view.get(s, KG.title), s)
        _put_all(proxy, "publisher", view.get(s, KG.publisher), s)
        _put_all(proxy, "publishedAt", view.get(s, KG.publishedDate), s)
        _put_all(proxy, "language", view.get(s, KG.language), s)
        for origin in view.get(s, KG.origin):
            put(
                proxy,
                "sourceUrl" if origin.startswith(("http://", "https://")) else "notes",
                origin,
                s,
            )
        if not proxy.get("fileName"):
            raise FtmExportError(f"{s}: a source document needs kg:fileName for FtM Document")
        return proxy
    label = view.label(s)
    if label is None:
        raise FtmExportError(f"{s}: no rdfs:label, and FtM {schema} requires a name")
    put(proxy, "name", label, s)
    _put_all(proxy, "alias", view.get(s, KG.alias) + view.get(s, KG.externalName), s)
    _put_all(proxy, "description", view.get(s, _RDFS + "comment"), s)
    for same in view.get(s, _SAMEAS):
        if same.startswith(_WIKIDATA):
            put(proxy, "wikidataId", same[len(_WIKIDATA) :], s)
    types = view.types(s)
    if schema == "Person":
        _put_all(proxy, "nationality", [view.iso(n) for n in view.get(s, KG.nationality)], s)
        _put_all(proxy, "position", [view.label(p) for p in sorted(view.positions.get(s, []))], s)
    elif str(KG.State) in types:
        put(proxy, "territoryCode", view.iso(s), s)
        put(proxy, "country", view.iso(s), s)
    elif schema == "Territory":
        for whole in view.get(s, KG.partOf):
            put(proxy, "partOf", ftm_id(whole), s)
    elif schema == "Event":
        _put_all(proxy, "date", view.get(s, KG.date), s)
        _put_all(proxy, "startDate", view.get(s, KG.startDate), s)
        _put_all(proxy, "endDate", view.get(s, KG.endDate), s)
        for actor in view.get(s, KG.actor):
            if view.schema(actor) in ("Person", "Organization", "Company", "PublicBody"):
                put(proxy, "involved", ftm_id(actor), s)
            else:
                put(proxy, "country", view.country(actor), s)
        for place in view.get(s, KG.place):
            if str(KG.State) in view.types(place):
                put(proxy, "country", view.iso(place), s)
            else:
                put(proxy, "location", view.label(place), s)
    else:  # organizations
        _put_all(proxy, "country", [view.iso(h) for h in view.get(s, KG.basedIn)], s)
        for parent in view.get(s, KG.subOrganizationOf):
            if view.schema(parent) in ("Organization", "Company", "PublicBody"):
                put(proxy, "parent", ftm_id(parent), s)
    return proxy


def _sanction(view: _View, m: str, target: str, proxies: dict[str, EntityProxy]) -> EntityProxy:
    target_id = ftm_id(target)
    if target_id not in proxies:
        raise FtmExportError(
            f"{m}: target {target} has no FtM entity (classes {view.types(target)})"
        )
    proxy = make_proxy("Sanction", f"{ftm_id(m)}.target.{target_id[3:]}")
    put(proxy, "entity", target_id, m)
    bodies = view.get(m, KG.implementedBy) or view.get(m, KG.imposedBy)
    _put_all(proxy, "authority", [view.label(b) for b in bodies], m)
    _put_all(proxy, "country", [view.country(i) for i in view.get(m, KG.imposedBy)], m)
    _put_all(proxy, "program", [view.label(p) for p in view.get(m, KG.partOfPackage)], m)
    _put_all(proxy, "startDate", view.get(m, KG.effectiveDate), m)
    _put_all(proxy, "listingDate", view.get(m, KG.announcedDate), m)
    _put_all(proxy, "endDate", view.get(m, KG.endDate), m)
    reasons = [view.label(r) for r in view.get(m, KG.respondsTo)]
    _put_all(proxy, "reason", [f"In response to: {r}" for r in reasons if r], m)
    _put_all(proxy, "provisions", [view.label(t) for t in view.get(m, KG.measureType)], m)
    goods = [view.label(g) for g in view.get(m, KG.coversGoods)]
    _put_all(proxy, "provisions", [f"Goods or sector: {g}" for g in goods if g], m)
    put(proxy, "summary", view.label(m), m)
    _put_all(proxy, "description", view.get(m, _RDFS + "comment"), m)
    for doc in sorted(view.proofs.get(m, [])):
        put(proxy, "proof", ftm_id(doc), m)
        if ftm_id(doc) in proxies:
            _put_all(proxy, "sourceUrl", proxies[ftm_id(doc)].get("sourceUrl"), m)
    return proxy


def _put_all(proxy: EntityProxy, prop: str, values: Iterable[str | None], origin: str) -> None:
    for value in values:
        put(proxy, prop, value, origin)


def export_ftm(
    store: GraphStore, path: Path | str, dataset: str = "sanctions_kg"
) -> FtmExportReport:
    """Write the graph as FtM JSON lines to `path` and its metadata to `path`.meta.json."""
    path = Path(path)
    proxies, skipped = graph_to_ftm(store)
    counts: dict[str, int] = defaultdict(int)
    with atomic_write(path) as handle:
        for proxy in proxies:
            counts[proxy.schema.name] += 1
            line = json.dumps(proxy.to_dict(), sort_keys=True, ensure_ascii=False)
            handle.write(line.encode("utf-8") + b"\n")
    meta_path = path.with_name(path.name + ".meta.json")
    meta = {
        "dataset": dataset,
        "format": "FollowTheMoney entities, JSON lines",
        "provenance": PROVENANCE_NOTE,
        "counts": dict(sorted(counts.items())),
        "measures_without_named_target": skipped,
    }
    with atomic_write(meta_path) as handle:
        handle.write(json.dumps(meta, indent=2, ensure_ascii=False).encode("utf-8") + b"\n")
    return FtmExportReport(path, meta_path, dict(sorted(counts.items())), skipped)
