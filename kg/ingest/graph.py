"""One document's named graph: its metadata, its curated facts, and the machine facts.

Curated facts stay authoritative: a machine fact that a curated fact of the same document
already tells (same criteria as `kg eval`) is left out, and so is one whose id the curated file
lists under `rejected:`. Every piece of evidence says how it was obtained (kg:method curated or
extracted; extracted ones carry kg:extractor and kg:confidence).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

from rdflib import XSD, Literal, URIRef
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.term import Node

from kg.build.rdf import GraphWriter
from kg.build.terms import MentionSpan, Triple
from kg.dates import PartialDate
from kg.eval.matching import measure_matches, statement_matches
from kg.iris import graph_iri
from kg.model import Entity, Fact, SourceDocument

__all__ = [
    "document_quads",
    "literal_text",
    "machine_facts_to_keep",
    "node_kinds",
    "quoted",
    "write_document",
]


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
    writer = _LineWriter(node_kinds(kinds, facts, entities), graph_iri(document.id))
    write_document(writer, document, facts, entities, mentions)
    return ("\n".join(sorted(writer.lines)) + "\n").encode("utf-8")


def node_kinds(
    kinds: Mapping[str, str], facts: Sequence[Fact], entities: Sequence[Entity]
) -> dict[str, str]:
    """id -> kind for every node the document's graph may point at."""
    index = dict(kinds)
    index.update({e.id: e.kind for e in entities})
    index.update({f.id: f.kind for f in facts})
    return index


def write_document(
    writer: GraphWriter,
    document: SourceDocument,
    facts: Iterable[Fact],
    entities: Iterable[Entity],
    mentions: Iterable[MentionSpan] = (),
) -> None:
    """What a document's graph holds, given to `writer` (this module's lines, or kg build's
    rdflib Dataset: tests/ingest/test_quads_bytes.py holds the two to the same bytes)."""
    writer.add_document(document)
    for entity in entities:
        writer.add_entity(entity)
    for fact in facts:
        if fact.kind != "discrepancy":
            writer.add_fact(fact)
    for link in mentions:
        writer.add_mention(document.id, link)


class _Text(str):
    """A literal already written as N-Triples text: what `_LineWriter.literal` returns."""


_INTEGER, _DECIMAL = URIRef(XSD.integer), URIRef(XSD.decimal)
_LANGUAGE = re.compile("^[a-zA-Z]+(?:-[a-zA-Z0-9]+)*$")  # rdflib's test of a language tag


def quoted(text: str) -> str:
    """A string as an N-Triples literal, escaped as rdflib's N-Triples writer escapes it (the
    same four replacements in the same order; every other character is written as it is)."""
    escaped = text.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')
    return '"' + escaped.replace("\r", "\\r") + '"'


def literal_text(value: Any, datatype: URIRef | None = None, lang: str | None = None) -> str:
    """The N-Triples text of `Literal(value, lang=lang, datatype=datatype)` as rdflib writes it.
    Plain and language-tagged strings, integers and decimals are written here; any other value
    goes through rdflib itself, so its normalisation of lexical forms holds."""
    kind = type(value)
    if kind is str and datatype is None:
        if lang is None:
            return quoted(value)
        if type(lang) is str and lang and _LANGUAGE.match(lang):
            return f"{quoted(value)}@{lang}"
    elif kind is int and datatype is not None and str.__eq__(datatype, _INTEGER):
        return f'"{value}"^^<{_INTEGER}>'
    elif kind is Decimal and datatype is None:
        return f'"{value:f}"^^<{_DECIMAL}>'
    return _quoteLiteral(Literal(value, lang=lang, datatype=datatype))


@lru_cache(maxsize=4096)
def _date_text(value: PartialDate) -> str:
    return _quoteLiteral(value.to_literal())


class _LineWriter(GraphWriter):
    """A GraphWriter that writes the N-Quads lines of one graph as text instead of filling an
    rdflib Dataset: adding to the Dataset and serialising it again was 60% of this step, and
    making an rdflib Literal for every value and writing it out again was most of the rest.
    The lines are those of rdflib's own N-Triples writer (`_nt_row`) with the graph's name
    added, so the bytes are the ones `canonical_nquads` gives for that graph (UTF-8 keeps the
    order of code points, so sorting the text sorts the bytes); quads of other graphs
    (reference, curation) are left out, as the per-graph serialisation left them out. IRIs are
    written by rdflib (`n3()`, which refuses an IRI with a character N-Triples forbids), once
    per IRI and graph."""

    def __init__(self, index: Mapping[str, str], graph: URIRef) -> None:
        super().__init__(index)
        self.graph = graph
        self.tail = f" <{graph}> ."
        self.lines: set[str] = set()
        self._names: dict[Node, str] = {}
        self._iris: dict[str, URIRef] = {}

    def iri(self, node_id: str) -> URIRef:
        found = self._iris.get(node_id)
        if found is None:
            found = self._iris[node_id] = super().iri(node_id)
        return found

    def literal(self, value: Any, datatype: URIRef | None = None, lang: str | None = None) -> Node:
        return _Text(literal_text(value, datatype, lang))  # type: ignore[return-value]

    def date(self, value: PartialDate) -> Node:
        return _Text(_date_text(value))  # type: ignore[return-value]

    def _name(self, term: Node) -> str:
        """A subject's or predicate's text (never a literal), kept for the graph."""
        if isinstance(term, (_Text, Literal)):
            raise TypeError(f"a literal where an IRI belongs: {term}")
        text = self._names[term] = term.n3()
        return text

    def _object_text(self, term: Node) -> str:
        if isinstance(term, Literal):  # made outside `literal`: rdflib's writer's text
            return _quoteLiteral(term)
        return self._name(term)

    def _add(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        if graph is not self.graph and graph != self.graph:
            return
        names, add, tail = self._names, self.lines.add, self.tail
        name, obj = self._name, self._object_text
        for s, p, o in triples:
            o_text = o if isinstance(o, _Text) else names.get(o) or obj(o)
            add(f"{names.get(s) or name(s)} {names.get(p) or name(p)} {o_text}{tail}")
