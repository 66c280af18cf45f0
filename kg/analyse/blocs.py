"""Blocs: states that act together, found as communities of the co-sanctioning graph.

Two senders are tied in the co-sanctioning graph when they target the same actor; the weight is
the number of targets they share. Louvain communities (networkx, fixed seed) on it are the
blocs; a sender that shares no target is a bloc of its own.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx
import pandas as pd

__all__ = ["blocs", "co_sanctioning_graph"]


def co_sanctioning_graph(graph: nx.Graph) -> nx.Graph:
    """Undirected graph of senders; edge weight = shared targets, `targets` = their keys."""
    targets: dict[str, set[str]] = defaultdict(set)
    for u, v in graph.edges():
        if u != v:
            targets[u].add(v)
    co = nx.Graph(projection="co-sanctioning")
    for sender in sorted(targets):
        co.add_node(sender, **graph.nodes[sender])
    for a, b in combinations(sorted(targets), 2):
        shared = targets[a] & targets[b]
        if shared:
            co.add_edge(a, b, weight=len(shared), targets=sorted(shared))
    return co


def blocs(graph: nx.Graph, *, seed: int = 14, resolution: float = 1.0) -> pd.DataFrame:
    """One row per sender: node, label, bloc (0 = the largest), bloc_size, shared (targets it
    shares with others in its bloc). Louvain is seeded, so the numbering is stable."""
    co = co_sanctioning_graph(graph)
    if not len(co):
        return pd.DataFrame(columns=["node", "label", "bloc", "bloc_size", "shared"])
    found = nx.community.louvain_communities(co, weight="weight", resolution=resolution, seed=seed)
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c[0]))
    rows = []
    for number, members in enumerate(ordered):
        for node in members:
            shared = {
                t
                for other in members
                if co.has_edge(node, other)
                for t in co.edges[node, other]["targets"]
            }
            rows.append(
                {
                    "node": node,
                    "label": co.nodes[node].get("label", node),
                    "bloc": number,
                    "bloc_size": len(members),
                    "shared": len(shared),
                }
            )
    return pd.DataFrame(rows)
