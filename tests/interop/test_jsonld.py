"""Compact JSON-LD: the published context matches kg.ttl, and the output parses back to the same
dataset, named graph by named graph."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF

from kg.build.pipeline import BuildReport
from kg.config import Settings
from kg.errors import StoreError
from kg.namespace import KG
from kg.rdfio import parse_rdf
from kg.store.jsonld import (
    CONTEXT_PATH,
    derive_context,
    load_context,
    quads_to_dataset,
    write_jsonld,
    write_jsonld_quads,
)


def test_the_published_context_is_derived_from_the_ontology(repo: Path) -> None:
    assert load_context() == derive_context(repo / "ontology" / "kg.ttl"), (
        "ontology/context.jsonld is out of date: run `kg jsonld-context`"
    )


def test_object_properties_are_iris_and_typed_literals_keep_their_type(repo: Path) -> None:
    context = load_context()["@context"]
    ontology = Graph().parse(repo / "ontology" / "kg.ttl")
    for prop in ontology.subjects(RDF.type, OWL.ObjectProperty):
        name = str(prop).removeprefix(str(KG))
        assert context[name] == {"@id": f"kg:{name}", "@type": "@id"}, name
    assert context["startOffset"]["@type"] == "xsd:integer"
    assert context["kg"] == str(KG)


def test_a_context_that_is_not_one_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text(json.dumps({"@context": "https://example.org/context.jsonld"}))
    with pytest.raises(StoreError, match=r"remote\.jsonld"):
        load_context(path)


def test_compact_output_parses_back_to_the_same_dataset(
    built: tuple[Settings, BuildReport], tmp_path: Path
) -> None:
    config, _ = built
    quads = list(ox.parse(path=str(config.build_dir / "kg.nq"), format=ox.RdfFormat.N_QUADS))
    dataset = quads_to_dataset(quads)
    out = tmp_path / "kg.jsonld"
    assert write_jsonld(dataset, out) == len(quads)

    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["@context"] == load_context(CONTEXT_PATH)["@context"]  # embedded, not a URL
    graphs = {g["@id"] for g in document["@graph"]}
    assert graphs == {q.graph_name.value for q in quads}
    keys = {k for g in document["@graph"] for node in g["@graph"] for k in node}
    assert "supportedBy" in keys and not any(k.startswith(str(KG)) for k in keys)

    back = quads_to_dataset(parse_rdf(out))  # the project's safe reader, no remote contexts
    for name in graphs:
        original, again = dataset.graph(URIRef(name)), back.graph(URIRef(name))
        assert len(original) > 0 and len(again) == len(original), name
        assert isomorphic(original, again), f"{name} differs after the JSON-LD round trip"


def test_blank_nodes_languages_and_off_range_datatypes_survive(tmp_path: Path) -> None:
    kg, g = str(KG), ox.NamedNode("https://w3id.org/sanctions-kg/graph/test")
    node, blank = ox.NamedNode("https://w3id.org/sanctions-kg/id/x/1"), ox.BlankNode()
    xsd = "http://www.w3.org/2001/XMLSchema#"
    quads = [
        ox.Quad(node, ox.NamedNode(kg + "name"), ox.Literal("Курилы", language="ru"), g),
        ox.Quad(
            node,
            ox.NamedNode(kg + "startOffset"),
            ox.Literal("7", datatype=ox.NamedNode(xsd + "string")),
            g,
        ),
        ox.Quad(
            node,
            ox.NamedNode(kg + "endOffset"),
            ox.Literal("9", datatype=ox.NamedNode(xsd + "integer")),
            g,
        ),
        ox.Quad(
            node,
            ox.NamedNode(kg + "date"),
            ox.Literal("2014-07", datatype=ox.NamedNode(xsd + "gYearMonth")),
            g,
        ),
        ox.Quad(node, ox.NamedNode(kg + "supportedBy"), blank, g),
        ox.Quad(blank, ox.NamedNode(kg + "exactText"), ox.Literal('a "quoted" span'), g),
        ox.Quad(node, ox.NamedNode(kg + "target"), ox.Literal("not an IRI"), g),
    ]
    out = tmp_path / "edge.jsonld"
    assert write_jsonld_quads(quads, out) == len(quads)
    original = quads_to_dataset(quads).graph(URIRef(g.value))
    again = quads_to_dataset(parse_rdf(out)).graph(URIRef(g.value))
    assert len(again) == len(quads) and isomorphic(original, again)
