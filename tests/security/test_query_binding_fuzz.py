"""Property-based: no bound value can change what a query means or what the store holds."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.store import OxigraphStore, Term

LABELS = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?name ?s WHERE { ?s rdfs:label ?name }"
QUOTES = st.sampled_from(
    ['"', "'", '"""', "\\", "\\u0022", "}", "{", "#", "\n", " || true || ", ";", "<", ">"]
)
HOSTILE = st.lists(st.one_of(st.text(max_size=8), QUOTES), max_size=8).map("".join)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=HOSTILE)
def test_a_bound_literal_only_ever_matches_itself(store: OxigraphStore, value: str) -> None:
    before = len(store)
    for name, _ in store.query(LABELS, {"name": value}).values():
        assert name == value
    assert len(store) == before


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(suffix=HOSTILE)
def test_a_bound_iri_is_one_term(store: OxigraphStore, suffix: str) -> None:
    iri = "https://w3id.org/sanctions-kg/id/state/jp" + "".join(c for c in suffix if c.isalnum())
    rows = store.query(LABELS, {"s": Term.iri(iri)}).values()
    assert all(s == iri for _, s in rows)
