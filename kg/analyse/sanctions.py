"""The sanction graph: who imposes measures on whom.

Nodes are actors (states, organizations, persons, territories and, when kept, target groups);
an edge runs from the imposer (`kg:imposedBy`) to each target of a measure (`kg:target`, or the
`kg:targetGroup`), one edge per measure and target, keyed by the measure's node key.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx

from kg.analyse.periods import date_attrs
from kg.graphread import describe, node_info, read_measures, select, short
from kg.store.base import GraphStore

__all__ = ["TargetGroups", "sanction_graph", "weighted"]

TargetGroups = Literal["collapse", "keep"]

_IMPOSERS = "SELECT ?m ?imp WHERE { ?m kg:imposedBy ?imp }"
_TARGETS = "SELECT ?m ?t WHERE { ?m kg:target ?t }"
_GROUPS = """
SELECT ?m ?tg ?g ?count WHERE {
  GRAPH ?g { ?m kg:targetGroup ?tg }
  OPTIONAL { ?tg kg:memberCount ?count }
}
"""
_GROUP_HOMES = """
SELECT ?tg ?home ?how WHERE {
  { ?tg kg:affiliatedWith ?home BIND("affiliation" AS ?how) }
  UNION { ?tg kg:basedIn ?home BIND("base" AS ?how) }
  ?tg a kg:TargetGroup .
}
"""
_NODES_USED = """
{ ?m kg:imposedBy ?n } UNION { ?m kg:target ?n } UNION { ?m kg:targetGroup ?n }
UNION { ?m kg:targetGroup ?tg . ?tg kg:affiliatedWith|kg:basedIn ?n }
"""


@dataclass
class _Edge:
    via: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def measure_records(store: GraphStore) -> dict[str, dict[str, Any]]:
    """Attributes of every measure (any subclass of kg:Measure) as edge attributes, by node key."""
    records: dict[str, dict[str, Any]] = {}
    for key, m in read_measures(store).items():
        records[key] = {
            "measure": key,
            "label": m.label,
            "class": m.cls,
            "measure_type": m.measure_type,
            "measure_type_label": m.measure_type_label,
            "package": m.package,
            **date_attrs("announced", m.announced),
            **date_attrs("effective", m.effective),
            **date_attrs("end", m.end),
            "sources": list(m.sources),
            "n_sources": len(m.sources),
        }
    return records


def _group_homes(store: GraphStore) -> dict[str, list[str]]:
    """Where a group collapses to: its affiliations if any, else the state it is based in."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for row in select(store, _GROUP_HOMES):
        found[short(row["tg"].value)][row["how"].value].add(short(row["home"].value))  # type: ignore[union-attr]
    return {
        group: sorted(how.get("affiliation") or how.get("base") or ())
        for group, how in found.items()
    }


def sanction_graph(store: GraphStore, target_groups: TargetGroups = "collapse") -> nx.MultiDiGraph:
    """Imposer → target, one edge per measure and target, keyed by the measure.

    `target_groups="collapse"` puts a measure aimed at a group ("35 individuals related to the
    Russian military") on the group's affiliation (`kg:affiliatedWith`), else on the state it is
    based in (`kg:basedIn`); a group with neither stays a node of class TargetGroup.
    `"keep"` makes every group a node of its own.

    Edge attributes: measure, label, class (Sanction, Countermeasure, ...), measure_type and
    measure_type_label (the SKOS concept; not `type`, which GEXF reserves), announced/effective/end with their `_precision`, package, via
    ("target", "group" or both), groups (the group keys behind the edge), member_count (the
    largest total any one source gives for those groups: two sources telling the same 35
    people are not 70), sources and n_sources (the source documents telling the measure).
    Node attributes: label, class, iri.
    """
    if target_groups not in ("collapse", "keep"):
        raise ValueError(f"target_groups must be 'collapse' or 'keep', not {target_groups!r}")
    measures = measure_records(store)
    info = node_info(store, _NODES_USED)
    homes = _group_homes(store) if target_groups == "collapse" else {}
    edges: dict[tuple[str, str], _Edge] = defaultdict(_Edge)
    for row in select(store, _TARGETS):
        edges[short(row["m"].value), short(row["t"].value)].via.add("target")  # type: ignore[union-attr]
    for row in select(store, _GROUPS):
        measure, group = short(row["m"].value), short(row["tg"].value)  # type: ignore[union-attr]
        for node in homes.get(group) or [group]:
            edge = edges[measure, node]
            edge.via.add("group")
            if group not in edge.groups:
                edge.groups.add(group)
                if row["count"] is not None:
                    edge.counts[row["g"].value] += int(row["count"].value)  # type: ignore[union-attr]
    imposers: dict[str, list[str]] = defaultdict(list)
    for row in select(store, _IMPOSERS):
        imposers[short(row["m"].value)].append(short(row["imp"].value))  # type: ignore[union-attr]

    graph = nx.MultiDiGraph(projection="sanctions", target_groups=target_groups)
    for (measure, target), edge in sorted(edges.items()):
        if measure not in measures:
            continue
        for imposer in sorted(imposers.get(measure, ())):
            for node in (imposer, target):
                if node not in graph:
                    graph.add_node(node, **describe(info, node))
            graph.add_edge(
                imposer,
                target,
                key=measure,
                **measures[measure],
                via="+".join(sorted(edge.via)),
                groups=sorted(edge.groups),
                member_count=max(edge.counts.values()) if edge.counts else None,
            )
    return graph


def weighted(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """The sanction graph with parallel edges merged: weight = number of measures from u to v.

    Edge attributes: weight, measures (their keys, sorted), member_count (sum of the known
    counts). Node attributes are copied.
    """
    simple = nx.DiGraph(**graph.graph)
    simple.add_nodes_from(graph.nodes(data=True))
    for u, v, key, data in graph.edges(keys=True, data=True):
        if simple.has_edge(u, v):
            attrs = simple.edges[u, v]
            attrs["measures"].append(key)
        else:
            simple.add_edge(u, v, measures=[key], member_count=None)
            attrs = simple.edges[u, v]
        if data.get("member_count") is not None:
            attrs["member_count"] = (attrs["member_count"] or 0) + data["member_count"]
    for _, _, attrs in simple.edges(data=True):
        attrs["measures"] = sorted(set(attrs["measures"]))
        attrs["weight"] = len(attrs["measures"])
    return simple
