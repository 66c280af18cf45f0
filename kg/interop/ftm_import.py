"""Import FollowTheMoney JSON lines (an OpenSanctions export, say) into a named graph of its own.

Each linkable entity (person, organization, territory) gets a link decision, recorded in the
SSSOM vocabulary (subject, object, confidence, justification, similarity measure), and an IRI
of its own under id/import/NAME/. A linked entity says `skos:exactMatch` to the canonical one and
is typed only with its FtM schema; an unlinked one is also typed with the graph's class, so it is
a new entity. Sanctions become kg:Sanction nodes whose target is the canonical entity when the
designated entity was linked. Everything goes into graph/import/NAME, replaced all-or-nothing by
`store.replace_graphs`: nothing in the curated graphs is read for writing, let alone overwritten.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from followthemoney import model
from followthemoney.exc import FollowTheMoneyException
from followthemoney.proxy import EntityProxy

from kg.interop.errors import FtmImportError
from kg.interop.ftm_link import CanonicalIndex, LinkDecision, decide
from kg.interop.ftm_schema import FTM_NS
from kg.namespace import GRAPH, ID, KG
from kg.store.base import GraphStore

__all__ = ["ImportReport", "import_ftm", "import_graph_iri", "read_ftm"]

SSSOM = "https://w3id.org/sssom/"
SEMAPV = "https://w3id.org/semapv/vocab/"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_EXACT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#exactMatch")
_SAMEAS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
_DCT = "http://purl.org/dc/terms/"
_SSSOM_Mapping = ox.NamedNode(SSSOM + "Mapping")
_SSSOM_confidence = ox.NamedNode(SSSOM + "confidence")
_SSSOM_mapping_justification = ox.NamedNode(SSSOM + "mapping_justification")
_SSSOM_mapping_tool = ox.NamedNode(SSSOM + "mapping_tool")
_SSSOM_object_id = ox.NamedNode(SSSOM + "object_id")
_SSSOM_predicate_id = ox.NamedNode(SSSOM + "predicate_id")
_SSSOM_predicate_modifier = ox.NamedNode(SSSOM + "predicate_modifier")
_SSSOM_similarity_measure = ox.NamedNode(SSSOM + "similarity_measure")
_SSSOM_similarity_score = ox.NamedNode(SSSOM + "similarity_score")
_SSSOM_subject_id = ox.NamedNode(SSSOM + "subject_id")
_SSSOM_subject_label = ox.NamedNode(SSSOM + "subject_label")
_XSD = "http://www.w3.org/2001/XMLSchema#"
_NEW_CLASS = {
    "Person": KG.Person,
    "Company": KG.Company,
    "PublicBody": KG.GovernmentBody,
    "Organization": KG.Organization,
    "LegalEntity": KG.Organization,
    "Territory": KG.Territory,
}
_JUSTIFICATION = {"kg-id": "DatabaseCrossReference", "wikidata-id": "DatabaseCrossReference"}
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


@dataclass
class ImportReport:
    graph: str
    entities: int = 0
    linked: int = 0
    new: int = 0
    sanctions: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # schema -> entities not imported
    dropped: list[str] = field(default_factory=list)  # values FtM could not clean
    decisions: list[LinkDecision] = field(default_factory=list)


def import_graph_iri(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise FtmImportError(f"import name {name!r}: use lowercase letters, digits and hyphens")
    return f"{GRAPH}import/{name}"


def read_ftm(path: Path | str, dropped: list[str] | None = None) -> list[EntityProxy]:
    """Every entity of an FtM JSON-lines file, values cleaned; errors name the file and line.

    FtM drops what it cannot clean (an unknown property, a bad date) without a word; each such
    value is appended to `dropped` as 'FILE:LINE: id.prop = value'.
    """
    path = Path(path)
    proxies = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise FtmImportError(f"{path}: cannot read: {error}") from error
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict) or not data.get("id"):
                raise FtmImportError(f"{path}:{number}: not an FtM entity (no id)")
            proxy = model.get_proxy(data, cleaned=False)
            proxies.append(proxy)
        except (ValueError, FollowTheMoneyException) as error:
            raise FtmImportError(f"{path}:{number}: not a valid FtM entity: {error}") from error
        if dropped is not None:
            where = f"{path.name}:{number}: {proxy.id}"
            dropped += [f"{where}.{p} = {v!r}" for p, v in _uncleanable(proxy, data)]
    return proxies


def _uncleanable(proxy: EntityProxy, data: dict[str, object]) -> list[tuple[str, object]]:
    """(property, value) pairs of the raw entity that did not survive FtM's cleaning."""
    lost = []
    properties = data.get("properties")
    for prop, values in (properties if isinstance(properties, dict) else {}).items():
        kept = set(proxy.get(prop, quiet=True))
        for value in values if isinstance(values, list) else [values]:
            prop_obj = proxy.schema.get(prop)
            cleaned = prop_obj.type.clean(value, proxy=proxy) if prop_obj else None
            if cleaned is None or cleaned not in kept:
                lost.append((prop, value))
    return lost


def import_ftm(store: GraphStore, path: Path | str, name: str | None = None) -> ImportReport:
    """Link and load the entities of `path` into graph/import/NAME (NAME: the file's stem)."""
    path = Path(path)
    name = name or re.sub(r"[^a-z0-9-]+", "-", path.name.split(".")[0].lower()).strip("-")
    graph = import_graph_iri(name)
    report = ImportReport(graph)
    proxies = read_ftm(path, report.dropped)
    index = CanonicalIndex(store)
    quads: list[ox.Quad] = []
    writer = _Writer(ox.NamedNode(graph), name, quads)
    writer.add(ox.NamedNode(graph), ox.NamedNode(_DCT + "source"), ox.Literal(path.name))
    resolved: dict[str, ox.NamedNode] = {}
    for proxy in proxies:
        decision = decide(index, proxy)
        if decision is None:
            continue
        report.entities += 1
        report.decisions.append(decision)
        node = writer.entity(proxy, decision, index.by_iso)
        resolved[decision.ftm_id] = (
            ox.NamedNode(decision.candidate) if decision.linked and decision.candidate else node
        )
        report.linked += decision.linked
        report.new += not decision.linked
    for proxy in proxies:
        if proxy.schema.name == "Sanction":
            writer.sanction(proxy, resolved, index.by_iso)
            report.sanctions += 1
        elif proxy.schema.name not in _NEW_CLASS:
            report.skipped[proxy.schema.name] += 1
    store.replace_graphs(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"", [graph])
    return report


class _Writer:
    """Quads of one import graph; every value goes through pyoxigraph's terms, never text."""

    def __init__(self, graph: ox.NamedNode, name: str, quads: list[ox.Quad]) -> None:
        self.graph, self.name, self.quads = graph, name, quads

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        self.quads.append(ox.Quad(s, p, o, self.graph))

    def iri(self, *parts: str) -> ox.NamedNode:
        return ox.NamedNode(f"{ID}import/{self.name}/" + "/".join(quote(p, safe="") for p in parts))

    def entity(
        self, proxy: EntityProxy, decision: LinkDecision, states: dict[str, str]
    ) -> ox.NamedNode:
        node = self.iri(decision.ftm_id)
        self.add(node, _RDF_TYPE, ox.NamedNode(FTM_NS + proxy.schema.name))
        self.add(node, _LABEL, ox.Literal(proxy.caption))
        for alias in sorted(set(proxy.names) - {proxy.caption}):
            self.add(node, ox.NamedNode(KG.alias), ox.Literal(alias))
        for qid in proxy.get("wikidataId"):
            self.add(node, _SAMEAS, ox.NamedNode(f"http://www.wikidata.org/entity/{qid}"))
        if decision.linked and decision.candidate:
            self.add(node, _EXACT, ox.NamedNode(decision.candidate))
        else:
            self.add(node, _RDF_TYPE, ox.NamedNode(_NEW_CLASS[proxy.schema.name]))
            prop = KG.nationality if proxy.schema.name == "Person" else KG.basedIn
            for code in proxy.countries:
                if code in states and proxy.schema.name != "Territory":
                    self.add(node, ox.NamedNode(prop), ox.NamedNode(states[code]))
        self._decision(node, decision)
        return node

    def _decision(self, node: ox.NamedNode, decision: LinkDecision) -> None:
        link = self.iri("link", decision.ftm_id)
        self.add(link, _RDF_TYPE, _SSSOM_Mapping)
        self.add(link, _SSSOM_subject_id, node)
        self.add(link, _SSSOM_subject_label, ox.Literal(decision.name))
        self.add(link, _SSSOM_predicate_id, _EXACT)
        if decision.candidate:
            self.add(link, _SSSOM_object_id, ox.NamedNode(decision.candidate))
        if not decision.linked:
            self.add(link, _SSSOM_predicate_modifier, ox.Literal("Not"))
        score = ox.Literal(f"{decision.score:.3f}", datatype=ox.NamedNode(_XSD + "double"))
        self.add(link, _SSSOM_confidence, score)
        self.add(link, _SSSOM_similarity_score, score)
        self.add(link, _SSSOM_similarity_measure, ox.Literal(decision.method))
        justification = _JUSTIFICATION.get(decision.method, "LexicalMatching")
        self.add(link, _SSSOM_mapping_justification, ox.NamedNode(SEMAPV + justification))
        self.add(link, _SSSOM_mapping_tool, ox.Literal("sanctions-kg ftm import"))

    def sanction(
        self, proxy: EntityProxy, resolved: dict[str, ox.NamedNode], states: dict[str, str]
    ) -> None:
        node = self.iri(proxy.id or "")
        self.add(node, _RDF_TYPE, ox.NamedNode(KG.Sanction))
        self.add(node, _RDF_TYPE, ox.NamedNode(FTM_NS + "Sanction"))
        targets = proxy.get("entity")
        for target in targets:
            self.add(node, ox.NamedNode(KG.target), resolved.get(target) or self.iri(target))
        label = proxy.first("program") or f"Sanction {proxy.id}"
        self.add(node, _LABEL, ox.Literal(label))
        for code in proxy.get("country"):
            if code in states:
                self.add(node, ox.NamedNode(KG.imposedBy), ox.NamedNode(states[code]))
        for ftm_prop, kg_prop in (
            ("listingDate", KG.announcedDate),
            ("startDate", KG.effectiveDate),
            ("endDate", KG.endDate),
        ):
            for value in proxy.get(ftm_prop):
                self.add(node, ox.NamedNode(kg_prop), _date(value[:10]))
        for prop in ("authority", "provisions", "reason"):
            for value in proxy.get(prop):
                self.add(node, ox.NamedNode(KG.note), ox.Literal(f"{prop}: {value}"))


def _date(iso: str) -> ox.Literal:
    kind = {4: "gYear", 7: "gYearMonth", 10: "date"}.get(len(iso), "string")
    return ox.Literal(iso, datatype=ox.NamedNode(_XSD + kind))
