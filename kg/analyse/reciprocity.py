"""Reciprocity: how often a sender→target tie is answered in the other direction.

As in Cranmer, Heinrich and Desmarais (Social Networks, 2014), reciprocity is read on the
directed ties between actors, not on single measures: `overall` is networkx's
`overall_reciprocity` of the simple directed graph (the share of ties whose reverse tie
exists), and `dyads` lists every connected pair with the measures each way.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pandas as pd

from kg.analyse.centrality import simple_digraph

__all__ = ["Reciprocity", "reciprocity"]


@dataclass(frozen=True)
class Reciprocity:
    """`overall`: share of directed ties that are reciprocated (0..1; 0 for an empty graph).
    `dyads`: one row per connected pair a < b: a, b, labels, a_to_b, b_to_a (measures),
    reciprocated."""

    overall: float
    dyads: pd.DataFrame


def reciprocity(graph: nx.Graph) -> Reciprocity:
    """Overall and per-dyad reciprocity of the sanction graph (self-loops left out)."""
    simple = simple_digraph(graph)
    bare = nx.DiGraph((u, v) for u, v in simple.edges if u != v)  # no attributes to copy
    overall = float(nx.overall_reciprocity(bare)) if bare.number_of_edges() else 0.0
    pairs = sorted({tuple(sorted((u, v))) for u, v in bare.edges})

    def measures(u: str, v: str) -> int:
        return int(simple.edges[u, v].get("weight", 1)) if simple.has_edge(u, v) else 0

    dyads = pd.DataFrame(
        [
            {
                "a": a,
                "b": b,
                "a_label": simple.nodes[a].get("label", a),
                "b_label": simple.nodes[b].get("label", b),
                "a_to_b": measures(a, b),
                "b_to_a": measures(b, a),
                "reciprocated": bare.has_edge(a, b) and bare.has_edge(b, a),
            }
            for a, b in pairs
        ],
        columns=["a", "b", "a_label", "b_label", "a_to_b", "b_to_a", "reciprocated"],
    )
    dyads = dyads.sort_values(["reciprocated", "a", "b"], ascending=[False, True, True])
    return Reciprocity(overall, dyads.reset_index(drop=True))
