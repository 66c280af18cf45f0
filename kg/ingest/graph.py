"""One document's named graph: its metadata, its curated facts, and the machine facts.

Curated facts stay authoritative: a machine fact that a curated fact of the same document
already tells (same criteria as `kg eval`) is left out, and so is one whose id the curated file
lists under `rejected:`. Every piece of evidence says how it was obtained (kg:method curated or
extracted; extracted ones carry kg:extractor and kg:confidence).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rdflib import URIRef
from rdflib.plugins.serializers.nt import _nt_row

from kg.build.rdf import GraphWriter, MentionSpan, Triple
from kg.eval.matching import measure_matches, statement_matches
from kg.iris import graph_iri
from kg.model import Entity, Fact, SourceDocument

__all__ = ["document_quads", "machine_facts_to_keep"]


def machine_facts_to_keep(
    extracted: Sequence[Fact], curated: Sequence[Fact], rejected: set[str], reference: set[str]
) -> list[Fact]:
    """Machine facts that no curated fact already tells and that no curator rejected."""
    kept = []
    for fact in extracted:
        if fact.id in rejected:
            continue
        same_kind = [c for c in curated if c.kind == fact.kind]
        if fact.kind == "measure" and any(measure_matches(fact, c) for c in same_kind):
            continue
        if fact.kind == "statement" and any(
            statement_matches(fact, c, reference) for c in same_kind
        ):
            continue
        if fact.kind == "package" and any(
            c.fields.get("imposer") == fact.fields.get("imposer")
            and c.fields.get("announced") == fact.fields.get("announced")
            for c in same_kind
        ):
            continue
        kept.append(fact)
    # a measure may point at a package that was dropped as told by the curators
    ids = {f.id for f in kept}
    for fact in kept:
        if "package" in fact.fields and fact.fields["package"] not in ids:
            fact.fields = {k: v for k, v in fact.fields.items() if k != "package"}
    return kept


def document_quads(
    document: SourceDocument,
    facts: Iterable[Fact],
    entities: Iterable[Entity],
    kinds: Mapping[str, str],
    mentions: Iterable[MentionSpan] = (),
) -> bytes:
    """Canonical N-Quads of the document's named graph (and nothing else), with a kg:Mention
    for each place the text names an entity (the entity must be in `entities` or `kinds`)."""
    facts, entities = list(facts), list(entities)
    index = dict(kinds)
    index.update({e.id: e.kind for e in entities})
    index.update({f.id: f.kind for f in facts})
    writer = _LineWriter(index, graph_iri(document.id))
    writer.add_document(document)
    for entity in entities:
        writer.add_entity(entity)
    for fact in facts:
        if fact.kind != "discrepancy":
            writer.add_fact(fact)
    for link in mentions:
        writer.add_mention(document.id, link)
    return ("\n".join(sorted(writer.lines)) + "\n").encode("utf-8")


class _LineWriter(GraphWriter):
    """A GraphWriter that keeps the N-Quads lines of one graph instead of filling an rdflib
    Dataset: adding to the Dataset and serialising it again was 60% of this step. The lines are
    those of rdflib's own N-Triples writer (`_nt_row`) with the graph's name added, so the bytes
    are the ones `canonical_nquads` gives for that graph (UTF-8 keeps the order of code points,
    so sorting the text sorts the bytes); quads of other graphs (reference, curation) are left
    out, as the per-graph serialisation left them out."""

    def __init__(self, index: Mapping[str, str], graph: URIRef) -> None:
        super().__init__(index)
        self.graph = graph
        self.tail = f" <{graph}> ."
        self.lines: set[str] = set()

    def _add(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        if graph != self.graph:
            return
        tail, add = self.tail, self.lines.add
        for triple in triples:
            add(_nt_row(triple)[:-3] + tail)  # "s p o .\n" -> "s p o <g> ."
