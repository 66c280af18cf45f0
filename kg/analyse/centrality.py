"""Who acts and who is acted on: strength, PageRank and betweenness of the sanction graph.

Each function takes the sanction MultiDiGraph (or its `weighted` DiGraph, or any DiGraph) and
returns a pandas DataFrame with one row per node: node, label, class and the measure, sorted
from the highest value down (ties by node key, so tables are stable).
"""

from __future__ import annotations

from typing import Literal

import networkx as nx
import pandas as pd

from kg.analyse.sanctions import weighted

__all__ = ["Backend", "betweenness", "pagerank", "simple_digraph", "strength"]

Backend = Literal["auto", "networkx", "igraph"]


def simple_digraph(graph: nx.Graph) -> nx.DiGraph:
    """A DiGraph with a `weight` per edge: the measures between u and v for a multigraph."""
    if graph.is_multigraph():
        return weighted(graph)
    if not graph.is_directed():
        raise ValueError("expected a directed graph (the sanction graph or its weighted view)")
    return graph


def _table(graph: nx.Graph, columns: dict[str, dict[str, float]], sort: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "node": list(graph.nodes),
            "label": [graph.nodes[n].get("label", n) for n in graph.nodes],
            "class": [graph.nodes[n].get("class") for n in graph.nodes],
            **{name: [values.get(n, 0) for n in graph.nodes] for name, values in columns.items()},
        }
    )
    order = frame.sort_values([*sort, "node"], ascending=[False] * len(sort) + [True])
    return order.reset_index(drop=True)


def strength(graph: nx.Graph) -> pd.DataFrame:
    """Most active senders and most targeted: measures sent and received, per node.

    `sent` / `received` count distinct measures (edge keys of the MultiDiGraph, or the weight of
    a weighted DiGraph); `out_edges` / `in_edges` count measure-target pairs, so a measure aimed
    at three targets is one measure sent and three edges.
    """
    sent: dict[str, set[str]] = {n: set() for n in graph.nodes}
    received: dict[str, set[str]] = {n: set() for n in graph.nodes}
    if graph.is_multigraph():
        for u, v, key in graph.edges(keys=True):
            sent[u].add(key)
            received[v].add(key)
        sent_n = {n: float(len(k)) for n, k in sent.items()}
        received_n = {n: float(len(k)) for n, k in received.items()}
    else:
        simple = simple_digraph(graph)
        sent_n = dict(simple.out_degree(weight="weight"))
        received_n = dict(simple.in_degree(weight="weight"))
    out_edges = dict(graph.out_degree())
    in_edges = dict(graph.in_degree())
    frame = _table(
        graph,
        {"sent": sent_n, "received": received_n, "out_edges": out_edges, "in_edges": in_edges},
        ["sent", "received"],
    )
    return frame.astype({"sent": int, "received": int, "out_edges": int, "in_edges": int})


def pagerank(graph: nx.Graph, alpha: float = 0.85) -> pd.DataFrame:
    """PageRank over measure-weighted edges: high for actors that draw measures from actors that
    themselves draw many (here: who ends up the target of the story)."""
    simple = simple_digraph(graph)
    return _table(simple, {"pagerank": _pagerank(simple, alpha)}, ["pagerank"])


def _pagerank(
    graph: nx.DiGraph, alpha: float, tol: float = 1e-10, max_iter: int = 1000
) -> dict[str, float]:
    """networkx's PageRank by power iteration (its own `nx.pagerank` needs scipy, which we do
    not depend on): uniform teleport, dangling nodes spread uniformly, weights on edges."""
    nodes = list(graph.nodes)
    if not nodes:
        return {}
    n = len(nodes)
    out = {u: sum(d.get("weight", 1) for _, _, d in graph.out_edges(u, data=True)) for u in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in nodes if not out[u]) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u, v, d in graph.edges(data=True):
            new[v] += alpha * rank[u] * d.get("weight", 1) / out[u]
        if sum(abs(new[u] - rank[u]) for u in nodes) < n * tol:
            return new
        rank = new
    return rank


def _igraph_betweenness(graph: nx.DiGraph, normalized: bool) -> dict[str, float]:
    import igraph as ig

    nodes = list(graph.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    g = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in graph.edges], directed=True)
    values = g.betweenness(directed=True)
    n = len(nodes)
    scale = 1.0 / ((n - 1) * (n - 2)) if normalized and n > 2 else 1.0
    return {node: value * scale for node, value in zip(nodes, values, strict=True)}


def _has_igraph() -> bool:
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


def betweenness(
    graph: nx.Graph,
    *,
    k: int | None = None,
    seed: int = 0,
    normalized: bool = True,
    backend: Backend = "auto",
) -> pd.DataFrame:
    """Betweenness centrality on the directed, unweighted sanction graph: brokers on the paths
    from senders to targets.

    Exact betweenness is O(n·m). `k` samples k source nodes (networkx's estimate, seeded);
    `backend="igraph"` computes the exact values with python-igraph when it is installed (the
    same numbers, tens of times faster on large graphs: see bench/README.md), `"auto"` uses
    igraph for exact values on graphs over 1,000 nodes when it is importable, else networkx.
    """
    simple = nx.DiGraph()  # the structure only: copying attributes costs more than the metric
    simple.add_nodes_from(graph.nodes(data=True))
    simple.add_edges_from(graph.edges())
    if not graph.is_directed():
        raise ValueError("expected a directed graph (the sanction graph or its weighted view)")
    if backend not in ("auto", "networkx", "igraph"):
        raise ValueError(f"backend must be auto, networkx or igraph, not {backend!r}")
    if backend == "igraph" and k is not None:
        raise ValueError("igraph computes exact betweenness only: leave k unset or use networkx")
    use_igraph = backend == "igraph" or (
        backend == "auto" and k is None and len(simple) > 1000 and _has_igraph()
    )
    if use_igraph:
        scores = _igraph_betweenness(simple, normalized)
    else:
        sample = None if k is None or k >= len(simple) else k
        scores = nx.betweenness_centrality(simple, k=sample, normalized=normalized, seed=seed)
    return _table(simple, {"betweenness": scores}, ["betweenness"])
