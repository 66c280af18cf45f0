"""kg/namespace.py and ontology/kg.ttl must declare exactly the same terms."""

from __future__ import annotations

from rdflib import OWL, RDF, URIRef

from kg.namespace import KG
from kg.ontology import ontology_graph


def test_code_and_ontology_declare_the_same_terms() -> None:
    graph = ontology_graph()
    declared = {
        str(s)
        for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in graph.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(str(KG._NS))
    }
    in_code = {str(KG._NS[name]) for name in KG.__annotations__}
    assert declared - in_code == set(), "terms in kg.ttl missing from kg/namespace.py"
    assert in_code - declared == set(), "terms in kg/namespace.py missing from kg.ttl"


def test_unknown_term_is_an_error() -> None:
    import pytest

    with pytest.raises(AttributeError):
        _ = KG.Sanctoin  # a typo must not slip into the graph


def test_every_ontology_term_has_a_label() -> None:
    graph = ontology_graph()
    from rdflib import RDFS

    for name in KG.__annotations__:
        assert graph.value(KG._NS[name], RDFS.label) is not None, name
