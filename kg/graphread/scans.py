"""Whole-graph scans, a few queries instead of one per node (projecting a 100k-node graph costs
seconds, not hours): which node has which kg: class in which named graph, literal values, links
between resources per named graph, and the evidence behind each node."""

from __future__ import annotations

from typing import cast

from kg.graphread.names import PREFIXES
from kg.store.base import DEFAULT_TIMEOUT_S, GraphStore
from kg.store.terms import Term

__all__ = ["Link", "Support", "Typing", "Value", "evidence", "links", "typings", "values"]

# Per named graph: the graph tells which source document introduces (or mentions) the node.
_TYPES = """SELECT ?node ?class ?graph WHERE {
  GRAPH ?graph { ?node a ?class }
  FILTER(STRSTARTS(STR(?class), STR(kg:)))
}"""
# Literal values of typed nodes (labels, aliases, dates, counts, texts). Evidence is read apart.
_VALUES = """SELECT DISTINCT ?node ?property ?value WHERE {
  ?node a ?class .
  FILTER(STRSTARTS(STR(?class), STR(kg:)) && ?class NOT IN (kg:Evidence, kg:Segment, kg:Variant))
  ?node ?property ?value .
  FILTER(isLiteral(?value))
}"""
# Links between resources, per named graph: the graph says which source document tells the link.
_LINKS = """SELECT ?node ?property ?object ?graph WHERE {
  GRAPH ?graph { ?node ?property ?object }
  FILTER(isIRI(?object) && STRSTARTS(STR(?property), STR(kg:)))
  FILTER(?property NOT IN (kg:supportedBy, kg:inDocument, kg:method, kg:segmentKind, kg:graph))
}"""
_EVIDENCE = """SELECT ?node ?evidence ?document ?text ?method ?confidence ?start WHERE {
  ?node kg:supportedBy ?evidence .
  ?evidence kg:inDocument ?document .
  OPTIONAL { ?evidence kg:exactText ?text }
  OPTIONAL { ?evidence kg:method/skos:prefLabel ?method }
  OPTIONAL { ?evidence kg:confidence ?confidence }
  OPTIONAL { ?evidence kg:startOffset ?start }
}"""


# Rows as the store gives them (building a named tuple per row cost 2-4% of a 200k-quad
# projection); the columns, in order:
Typing = tuple[Term | None, Term | None, Term | None]  # node, class, graph
Value = tuple[Term | None, Term | None, Term | None]  # node, property, literal
Link = tuple[Term | None, Term | None, Term | None, Term | None]  # node, property, object, graph
# node, evidence, document, exact text, method label, confidence, start offset
Support = tuple[
    Term | None, Term | None, Term | None, Term | None, Term | None, Term | None, Term | None
]


def _scan(store: GraphStore, sparql: str, timeout_s: float | None) -> list[tuple[Term | None, ...]]:
    """The rows of one scan; its SELECT fixes their width, hence the casts below."""
    return store.query(PREFIXES + sparql, timeout_s=timeout_s, max_rows=None).rows


def typings(store: GraphStore, *, timeout_s: float | None = DEFAULT_TIMEOUT_S) -> list[Typing]:
    return cast(list[Typing], _scan(store, _TYPES, timeout_s))


def values(store: GraphStore, *, timeout_s: float | None = DEFAULT_TIMEOUT_S) -> list[Value]:
    return cast(list[Value], _scan(store, _VALUES, timeout_s))


def links(store: GraphStore, *, timeout_s: float | None = DEFAULT_TIMEOUT_S) -> list[Link]:
    return cast(list[Link], _scan(store, _LINKS, timeout_s))


def evidence(store: GraphStore, *, timeout_s: float | None = DEFAULT_TIMEOUT_S) -> list[Support]:
    return cast(list[Support], _scan(store, _EVIDENCE, timeout_s))
