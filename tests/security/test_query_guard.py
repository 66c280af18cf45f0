"""The read path refuses updates, SERVICE, LOAD and foreign FROM; values are bound, never pasted."""

from __future__ import annotations

import pytest

from kg.errors import QueryError, QueryRefused
from kg.store import OxigraphStore, Term

PREFIX = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "


@pytest.mark.parametrize(
    ("sparql", "message"),
    [
        ("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", "updates"),
        ("DELETE WHERE { ?s ?p ?o }", "updates"),
        ("LOAD <file:///etc/passwd>", "updates"),
        ("DROP ALL", "updates"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * WHERE { OPTIONAL { SERVICE SILENT <http://x/> { ?s ?p ?o } } }", "SERVICE"),
        ("SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }", "FROM"),
        ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
    ],
)
def test_refused(store: OxigraphStore, sparql: str, message: str) -> None:
    with pytest.raises(QueryRefused, match=message):
        store.query(sparql)


def test_from_our_own_graph_is_allowed(store: OxigraphStore) -> None:
    result = store.query(
        "SELECT (COUNT(*) AS ?n) FROM <https://w3id.org/sanctions-kg/graph/reference> WHERE { ?s ?p ?o }"
    )
    assert result.values()[0][0] > 0


def test_syntax_error_is_a_query_error(store: OxigraphStore) -> None:
    with pytest.raises(QueryError, match="syntax"):
        store.query("SELEC ?x WHERE {")


@pytest.mark.parametrize(
    "hostile",
    [
        'Japan" || true || "',
        "Japan\\u0022 || true || \\u0022",
        'Japan" } ; DROP ALL ; SELECT * { "',
        "Japan'",
    ],
)
def test_bound_values_cannot_rewrite_the_query(store: OxigraphStore, hostile: str) -> None:
    sparql = PREFIX + "SELECT ?name ?s WHERE { ?s rdfs:label ?name }"
    assert store.query(sparql, {"name": hostile}).rows == []
    assert [str(r[1]) for r in store.query(sparql, {"name": "Japan"})] == [
        "https://w3id.org/sanctions-kg/id/state/jp"
    ]


def test_iri_binding(store: OxigraphStore) -> None:
    sparql = PREFIX + "SELECT ?s ?name WHERE { ?s rdfs:label ?name }"
    rows = store.query(
        sparql, {"s": Term.iri("https://w3id.org/sanctions-kg/id/state/ru")}
    ).values()
    assert rows == [("https://w3id.org/sanctions-kg/id/state/ru", "Russia")]


def test_row_cap(store: OxigraphStore) -> None:
    result = store.query("SELECT ?s WHERE { ?s ?p ?o }", max_rows=7)
    assert len(result) == 7 and result.truncated


def test_time_limit(store: OxigraphStore) -> None:
    from kg.errors import QueryTimeout

    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
    with pytest.raises(QueryTimeout, match=r"0\.2 s"):
        store.query(heavy, timeout_s=0.2)
