"""GraphML and GEXF round trips: networkx's own readers get the same nodes, edges and
attributes back, for every projection, on the hand-made graph and the bundled one."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest

from kg.analyse import FORMATS, PROJECTIONS, export_projection, flatten, projection
from kg.errors import KGError
from kg.store import GraphStore


def _edges(graph: nx.Graph, drop: tuple[str, ...] = ()) -> Counter[tuple[str, str, object]]:
    """Edges as a multiset of (u, v, sorted attributes); undirected edges in node order. GEXF
    reads a weight back as a float: 5 == 5.0, so the multiset compares them equal."""
    found: Counter[tuple[str, str, object]] = Counter()
    for u, v, data in graph.edges(data=True):
        if not graph.is_directed():
            u, v = sorted((u, v))
        found[u, v, tuple(sorted((k, x) for k, x in data.items() if k not in drop))] += 1
    return found


def _read(path: Path, fmt: str) -> nx.Graph:
    if fmt == "graphml":
        return nx.read_graphml(path, force_multigraph=True)
    return nx.read_gexf(path)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", sorted(PROJECTIONS))
def test_round_trip(
    name: str, fmt: str, tiny: GraphStore, store: GraphStore, tmp_path: Path
) -> None:
    for label, source in (("tiny", tiny), ("bundled", store)):
        expected = flatten(projection(source, name))
        path = export_projection(source, name, tmp_path / f"{label}.{fmt}", fmt)  # type: ignore[arg-type]
        back = _read(path, fmt)
        assert set(back.nodes) == set(expected.nodes), (label, name, fmt)
        for node, data in expected.nodes(data=True):
            assert dict(back.nodes[node]) == data, (label, name, fmt, node)
        # GEXF adds each edge's id; GraphML keeps the multigraph keys as edge ids.
        drop = ("id",) if fmt == "gexf" else ()
        assert _edges(back, drop) == _edges(expected), (label, name, fmt)
        if fmt == "graphml" and expected.is_multigraph():
            assert set(back.edges(keys=True)) == set(expected.edges(keys=True))


def test_flatten_makes_every_value_writable() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("a", label="A", aliases=["x", "y"], when=dt.date(2024, 1, 1), gone=None)
    graph.add_edge("a", "b", key="m", counts={"s1": 2}, sources={"s2", "s1"}, n=3, ok=True)
    flat = flatten(graph)
    assert dict(flat.nodes["a"]) == {"label": "A", "aliases": "x; y", "when": "2024-01-01"}
    assert flat.edges["a", "b", "m"] == {
        "counts": '{"s1": 2}',
        "sources": "s1; s2",
        "n": 3,
        "ok": True,
    }
    with pytest.raises(nx.NetworkXError):  # what flatten is for: networkx refuses the raw graph
        nx.write_graphml(graph, "/dev/null")


def test_unknown_projection_and_format(tiny: GraphStore, tmp_path: Path) -> None:
    with pytest.raises(KGError, match="unknown projection 'nope'"):
        export_projection(tiny, "nope", tmp_path / "x.graphml")
    with pytest.raises(KGError, match="graphml or gexf"):
        export_projection(tiny, "sanctions", tmp_path / "x.dot", "dot")  # type: ignore[arg-type]
    assert not list(tmp_path.iterdir())
