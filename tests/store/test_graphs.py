"""CONSTRUCT and DESCRIBE answer an rdflib Graph on every backend, guarded and bound as SELECT."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from kg.errors import QueryError, QueryRefused
from kg.namespace import BASE
from kg.store import GraphStore, Term
from kg.store.graphs import construct

JAPAN = f"{BASE}id/state/jp"
LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
PREFIX = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


def test_construct_gives_the_bound_node_only(backend: GraphStore) -> None:
    graph = construct(
        backend,
        PREFIX + "CONSTRUCT { ?s rdfs:label ?name } WHERE { ?s rdfs:label ?name }",
        {"s": Term.iri(JAPAN)},
    )
    assert isinstance(graph, Graph)
    assert {(str(s), str(o)) for s, _, o in graph} == {(JAPAN, "Japan")}
    short = construct(
        backend, PREFIX + "CONSTRUCT WHERE { ?s rdfs:label ?name }", {"s": Term.iri(JAPAN)}
    )
    assert set(short) == set(graph)


def test_describe_gives_what_the_graph_says_of_a_node(backend: GraphStore) -> None:
    graph = construct(backend, f"DESCRIBE <{JAPAN}>")
    assert (URIRef(JAPAN), LABEL, None) in graph and len(graph) > 2
    assert {str(s) for s in graph.subjects()} >= {JAPAN}


def test_the_cap_and_the_guard_hold(backend: GraphStore) -> None:
    with pytest.raises(QueryError, match="more than 3 triples"):
        construct(backend, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", max_triples=3)
    with pytest.raises(QueryRefused):
        construct(
            backend, "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
        )
    with pytest.raises(QueryError, match=r"store\.query"):
        construct(backend, "SELECT * WHERE { ?s ?p ?o }")


def test_query_sends_a_graph_query_to_construct(backend: GraphStore) -> None:
    with pytest.raises(QueryError, match=r"kg\.store\.construct"):
        backend.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
