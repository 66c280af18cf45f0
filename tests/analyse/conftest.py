"""A hand-made graph with known answers (tiny.trig), in a memory store beside the real ontology."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import GraphStore, open_store

HERE = Path(__file__).parent
GRAPH = "https://w3id.org/sanctions-kg/graph/"


def _nquads(path: Path, fmt: ox.RdfFormat, graph: str | None = None) -> bytes:
    quads = ox.parse(path=path, format=fmt)
    if graph is not None:
        quads = (ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(graph)) for q in quads)
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


@pytest.fixture(scope="session")
def tiny(repo: Path) -> GraphStore:
    """tiny.trig plus ontology/kg.ttl in its ontology graph (the projections read subclasses)."""
    store = open_store("memory")
    data = _nquads(HERE / "tiny.trig", ox.RdfFormat.TRIG)
    ontology = _nquads(repo / "ontology" / "kg.ttl", ox.RdfFormat.TURTLE, GRAPH + "ontology")
    graphs = sorted({str(q.graph_name.value) for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)})
    store.replace_graphs(data + ontology, [*graphs, GRAPH + "ontology"])
    return store
