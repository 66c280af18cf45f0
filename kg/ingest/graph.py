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
from rdflib.term import Node, _is_valid_uri

from kg.curate.matching import measure_matches, statement_matches
from kg.dates import PartialDate
from kg.iris import graph_iri
from kg.model import Entity, Fact, SourceDocument
from kg.rdf.terms import MentionSpan, Triple
from kg.rdf.writer import GraphWriter

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
    return writer.nquads()


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


_INTEGER, _DECIMAL = URIRef(XSD.integer), URIRef(XSD.decimal)
_OF_INTEGER, _OF_DECIMAL = f"^^<{_INTEGER}>", f"^^<{_DECIMAL}>"  # plain str: cheaper in f-strings
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
        return f'"{value}"{_OF_INTEGER}'
    elif kind is Decimal and datatype is None:
        return f'"{value:f}"{_OF_DECIMAL}'
    return _quoteLiteral(Literal(value, lang=lang, datatype=datatype))


@lru_cache(maxsize=4096)
def _date_text(value: PartialDate) -> str:
    """The text of `value.to_literal()` as rdflib writes it, without making the Literal (the
    slowest of them): rdflib keeps a gYear's or gYearMonth's lexical form as given and writes
    an xsd:date as its `date.isoformat()`, which is the form a PartialDate holds (the same text
    as rdflib 7.6's for every date a PartialDate accepts, years 1 to 9999)."""
    return f'"{value.iso}"^^<{value.datatype}>'


# every predicate is a term of the vocabulary (the schema's, RDF's, RDFS's, SKOS's): a few dozen
# in a whole run, so their text is kept for the run, not made again for each graph
_PREDICATES: dict[Node, str] = {}


def _predicate_text(term: Node) -> str:
    text = _PREDICATES[term] = term.n3()
    return text


class _LineWriter(GraphWriter):
    """A GraphWriter that writes the N-Quads lines of one graph as text instead of filling an
    rdflib Dataset: adding to the Dataset and serialising it again was 60% of this step, and
    making an rdflib Literal for every value and writing it out again was most of the rest.
    The lines are those of rdflib's own N-Triples writer (`_nt_row`) with the graph's name
    added, kept as UTF-8 and sorted as bytes, so the bytes are the ones `canonical_nquads`
    gives for that graph; quads of other graphs (reference, curation) are left out, as the
    per-graph serialisation left them out.

    Literals, dates and the nodes of evidence and mentions (most of a graph's terms) are made
    as their N-Triples text (plain `str`), not as rdflib terms. Every other term is an rdflib
    term (a node of an id, a term of the vocabulary), written by rdflib (`n3()`) once per graph,
    or once per run for a predicate. An IRI with a character N-Triples forbids stays a URIRef,
    so rdflib refuses it when it is written, with the error it always gave."""

    def __init__(self, index: Mapping[str, str], graph: URIRef) -> None:
        super().__init__(index)
        self.graph = graph
        self.lines: set[bytes] = set()  # UTF-8 text of the triples: `nquads` adds the graph
        self._names: dict[Node, str] = {}
        self._iris: dict[str, URIRef] = {}

    def iri(self, node_id: str) -> URIRef:
        found = self._iris.get(node_id)
        if found is None:
            found = self._iris[node_id] = super().iri(node_id)
        return found

    def named(self, iri: str) -> Node:
        """`<iri>`, checked as rdflib's `n3()` checks it (a URIRef if that would refuse it)."""
        if _is_valid_uri(iri):
            return f"<{iri}>"  # type: ignore[return-value]
        return URIRef(iri)

    def literal(self, value: Any, datatype: URIRef | None = None, lang: str | None = None) -> Node:
        return literal_text(value, datatype, lang)  # type: ignore[return-value]

    def date(self, value: PartialDate) -> Node:
        return _date_text(value)  # type: ignore[return-value]

    def _text(self, term: Node) -> str:
        """The text of an rdflib term, kept for the graph (a Literal, made outside `literal`,
        is written as rdflib's N-Triples writer writes it, and not kept)."""
        if type(term) is not URIRef and isinstance(term, Literal):  # URIRef first: isinstance
            return _quoteLiteral(term)  # of an rdflib class is a Python call
        text = self._names[term] = term.n3()
        return text

    def _add(self, graph: URIRef, triples: Iterable[Triple]) -> None:
        if not str.__eq__(graph, self.graph):  # not `!=`: rdflib's is a Python call
            return
        names, text, predicates, add = self._names, self._text, _PREDICATES, self.lines.add
        for s, p, o in triples:  # a plain str is a term made as text (typed Node: see `named`)
            s_text = s if type(s) is str else names.get(s) or text(s)  # type: ignore[comparison-overlap]
            p_text = predicates.get(p) or _predicate_text(p)
            o_text = o if type(o) is str else names.get(o) or text(o)  # type: ignore[comparison-overlap]
            add(f"{s_text} {p_text} {o_text}".encode())

    def nquads(self) -> bytes:
        """The graph's lines, sorted, each with the graph's name put on the end here: sorting
        the triples' text alone gives the same order, since where one begins another, it ends
        in a literal that the other goes on with a language tag or a datatype ('-', a letter,
        '@' or '^'), and each of those sorts after the space that begins the graph's name."""
        end = f" <{self.graph}> .\n".encode()
        return end.join(sorted(self.lines)) + end
