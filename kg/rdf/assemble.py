"""Put documents, curated data and extracted facts together into one Dataset."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib import Dataset

from kg.model import Entity, Fact, SourceDocument
from kg.ontology import ontology_graph
from kg.rdf.writer import GraphWriter

__all__ = ["assemble"]


def assemble(
    documents: Sequence[SourceDocument],
    entities: Sequence[Entity],
    facts: Iterable[Fact],
) -> Dataset:
    """The whole graph: ontology, reference entities, and one named graph per source."""
    facts = list(facts)
    index = {e.id: e.kind for e in entities}
    index.update({f.id: f.kind for f in facts})
    writer = GraphWriter(index)
    writer.add_ontology(ontology_graph())
    for document in documents:
        writer.add_document(document)
    for entity in entities:
        writer.add_entity(entity)
    for fact in facts:
        writer.add_fact(fact)
    return writer.dataset
