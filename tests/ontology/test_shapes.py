"""Each SHACL shape: its valid example passes, its invalid examples fail on that very shape,
and it targets real nodes of the built graph (a misspelt namespace cannot pass vacuously)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef

from kg.build.validate import violations
from kg.ontology import ontology_graph, shapes_graph
from kg.store import OxigraphStore

SH = Namespace("http://www.w3.org/ns/shacl#")
EXAMPLES = Path(__file__).resolve().parents[2] / "ontology" / "shapes" / "examples"


def _shape_ids() -> list[str]:
    return sorted(
        str(s).split("#")[1]
        for s in shapes_graph().subjects(SH.targetClass, None)
        if isinstance(s, URIRef)
    )


def _data(example: Path) -> Graph:
    graph = Graph()
    graph += ontology_graph()
    graph.parse(EXAMPLES / "_base.ttl")
    graph.parse(example)
    return graph


def test_the_base_context_is_valid() -> None:
    graph = Graph()
    graph += ontology_graph()
    graph.parse(EXAMPLES / "_base.ttl")
    assert violations(graph) == []


@pytest.mark.parametrize("shape", _shape_ids())
def test_valid_example_passes(shape: str) -> None:
    number = shape.split("-")[0]
    example = EXAMPLES / f"{number}-valid.ttl"
    assert example.exists(), f"{shape} has no valid example"
    assert violations(_data(example)) == []


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("S*-invalid-*.ttl")), ids=lambda p: p.stem)
def test_invalid_example_fails_on_its_shape(example: Path) -> None:
    number = example.stem.split("-")[0]
    found = violations(_data(example))
    assert found, f"{example.name} should violate {number}"
    assert {v.shape.split("-")[0] for v in found} == {number}, [str(v) for v in found]


def test_every_shape_has_an_invalid_example() -> None:
    numbers = {p.stem.split("-")[0] for p in EXAMPLES.glob("S*-invalid-*.ttl")}
    assert {s.split("-")[0] for s in _shape_ids()} <= numbers


def test_every_shape_targets_nodes_of_the_built_graph(store: OxigraphStore) -> None:
    for shape in shapes_graph().subjects(SH.targetClass, None):
        target = shapes_graph().value(shape, SH.targetClass)
        rows = store.query(
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
            "SELECT ?class (COUNT(?n) AS ?c) WHERE { ?n a/rdfs:subClassOf* ?class } GROUP BY ?class",
            {"class": target},
        )
        assert rows.values()[0][1] > 0, f"{shape} targets {target}, which has no instance"
