"""Turn documents, entities and facts into quads: one named graph per source.

Graphs: the ontology, the reference entities, one graph per source (its metadata, what it says,
and the evidence for it) and a curation graph (discrepancies between sources). Every node has an
IRI derived from ids, so the same input always gives the same graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cached_property, lru_cache
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from kg.dates import PartialDate
from kg.iris import (
    CURATION_GRAPH,
    ONTOLOGY_GRAPH,
    REFERENCE_GRAPH,
    evidence_iri,
    graph_iri,
    node_iri,
    slugify,
    source_iri,
)
from kg.model import Entity, Evidence, Fact, SourceDocument
from kg.namespace import ID
from kg.rdf.terms import DK, KG, METHOD, RDF, RDFS, SEG, SKOS, XSD, MentionSpan, Triple
from kg.schema import (
    CHOICE,
    CONCEPT,
    DATE,
    ENTITY_KINDS,
    EXTERNAL,
    FACT_KINDS,
    FIELD,
    GROUP,
    GROUP_FIELDS,
    GROUPREF,
    INT,
    NUMBER,
    REF,
    TEXT,
    VARIANT,
    FieldSpec,
    KindSpec,
)

__all__ = ["GraphWriter", "MentionSpan"]


# a graph names its own source and graph in most of its triples: one URIRef each, made once
_graph_iri, _source_iri = lru_cache(4096)(graph_iri), lru_cache(4096)(source_iri)


class GraphWriter:
    """Accumulates quads in an rdflib Dataset; `index` maps every id to its kind for references."""

    def __init__(self, index: Mapping[str, str]) -> None:
        self.index = index

    @cached_property
    def dataset(self) -> Dataset:
        """Made when first used: a writer of text (kg.ingest.graph) never fills one."""
        return Dataset()

    def iri(self, node_id: str) -> URIRef:
        return node_iri(self.index[node_id], node_id)

    def named(self, iri: str) -> Node:
        """The node of an evidence span or a mention, made from its IRI: most of a document's
        nodes, each named once, so a writer of text overrides this as it does `literal`."""
        return URIRef(iri)

    def literal(self, value: Any, datatype: URIRef | None = None, lang: str | None = None) -> Node:
        """Every literal is made here, every date by `date`: a writer of text overrides both."""
        return Literal(value, lang=lang, datatype=datatype)

    def date(self, value: PartialDate) -> Node:
        return value.to_literal()

    def _add(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        context = self.dataset.graph(graph)
        for triple in triples:
            context.add(triple)

    def add_ontology(self, ontology: Graph) -> None:
        self._add(ONTOLOGY_GRAPH, ontology)

    def add_document(self, document: SourceDocument) -> None:
        doc = _source_iri(document.id)
        triples: list[Triple] = [
            (doc, RDF.type, KG.SourceDocument),
            (doc, KG.title, self.literal(document.title)),
            (doc, KG.publisher, self.literal(document.publisher)),
            (doc, KG.documentKind, DK[document.kind]),
            (doc, KG.language, self.literal(document.language)),
            (doc, KG.fileName, self.literal(document.path.name)),
            (doc, KG.contentHash, self.literal(document.content_hash)),
            (doc, KG.graph, _graph_iri(document.id)),
        ]
        if document.published is not None:
            triples.append((doc, KG.publishedDate, self.date(document.published)))
        if document.date_note:
            triples.append((doc, KG.dateNote, self.literal(document.date_note)))
        if document.origin:
            triples.append((doc, KG.origin, self.literal(document.origin)))
        for segment in document.segments:
            seg = ID[f"segment/{document.id}/{segment.start}-{segment.end}"]
            triples += [
                (seg, RDF.type, KG.Segment),
                (seg, KG.segmentOf, doc),
                (seg, KG.segmentKind, SEG[segment.kind]),
                (seg, KG.startOffset, self.literal(segment.start, datatype=XSD.integer)),
                (seg, KG.endOffset, self.literal(segment.end, datatype=XSD.integer)),
            ]
        self._add(_graph_iri(document.id), triples)

    def add_entity(self, entity: Entity) -> None:
        node = self.iri(entity.id)
        spec = ENTITY_KINDS[entity.kind]
        triples: list[Triple] = [(node, RDFS.label, self.literal(entity.name))]
        if spec.rdf_class is not None:
            triples.append((node, RDF.type, spec.rdf_class))
        external = set(entity.attrs.get("external_names", ()))
        triples += [(node, KG.alias, self.literal(a)) for a in entity.aliases if a not in external]
        triples += self._fields(node, entity.attrs, spec.fields)
        # kg:alias and kg:externalName are skos:altLabel: materialised for label-based tools
        names = (*entity.aliases, *external)
        triples += [(node, SKOS.altLabel, self.literal(name)) for name in names]
        graph = _graph_iri(entity.source_id) if entity.source_id else REFERENCE_GRAPH
        self._add(graph, triples)

    def add_evidence(self, evidence: Evidence) -> Node:
        """One node per span for curated evidence; machine evidence gets its own node per span,
        method and confidence, so it never merges with a curated quote over the same span."""
        iri = evidence_iri(evidence.source_id, evidence.start, evidence.end)
        if evidence.method != "curated":
            iri = f"{iri}/{evidence.method}-{round(evidence.confidence * 1000):03d}"
        node = self.named(iri)
        triples: list[Triple] = [
            (node, RDF.type, KG.Evidence),
            (node, KG.inDocument, _source_iri(evidence.source_id)),
            (node, KG.startOffset, self.literal(evidence.start, datatype=XSD.integer)),
            (node, KG.endOffset, self.literal(evidence.end, datatype=XSD.integer)),
            (node, KG.exactText, self.literal(evidence.text)),
            (node, KG.method, METHOD[evidence.method]),
            (node, KG.segmentKind, SEG[evidence.segment_kind]),
        ]
        if evidence.method != "curated":
            confidence = Decimal(f"{evidence.confidence:.3f}")
            triples.append((node, KG.confidence, self.literal(confidence)))
        if evidence.extractor:
            triples.append((node, KG.extractor, self.literal(evidence.extractor)))
        self._add(_graph_iri(evidence.source_id), triples)
        return node

    def add_mention(self, document_id: str, link: MentionSpan) -> Node:
        """A place the document names an entity, whether or not the entity fills a fact role:
        open-world mentions, so an article's entities reach the graph even without a fact."""
        node = self.named(f"{evidence_iri(document_id, link.start, link.end)}/mention")
        source = _source_iri(document_id)
        entity = self.iri(link.entity_id)
        triples: list[Triple] = [
            (node, RDF.type, KG.Mention),
            (node, KG.inDocument, source),
            (node, KG.mentionOf, entity),
            (node, KG.startOffset, self.literal(link.start, datatype=XSD.integer)),
            (node, KG.endOffset, self.literal(link.end, datatype=XSD.integer)),
            (node, KG.exactText, self.literal(link.text)),
            (node, KG.method, METHOD.extracted),
            (source, KG.mentions, entity),
        ]
        self._add(_graph_iri(document_id), triples)
        return node

    def add_fact(self, fact: Fact) -> None:
        node = self.iri(fact.id)
        spec: KindSpec = FACT_KINDS[fact.kind]
        triples: list[Triple] = []
        if spec.rdf_class is not None:
            triples.append((node, RDF.type, spec.rdf_class))
        triples += self._fields(node, fact.fields, spec.fields, owner=fact)
        triples += [(node, KG.supportedBy, self.add_evidence(e)) for e in fact.evidence]
        if fact.note:
            triples.append((node, KG.note, self.literal(fact.note)))
        graph = CURATION_GRAPH if fact.kind == "discrepancy" else _graph_iri(fact.source_id)
        self._add(graph, triples)

    def _fields(
        self,
        node: URIRef,
        values: Mapping[str, Any],
        table: Mapping[str, FieldSpec],
        owner: Fact | None = None,
    ) -> list[Triple]:
        triples: list[Triple] = []
        for name, spec in table.items():
            if name not in values or spec.predicate is None:
                continue
            items = values[name] if spec.many else [values[name]]
            for position, item in enumerate(items, start=1):
                obj = self._object(node, name, spec, item, values, position, owner)
                if spec.inverse:
                    triples.append((obj, spec.predicate, node))
                else:
                    triples.append((node, spec.predicate, obj))
        return triples

    def _object(
        self,
        node: URIRef,
        name: str,
        spec: FieldSpec,
        item: Any,
        values: Mapping[str, Any],
        position: int,
        owner: Fact | None,
    ) -> Node:
        kind = spec.kind
        if kind == REF:
            return self.iri(item)
        if kind == CONCEPT:
            assert spec.scheme is not None
            return spec.scheme[item]
        if kind == DATE:
            assert isinstance(item, PartialDate)
            return self.date(item)
        if kind == INT:
            return self.literal(item, datatype=XSD.integer)
        if kind == NUMBER:
            return self.literal(item, datatype=XSD.decimal)
        if kind == TEXT:
            if name == "name":
                return self.literal(item, lang=values.get("language", "en"))
            return self.literal(item)
        if kind == EXTERNAL:
            assert spec.scheme is not None
            return spec.scheme[item]
        if kind == CHOICE:
            return spec.choices[item]
        if kind == FIELD:
            assert owner is not None
            predicate = self._concerned_field(owner, item).predicate
            assert predicate is not None
            return predicate
        if kind == GROUP:
            return self._group(node, item, owner)
        if kind == GROUPREF:
            return node_iri("target-group", item)
        if kind == VARIANT:
            return self._variant(node, item, position, owner)
        raise AssertionError(f"unknown field kind {kind}")

    def _concerned_field(self, owner: Fact, name: str) -> FieldSpec:
        """Field `name` of the kind of what a discrepancy `concerns` (a fact or an entity)."""
        concerned = self.index[owner.fields["concerns"]]
        table = FACT_KINDS[concerned] if concerned in FACT_KINDS else ENTITY_KINDS[concerned]
        return table.fields[name]

    def _concept_variant(self, owner: Fact, value: str) -> URIRef | None:
        spec = self._concerned_field(owner, owner.fields["property"])
        if spec.kind != CONCEPT or spec.scheme is None:
            return None
        return spec.scheme[value]

    def _group(self, parent: URIRef, group: Mapping[str, Any], owner: Fact | None) -> URIRef:
        parent_id = str(parent).rsplit("/", 1)[-1]
        group_id = group.get("id") or f"{parent_id}-{slugify(group['description'])[:60].strip('-')}"
        node = node_iri("target-group", group_id)
        triples: list[Triple] = [(node, RDF.type, KG.TargetGroup)]
        triples += self._fields(node, group, GROUP_FIELDS, owner)
        assert owner is not None
        self._add(_graph_iri(owner.source_id), triples)
        return node

    def _variant(
        self, parent: URIRef, variant: Mapping[str, Any], position: int, owner: Fact | None
    ) -> URIRef:
        parent_id = str(parent).rsplit("/", 1)[-1]
        node = node_iri("variant", f"{parent_id}-{position}")
        triples: list[Triple] = [
            (node, RDF.type, KG.Variant),
            (node, KG.reportedIn, _source_iri(variant["source"])),
        ]
        if "value" in variant:
            triples.append((node, KG.value, self.literal(variant["value"])))
        if "value_ref" in variant:
            triples.append((node, KG.valueRef, self.iri(variant["value_ref"])))
        elif "value" in variant and owner is not None:
            concept = self._concept_variant(owner, variant["value"])
            if concept is not None:  # a SKOS-valued property: point at the concept, not a name
                triples.append((node, KG.valueRef, concept))
        triples += [(node, KG.supportedBy, self.add_evidence(e)) for e in variant["evidence"]]
        self._add(CURATION_GRAPH, triples)
        return node
