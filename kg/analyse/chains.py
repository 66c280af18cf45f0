"""Response chains: tit-for-tat sequences read off the response graph.

A chain starts at a first cause (a measure or event that responds to nothing) and follows
`kg:respondsTo` backwards to a last response nothing answers: e.g. Russia's invasion of
Ukraine → Japan's 2022 sanctions → Russia's withdrawal from peace-treaty talks. Each step
carries the lag from the step before it (exact days, or the range the date precisions allow;
see `kg.analyse.periods`).
"""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx
import pandas as pd

from kg.analyse.relations import response_graph
from kg.store.base import GraphStore

__all__ = ["response_chains"]

_COLUMNS = [
    "chain",
    "step",
    "node",
    "label",
    "class",
    "imposer",
    "date",
    "date_precision",
    "lag_days",
    "lag_min_days",
    "lag_max_days",
    "turns",
]


def _paths(graph: nx.DiGraph, limit: int) -> Iterator[list[str]]:
    """Every path from a first cause to a last response, causes first (at most `limit`)."""
    found = 0
    for root in sorted(n for n in graph if graph.out_degree(n) == 0):
        stack: list[list[str]] = [[root]]
        while stack:
            path = stack.pop()
            answers = sorted(graph.predecessors(path[-1]), reverse=True)
            fresh = [a for a in answers if a not in path]
            if not fresh:
                if len(path) > 1:
                    yield path
                    found += 1
                    if found >= limit:
                        return
                continue
            stack.extend([*path, a] for a in fresh)


def response_chains(
    source: GraphStore | nx.DiGraph, *, min_length: int = 2, limit: int = 10_000
) -> pd.DataFrame:
    """One row per step of each chain (chain, step 0 = the first cause, node, label, class,
    imposer, date, lag_* from the previous step, turns = how many times the imposer changed so
    far: 2 is measure, counter-measure, counter-counter-measure).

    Only chains of at least `min_length` steps; at most `limit` chains.
    """
    graph = source if isinstance(source, nx.DiGraph) else response_graph(source)
    records = []
    chain = 0
    for path in _paths(graph, limit):
        if len(path) < min_length:
            continue
        turns = 0
        previous_imposer = None
        for step, node in enumerate(path):
            data = graph.nodes[node]
            imposer = data.get("imposer")
            if step and imposer and previous_imposer and imposer != previous_imposer:
                turns += 1
            previous_imposer = imposer or previous_imposer
            edge = graph.edges[node, path[step - 1]] if step else {}
            records.append(
                {
                    "chain": chain,
                    "step": step,
                    "node": node,
                    "label": data.get("label", node),
                    "class": data.get("class"),
                    "imposer": imposer,
                    "date": data.get("date"),
                    "date_precision": data.get("date_precision"),
                    "lag_days": edge.get("lag_days"),
                    "lag_min_days": edge.get("lag_min_days"),
                    "lag_max_days": edge.get("lag_max_days"),
                    "turns": turns,
                }
            )
        chain += 1
    frame = pd.DataFrame(records, columns=_COLUMNS)
    return frame.astype({"lag_days": "Int64", "lag_min_days": "Int64", "lag_max_days": "Int64"})
