"""Typed nodes as projections name them: node key, IRI, label and most specific kg: class."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kg.graphread.names import ID_BASE, local_name, short
from kg.graphread.ontology import most_specific, read_classes
from kg.graphread.select import select
from kg.store.base import GraphStore

__all__ = ["NodeInfo", "describe", "node_info"]

# Typed nodes (those a projection's pattern binds to ?n), each kg: class and a label; the most
# specific class is picked in Python from the class table (a FILTER NOT EXISTS over
# rdfs:subClassOf+ per node cost seconds at 1M quads).
_NODES = """
SELECT DISTINCT ?n ?c ?l WHERE {{
  {pattern}
  ?n a ?c .
  FILTER(STRSTARTS(STR(?c), STR(kg:)))
  OPTIONAL {{ ?n rdfs:label ?l }}
}}
"""


@dataclass(frozen=True)
class NodeInfo:
    """A node's IRI, label (the smallest of its rdfs:labels, else its key) and class."""

    iri: str
    label: str
    cls: str | None

    def attrs(self) -> dict[str, Any]:
        """As node attributes of a projection: iri, label, class."""
        return {"iri": self.iri, "label": self.label, "class": self.cls}


def node_info(store: GraphStore, pattern: str = "") -> dict[str, NodeInfo]:
    """Typed nodes by node key.

    `pattern` is a SPARQL group pattern of ours (never user text) that binds ?n to the nodes a
    projection needs; empty means every typed node.
    """
    classes = read_classes(store)
    found: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    wanted = f"{{ SELECT DISTINCT ?n WHERE {{ {pattern} }} }}" if pattern else ""
    for row in select(store, _NODES.format(pattern=wanted)):
        iri = row["n"].value  # type: ignore[union-attr]
        found[iri].add(local_name(row["c"].value))  # type: ignore[union-attr]
        label = row["l"]
        if label is not None and (iri not in labels or label.value < labels[iri]):
            labels[iri] = label.value
    return {
        short(iri): NodeInfo(iri, labels.get(iri, short(iri)), most_specific(classes, names))
        for iri, names in found.items()
    }


def describe(info: Mapping[str, NodeInfo], key: str) -> dict[str, Any]:
    """Node attributes for a key, with a fallback for nodes the store does not type."""
    found = info.get(key)
    if found:
        return found.attrs()
    return NodeInfo(key if "://" in key else ID_BASE + key, key, None).attrs()
