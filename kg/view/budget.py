"""The node budget: how much of a view is drawn, what waits in the page for search and expansion,
and what is left out (and said so on the page).

vis-network stays responsive in the low thousands of nodes with physics off; bench/view_bench.py
measures the time to interactive per budget, and BUDGET is chosen from those figures. Beyond the
budget, the heaviest nodes are drawn (the focus node always), the next RESERVE wait hidden in the
page (search and double-click bring them in), and the rest is counted by class in a notice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

__all__ = ["BUDGET", "RESERVE", "Selection", "select"]

BUDGET = 1500
RESERVE = 3000


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
