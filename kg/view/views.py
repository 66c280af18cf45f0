"""Which part of the projection each view shows: overview, focus, measures and responses, dispute.

A view is a subgraph of the projection plus how to lay it out; the budget (kg.view.budget) and
the layout (kg.view.layout) come after, so that only what is drawn is laid out.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from kg.view.errors import FocusAmbiguous, FocusNotFound

__all__ = ["View", "dispute", "focus", "measures", "overview", "resolve"]

_OVERVIEW_ROOTS = {"Agent", "Measure", "MeasurePackage", "TargetGroup", "Territory", "Event"}
_MEASURE_ROOTS = {"Measure", "MeasurePackage", "Event"}
_MEASURE_LINKS = {"respondsTo", "partOfPackage", "imposedBy"}
_DISPUTE_CLASSES = {"TerritorialDispute", "Territory", "Claim", "Administration", "NameUsage"}
_DISPUTE_PARTIES = {"party", "claimant", "administrator", "usedBy"}
# Event-like nodes the overview draws as one labelled edge between the two things they link.
_SHORTCUTS = {
    "Claim": ("claimant", "claimedTerritory", "claims"),
    "Administration": ("administrator", "administeredTerritory", "administers"),
}


@dataclass
class View:
    """A page: its file stem, title, one-line description, subgraph and layout kind."""

    name: str
    title: str
    description: str
    graph: nx.MultiDiGraph
    layout: str  # "force", "timeline" or "layered"
    centre: str | None = None


def _subgraph(graph: nx.MultiDiGraph, nodes: Iterable[str]) -> nx.MultiDiGraph:
    """The induced subgraph in the projection's own node and edge order, so that a page is the
    same from run to run (`graph.subgraph` of under half the nodes iterates them in set order,
    which follows the hash seed)."""
    keep = set(nodes)
    sub = nx.MultiDiGraph()
    sub.graph = graph.graph
    sub.add_nodes_from((n, data.copy()) for n, data in graph.nodes(data=True) if n in keep)
    adjacency = graph.adj
    sub.add_edges_from(
        [
            (u, v, key, data.copy())
            for u in list(sub)
            for v, keyed in adjacency[u].items()
            if v in keep
            for key, data in keyed.items()
        ]
    )
    return sub


def overview(graph: nx.MultiDiGraph) -> View:
    """Actors, measures, target groups, events and territories; claims and administrations as
    'claims' / 'administers' edges between state and territory."""
    keep = [n for n, d in graph.nodes(data=True) if d["root"] in _OVERVIEW_ROOTS]
    sub = _subgraph(graph, keep)
    for node, data in graph.nodes(data=True):
        rule = _SHORTCUTS.get(data["cls"])
        if rule is None:
            continue
        ends = {key: target for _, target, key in graph.out_edges(node, keys=True)}
        source, target = ends.get(rule[0]), ends.get(rule[1])
        if source in sub and target in sub:
            sub.add_edge(
                source,
                target,
                key=rule[2],
                label=rule[2],
                docs=data["sources"],
                evidence=data["evidence"],
                dates=data["dates"],
                via=node,
            )
    sub.remove_nodes_from([n for n in list(sub) if sub.degree(n) == 0])
    return View(
        "overview",
        "Overview: actors, measures and territories",
        "Who imposed which measure on whom, what each responds to, who claims and administers "
        "which territory. Size: measures imposed and received.",
        sub,
        "force",
    )


def _names(graph: nx.MultiDiGraph, node: str) -> list[str]:
    data = graph.nodes[node]
    return [data["label"], *data["aliases"], node]


def resolve(graph: nx.MultiDiGraph, name: str) -> str:
    """The one node whose label, alias or IRI is `name` (case-insensitive), else a FocusError."""
    wanted = name.strip().casefold()
    found: list[str] = sorted(
        n for n in graph if any(text.casefold() == wanted for text in _names(graph, n))
    )
    if len(found) == 1:
        return found[0]
    if found:
        raise FocusAmbiguous(name, [f"{graph.nodes[n]['label']} <{n}>" for n in found])
    names = {text: n for n in graph for text in _names(graph, n)[:-1]}
    close = difflib.get_close_matches(name, list(names), n=8, cutoff=0.5)
    contains = sorted(t for t in names if wanted in t.casefold())[:8]
    candidates = list(dict.fromkeys(close + contains))[:10]
    raise FocusNotFound(name, [f"{t} <{names[t]}>" for t in candidates])


def focus(graph: nx.MultiDiGraph, name: str, hops: int = 2) -> View:
    """Everything within `hops` links (either direction) of the node named `name`."""
    centre = resolve(graph, name)
    ego = nx.ego_graph(graph, centre, radius=max(0, hops), undirected=True)
    sub = _subgraph(graph, ego)
    label = graph.nodes[centre]["label"]
    return View(
        "focus",
        f"Focus: {label}",
        f"Everything within {hops} link(s) of {label}, in either direction.",
        sub,
        "force",
        centre,
    )


def measures(graph: nx.MultiDiGraph) -> View:
    """Measures, packages and events left to right by date; responds-to chains between them."""
    keep = {n for n, d in graph.nodes(data=True) if d["root"] in _MEASURE_ROOTS}
    keep |= {t for s, t, k in graph.edges(keys=True) if k == "imposedBy" and s in keep}
    sub = _subgraph(graph, keep)
    sub.remove_edges_from([e for e in list(sub.edges(keys=True)) if e[2] not in _MEASURE_LINKS])
    sub.remove_nodes_from([n for n in list(sub) if sub.degree(n) == 0])
    return View(
        "measures",
        "Measures and responses",
        "Measures in time order, left to right (announced, else effective date, else the date of "
        "the earliest source telling it), one lane per imposing actor; thick arrows: 'responds "
        "to' chains.",
        sub,
        "timeline",
    )


def dispute(graph: nx.MultiDiGraph) -> View:
    """The islands and their hierarchy, claims, administrations by period, names, statements."""
    keep = {n for n, d in graph.nodes(data=True) if d["cls"] in _DISPUTE_CLASSES}
    keep |= {t for s, t, k in graph.edges(keys=True) if s in keep and k in _DISPUTE_PARTIES}
    statements = {
        s
        for s, t, k in graph.edges(keys=True)
        if k == "about" and graph.nodes[s]["cls"] == "Statement" and t in keep
    }
    speakers = {t for s, t, k in graph.edges(keys=True) if s in statements and k == "speaker"}
    sub = _subgraph(graph, keep | statements | speakers)
    return View(
        "dispute",
        "The Kuril Islands dispute",
        "Top: the parties; then claims, administrations (with their periods) and the names each "
        "side uses; then the islands and their hierarchy; bottom: statements about them by date.",
        sub,
        "layered",
    )
