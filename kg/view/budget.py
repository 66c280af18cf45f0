"""The node budget: how much of a view is drawn, what waits in the page for search and expansion,
and what is left out (and said so on the page).

vis-network stays responsive in the low thousands of nodes with physics off, but what counts is
the first frame: bench/view_bench.py measured, on a synthetic 100k-node graph on the shared
2-core machine, every view interactive in 1.3-1.7 s when drawing 1,000 nodes and 2.3-3.0 s when
drawing 1,500 (target: 3 s), so BUDGET is 1,000. Beyond it, the heaviest nodes are drawn (the
focus node always), the next RESERVE wait hidden in the page (search and double-click bring them
in), and the rest is counted by class in a notice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

__all__ = ["BUDGET", "RESERVE", "Selection", "select"]

BUDGET = 1000
RESERVE = 2000


@dataclass
class Selection:
    """Drawn nodes, hidden-but-embedded nodes, and counts by class label of the rest."""

    visible: list[str]
    reserve: list[str]
    omitted: Counter[str] = field(default_factory=Counter)

    @property
    def embedded(self) -> list[str]:
        return self.visible + self.reserve


def select(
    graph: nx.MultiDiGraph,
    budget: int = BUDGET,
    reserve: int = RESERVE,
    keep: tuple[str, ...] = (),
) -> Selection:
    """Rank by weight (then degree, then IRI for a stable page) and cut at budget and reserve."""
    ranked = sorted(
        graph,
        key=lambda n: (n not in keep, -graph.nodes[n]["weight"], -graph.degree(n), n),
    )
    visible, rest = ranked[:budget], ranked[budget:]
    classes = graph.graph.get("classes", {})
    omitted = Counter(
        classes.get(graph.nodes[n]["cls"], {}).get("label", graph.nodes[n]["cls"])
        for n in rest[reserve:]
    )
    return Selection(visible, rest[:reserve], omitted)
