"""Figures for the report and the notebooks, drawn on matplotlib `Figure`s (no pyplot state, so
they work under any backend, Agg included)."""

from __future__ import annotations

import networkx as nx
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["draw_sanction_graph", "plot_timeline"]

_CLASS_COLOURS = {
    "State": "#4c72b0",
    "TargetGroup": "#dd8452",
    "Territory": "#55a868",
    "InternationalOrganization": "#8172b3",
    "MilitaryOrganization": "#c44e52",
}


def _axes(ax: Axes | None, size: tuple[float, float]) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax  # type: ignore[return-value]
    figure = Figure(figsize=size, layout="constrained")
    return figure, figure.add_subplot()


def draw_sanction_graph(graph: nx.Graph, ax: Axes | None = None, seed: int = 14) -> Figure:
    """Actors as dots coloured by class, one arrow per imposer→target pair, width = measures.

    The layout is seeded, so the picture is the same from run to run.
    """
    figure, ax = _axes(ax, (9, 7))
    simple = nx.DiGraph()
    simple.add_nodes_from(graph.nodes(data=True))
    for u, v in graph.edges():
        weight = simple.edges[u, v]["weight"] + 1 if simple.has_edge(u, v) else 1
        simple.add_edge(u, v, weight=weight)
    if not len(simple):
        ax.set_axis_off()
        return figure
    pos = nx.spring_layout(simple, seed=seed, k=1.2)
    colours = [
        _CLASS_COLOURS.get(d.get("class") or "", "#999999") for _, d in simple.nodes(data=True)
    ]
    widths = [0.8 + 0.6 * d["weight"] for _, _, d in simple.edges(data=True)]
    nx.draw_networkx_nodes(simple, pos, ax=ax, node_color=colours, node_size=420, alpha=0.9)
    nx.draw_networkx_edges(
        simple,
        pos,
        ax=ax,
        width=widths,
        arrowsize=14,
        connectionstyle="arc3,rad=0.12",
        edge_color="#555555",
        alpha=0.7,
        node_size=420,
    )
    labels = {n: _short_label(d.get("label", n)) for n, d in simple.nodes(data=True)}
    nx.draw_networkx_labels(simple, pos, labels=labels, ax=ax, font_size=8)
    ax.set_title("Who imposes measures on whom (arrow width: number of measures)")
    ax.set_axis_off()
    return figure


def _short_label(label: str, width: int = 28) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def plot_timeline(
    per_year: pd.DataFrame, ax: Axes | None = None, years: tuple[int, int] = (2014, 2023)
) -> Figure:
    """Stacked bars of measures per year and imposer (the frame of
    `measures_per_actor_per_year`), over every year of `years`, empty years included."""
    figure, ax = _axes(ax, (9, 4))
    first, last = years
    span = list(range(first, last + 1))
    table = (
        per_year.pivot_table(index="year", columns="label", values="measures", aggfunc="sum")
        .reindex(span)
        .fillna(0)
    )
    bottom = pd.Series(0.0, index=span)
    for label in table.columns:
        ax.bar(span, table[label], bottom=bottom, label=label)
        bottom += table[label]
    ax.set_xticks(span)
    ax.set_xlabel("year (announced, else effective date)")
    ax.set_ylabel("measures")
    ax.set_title(f"Measures per year and imposer, {first}-{last}")
    if len(table.columns):
        ax.legend(loc="upper left", fontsize=8)
    return figure
