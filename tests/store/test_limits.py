"""Every backend stops a query at its time limit, caps its rows, and binds values safely."""

from __future__ import annotations

import time

import pytest

from kg.errors import QueryError, QueryRefused, QueryTimeout
from kg.store import GraphStore, Term

# A cross product that streams rows for minutes: the caller must stop waiting at the limit.
SLOW = "SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f FILTER(STR(?b) < STR(?d)) }"
LABELS = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?name WHERE { ?s rdfs:label ?name }"
JAPAN = "https://w3id.org/sanctions-kg/id/state/jp"


def test_a_query_past_its_time_limit_is_stopped(backend: GraphStore) -> None:
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"0\.5 s"):
        backend.query(SLOW, timeout_s=0.5, max_rows=None)
    assert time.monotonic() - started < 2.0
    assert backend.query("ASK { ?s ?p ?o }").values() == [(True,)]  # still answering


def test_rows_are_capped(backend: GraphStore) -> None:
    capped = backend.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", max_rows=7)
    assert len(capped) == 7 and capped.truncated
    whole = backend.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", max_rows=None)
    assert len(whole) > 1000 and not whole.truncated


@pytest.mark.parametrize(
    "hostile",
    ['Japan" || true || "', 'Japan" } ; DROP ALL ; SELECT * { "', "Japan'", "Ja\npan", "}", "#"],
)
def test_bound_values_cannot_rewrite_the_query(backend: GraphStore, hostile: str) -> None:
    assert backend.query(LABELS, {"name": hostile}).rows == []
    assert [str(r[0]) for r in backend.query(LABELS, {"name": "Japan"})] == [JAPAN]


def test_iri_and_typed_bindings(backend: GraphStore) -> None:
    rows = backend.query(LABELS, {"s": Term.iri(JAPAN)}).values()
    assert rows == [(JAPAN, "Japan")]
    counts = backend.query(
        "PREFIX kg: <https://w3id.org/sanctions-kg/ontology#> "
        "SELECT ?group ?n WHERE { ?group kg:memberCount ?n }",
        {"n": 35},
    )
    assert counts.rows and all(row[1] == Term.literal("35", str(XSD_INTEGER)) for row in counts)
    with pytest.raises(QueryError):
        backend.query(LABELS, {"s": Term.iri("https://example.org/a> } DROP ALL {")})


def test_the_guard_refuses_before_anything_reaches_the_store(backend: GraphStore) -> None:
    for sparql in (
        "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }",
        "LOAD <file:///etc/passwd>",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    ):
        with pytest.raises(QueryRefused):
            backend.query(sparql)


def test_results_become_rows_records_and_a_dataframe(backend: GraphStore) -> None:
    result = backend.query(LABELS, {"s": Term.iri(JAPAN)})
    assert result.records() == [{"s": JAPAN, "name": "Japan"}]
    frame = result.to_dataframe()
    assert list(frame.columns) == ["s", "name"] and frame.iloc[0]["name"] == "Japan"


XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
