"""Parameter text as a person types it: IRIs, prefixed names as the tables print, and labels."""

from __future__ import annotations

import pytest

from kg.namespace import BASE
from kg.query.format import short_cell
from kg.query.names import expand, shorten
from kg.query.params import ParamError, parse_param, read_params, read_value, resolve_label
from kg.store import OxigraphStore, Term

LAVROV = f"{BASE}id/person/sergey-lavrov"
SPEAKER = {"speaker": "IRI of the speaker (optional)", "name": "the name to look for"}
SHARED = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label (COUNT(DISTINCT ?node) AS ?n) WHERE {
  ?node rdfs:label|skos:altLabel ?name FILTER(isIRI(?node)) BIND(LCASE(STR(?name)) AS ?label)
} GROUP BY ?label HAVING (COUNT(DISTINCT ?node) > 1) ORDER BY ?label LIMIT 1"""


def test_what_a_table_prints_reads_back_as_the_same_iri() -> None:
    assert shorten(LAVROV) == "id:person/sergey-lavrov"
    assert expand(shorten(LAVROV)) == LAVROV
    assert short_cell(Term.iri(LAVROV)) == "id:person/sergey-lavrov"
    assert read_value("id:person/sergey-lavrov") == Term.iri(LAVROV)
    assert read_value(f"<{LAVROV}>") == read_value(LAVROV) == Term.iri(LAVROV)
    assert read_value("urn:x:a") == Term.iri("urn:x:a")
    assert read_value("42") == 42
    assert read_value("a:b") == "a:b"  # not a known prefix: text
    assert shorten("https://example.org/x") == "https://example.org/x"


def test_a_label_resolves_to_its_one_node(store: OxigraphStore) -> None:
    assert resolve_label(store, "Sergey Lavrov") == LAVROV
    assert resolve_label(store, "sergei lavrov") == LAVROV  # an alias, any case
    bound = read_params(["speaker=Sergey Lavrov", "name=Lavrov"], SPEAKER, store)
    assert bound == {"speaker": Term.iri(LAVROV), "name": "Lavrov"}  # text where text is taken


def test_a_label_naming_nothing_or_several_is_a_clear_error(store: OxigraphStore) -> None:
    with pytest.raises(ParamError, match="no node has this label"):
        resolve_label(store, "Nobody Ofthisname")
    shared = store.query(SHARED).rows
    if not shared:
        pytest.skip("the bundled graph has no label shared by two nodes")
    label = shared[0][0]
    assert label is not None
    with pytest.raises(ParamError, match=r"names \d+ nodes: \w+:"):
        resolve_label(store, label.value)


def test_malformed_and_unknown_parameters_are_named(store: OxigraphStore) -> None:
    with pytest.raises(ParamError, match="NAME=VALUE"):
        parse_param("speaker")
    with pytest.raises(ParamError, match="no parameter 'spaeker'; it takes name, speaker"):
        read_params(["spaeker=x"], SPEAKER, store, "statements-by-speaker")


def test_the_named_query_answers_for_a_label_as_for_its_iri(store: OxigraphStore) -> None:
    from kg.query.library import find_query

    named = find_query("statements-by-speaker")
    by_label = read_params(["speaker=Sergey Lavrov"], named.params, store)
    by_name = read_params(["speaker=id:person/sergey-lavrov"], named.params, store)
    rows = store.query(named.text, by_label).rows
    assert rows and rows == store.query(named.text, by_name).rows


def test_the_plain_iri_base_is_the_namespace_base() -> None:
    from kg import config, namespace

    assert config.BASE_IRI == namespace.BASE and str(namespace.GRAPH) == config.GRAPH_IRI
