"""The model's own words, as the store's ontology graph holds them: kg: classes (label, parents,
root, depth), property labels and SKOS concept labels. Both the legend of a view and the class of
an analysis node come from here, so a change in the ontology is read in one place."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kg.graphread.names import KG_BASE, ONTOLOGY_GRAPH, local_name
from kg.graphread.select import select, text
from kg.store.base import DEFAULT_TIMEOUT_S, GraphStore

__all__ = ["OntologyClass", "Vocabulary", "most_specific", "read_classes", "read_vocabulary"]

_CLASSES = f"""SELECT ?class ?label ?parent WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{
    ?class a owl:Class .
    OPTIONAL {{ ?class rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en") || LANG(?label) = "") }}
    OPTIONAL {{ ?class rdfs:subClassOf ?parent }}
  }}
}}"""
_PROPERTIES = f"""SELECT ?property ?label WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{
    ?property rdfs:label ?label .
    FILTER(LANGMATCHES(LANG(?label), "en") || LANG(?label) = "")
    FILTER NOT EXISTS {{ ?property a owl:Class }}
  }}
}}"""
_CONCEPTS = """SELECT ?concept ?label WHERE {
  ?concept skos:prefLabel ?label .
  FILTER(LANGMATCHES(LANG(?label), "en") || LANG(?label) = "")
}"""


@dataclass(frozen=True)
class OntologyClass:
    """A kg: class by local name: its English label (else the name), its kg: parents, the top
    of its first-parent chain (`root`, what a view colours by) and that chain's length."""

    name: str
    label: str
    parents: tuple[str, ...]
    root: str
    depth: int


@dataclass(frozen=True)
class Vocabulary:
    """Classes, property labels (local name -> label) and concept labels (IRI -> label)."""

    classes: dict[str, OntologyClass]
    properties: dict[str, str]
    concepts: dict[str, str]


def read_classes(
    store: GraphStore, *, timeout_s: float | None = DEFAULT_TIMEOUT_S
) -> dict[str, OntologyClass]:
    """Every kg: class of the ontology graph, by local name."""
    labels: dict[str, str | None] = {}
    parents: dict[str, list[str]] = {}
    for row in select(store, _CLASSES, timeout_s=timeout_s):
        iri, label, parent = row["class"], row["label"], row["parent"]
        if iri is None or not iri.value.startswith(KG_BASE):
            continue
        name = local_name(iri.value)
        parents.setdefault(name, [])
        if label is not None or name not in labels:
            labels[name] = text(label) or labels.get(name)
        if parent is not None and parent.value.startswith(KG_BASE):
            parents[name].append(local_name(parent.value))
    classes = {}
    for name, found in parents.items():
        root, depth = _chain(parents, name)
        classes[name] = OntologyClass(name, labels[name] or name, tuple(found), root, depth)
    return classes


def _chain(parents: dict[str, list[str]], name: str) -> tuple[str, int]:
    """The top of `name`'s first-parent chain and the chain's length (a cycle stops it)."""
    depth, seen = 0, {name}
    while parents.get(name):
        name = parents[name][0]
        if name in seen:
            break
        seen.add(name)
        depth += 1
    return name, depth


def most_specific(classes: dict[str, OntologyClass], names: Iterable[str]) -> str | None:
    """Of a node's classes, the one to show it as: the deepest of those that are no other's
    ancestor, ties by name (a Sanction typed also as Measure is a Sanction)."""
    found = set(names)
    ancestors = {a for name in found for a in _ancestors(classes, name)}
    leaves = sorted(found - ancestors) or sorted(found)
    if not leaves:
        return None
    depth = {name: classes[name].depth if name in classes else 0 for name in leaves}
    return max(leaves, key=lambda name: depth[name])


def _ancestors(classes: dict[str, OntologyClass], name: str) -> set[str]:
    seen: set[str] = set()
    todo = list(classes[name].parents) if name in classes else []
    while todo:
        parent = todo.pop()
        if parent not in seen:
            seen.add(parent)
            todo.extend(classes[parent].parents if parent in classes else ())
    return seen


def read_vocabulary(
    store: GraphStore, *, timeout_s: float | None = DEFAULT_TIMEOUT_S
) -> Vocabulary:
    """Classes, property labels and concept labels: the words a legend and a popup use."""
    properties = {
        local_name(text(row["property"]) or ""): text(row["label"]) or ""
        for row in select(store, _PROPERTIES, timeout_s=timeout_s)
    }
    concepts = {
        row["concept"].value: row["label"].value
        for row in select(store, _CONCEPTS, timeout_s=timeout_s)
        if row["concept"] is not None and row["label"] is not None
    }
    return Vocabulary(read_classes(store, timeout_s=timeout_s), properties, concepts)
