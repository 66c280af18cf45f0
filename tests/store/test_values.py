"""Values bound for servers travel as N-Triples terms in a VALUES block, never as raw text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import QueryError, QueryRefused
from kg.store import Term, open_store
from kg.store.values import where_group_start, with_values

TRICKY = [
    ("SELECT ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE {"),
    ("ASK { ?x ?p ?o }", "ASK {"),
    ('PREFIX a: <urn:a#> SELECT ("{" AS ?b) ?x { ?x ?p ?o }', 'SELECT ("{" AS ?b) ?x {'),
    ("# a comment with { brace\nSELECT ?x { ?x ?p ?o }", "SELECT ?x {"),
    ("SELECT (EXISTS { ?x ?p ?o } AS ?e) ?x WHERE { ?x ?p ?o }", "AS ?e) ?x WHERE {"),
    ("SELECT ?x FROM <urn:g{x}> WHERE { ?x ?p ?o }", None),  # '{' is not legal in an IRI
    ("SELECT ?x WHERE { FILTER(?x < 3 && ?x > 1) }", "SELECT ?x WHERE {"),
    ("SELECT ('''{\"}''' AS ?s) ?x { ?x ?p ?o }", "AS ?s) ?x {"),
]


@pytest.mark.parametrize(("sparql", "before"), TRICKY)
def test_the_where_group_is_found(sparql: str, before: str | None) -> None:
    if before is None:
        assert where_group_start(sparql) == sparql.index("{")  # the IRI is left to the parser
    else:
        assert sparql[: where_group_start(sparql) + 1].endswith(before)


def test_the_values_block_opens_the_where_group() -> None:
    text = with_values("SELECT ?x WHERE { ?x ?p ?o }", {"x": Term.iri("urn:a"), "o": 'a"b'})
    assert text == 'SELECT ?x WHERE { VALUES (?x ?o) { (<urn:a> "a\\"b") }  ?x ?p ?o }'


@pytest.mark.parametrize(
    ("bindings", "message"),
    [
        ({"x y": "a"}, "variable name"),
        ({"missing": "a"}, r"\?missing"),
        ({"x": Term("bnode", "b0")}, "blank node"),
        ({"x": Term.iri("urn:a> } DROP ALL {")}, "cannot be a uri"),
    ],
)
def test_what_cannot_be_bound_is_a_query_error(bindings: dict[str, object], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        with_values("SELECT ?x WHERE { ?x ?p ?o }", bindings)  # type: ignore[arg-type]


EMPTY = open_store("memory")
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")  # what the guard may refuse
TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(
        TEXT, st.integers(), st.booleans(), st.tuples(TEXT, st.sampled_from(["en", "ja", "ru"]))
    )
)
def test_any_value_comes_back_exactly_as_bound(value: object) -> None:
    """The injected text, run by Oxigraph, gives back the very term that was bound, or the guard
    refuses it (control characters, which readers of query text disagree on) before any engine."""
    term = Term.literal(value[0], lang=value[1]) if isinstance(value, tuple) else value
    expected = EMPTY.query("SELECT ?v WHERE { }", {"v": term}).rows  # type: ignore[dict-item]
    text = with_values("SELECT ?v WHERE { }", {"v": term})  # type: ignore[dict-item]
    try:
        result = EMPTY.query(text)
    except QueryRefused:
        assert UNSAFE.search(str(value[0] if isinstance(value, tuple) else value))
        return
    assert result.rows == expected and len(result.rows) == 1


def test_a_construct_binds_in_its_where_group_not_its_template() -> None:
    bound = {"s": Term.iri("urn:a")}
    long = with_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", bound, construct=True)
    assert long == "CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { (<urn:a>) }  ?s ?p ?o }"
    short = with_values("CONSTRUCT WHERE { ?s ?p ?o }", bound, construct=True)
    assert short == "CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { (<urn:a>) }  ?s ?p ?o }"
