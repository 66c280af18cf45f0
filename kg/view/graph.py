"""The store as a networkx graph of what a reader explores: actors, measures, territories, claims,
statements... with their names, dates (and precision), counts, vocabulary labels and, on every node
and edge, the evidence behind it (document, exact sentence, curated or extracted, confidence).

Schema noise stays out: ontology terms, SKOS concepts (they become attributes: "measure type:
Export ban"), evidence, segments and documents (they become the sources of what they support).
Everything is read through kg.graphread (SPARQL over `GraphStore.query`), so any backend works.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from kg.graphread import (
    DATE_PRECISION,
    KG_BASE,
    OntologyClass,
    by_graph,
    evidence,
    links,
    local_name,
    most_specific,
    read_documents,
    read_vocabulary,
    text,
    typings,
    values,
)
from kg.store import GraphStore

__all__ = ["project"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {_XSD + t for t in ("integer", "int", "long", "nonNegativeInteger", "decimal", "double")}
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
# Typed resources that are provenance or bookkeeping, not things of the story.
_SKIPPED = {"Evidence", "Segment", "SourceDocument", "Variant", "Discrepancy"}
_NOT_SHOWN = {"startOffset", "endOffset", "contentHash"}
# Nodes without a name of their own are named from their links ("Japan claims Etorofu").
_LABEL_RULES: dict[str, tuple[str, ...]] = {
    "Claim": ("{claimant} claims {claimedTerritory}",),
    "Administration": ("{administrator} administers {administeredTerritory}",),
    "NameUsage": ("{name}",),
    "Tenure": ("{holder}, {post}", "{holder}"),
    "Statement": ("{speaker}: {content}", "{speaker}: {quote}", "{content}"),
    "Quantity": ("{rawText}", "{numericValue} {unit}", "{numericValue}"),
}
_MEASURE_ROLES = {
    "imposedBy": "imposed",
    "target": "received",
    "targetGroup": "received",
    "beneficiary": "received",
}


def project(store: GraphStore, *, timeout_s: float | None = 600.0) -> nx.MultiDiGraph:
    """The whole store as a MultiDiGraph keyed by IRI; edge keys are property local names.

    Graph attributes: `classes` (local name -> label, parents, root), `properties` (local ->
    label), `documents` (IRI -> title, published, precision, file, publisher).
    """
    words = read_vocabulary(store, timeout_s=timeout_s)
    found = read_documents(store, timeout_s=timeout_s)
    documents = {
        iri: {
            "title": doc.title,
            "published": doc.published.iso if doc.published else None,
            "precision": doc.published.precision if doc.published else None,
            "file": doc.file,
            "publisher": doc.publisher,
        }
        for iri, doc in found.items()
    }
    classes = {
        name: {"label": c.label, "parents": list(c.parents), "root": c.root}
        for name, c in words.classes.items()
    }
    graph_docs = by_graph(found)
    graph = nx.MultiDiGraph(classes=classes, properties=words.properties, documents=documents)
    _add_nodes(graph, store, words.classes, graph_docs, timeout_s)
    _add_literals(graph, store, timeout_s)
    _add_links(graph, store, words.concepts, graph_docs, classes, timeout_s)
    _add_evidence(graph, store, timeout_s)
    for node, data in graph.nodes(data=True):
        data["label"] = data["label"] or _derived_label(graph, node)
        data["sources"] = sorted(set(data["sources"]) | {e["doc"] for e in data["evidence"]})
    _add_weights(graph)
    return graph


def _add_nodes(
    graph: nx.MultiDiGraph,
    store: GraphStore,
    classes: dict[str, OntologyClass],
    graph_docs: dict[str, str],
    timeout_s: float | None,
) -> None:
    types: dict[str, set[str]] = defaultdict(set)
    sources: dict[str, set[str]] = defaultdict(set)
    for term, kind, named in typings(store, timeout_s=timeout_s):
        if term is not None and kind is not None and term.kind == "uri":
            types[term.value].add(local_name(kind.value))
            doc = graph_docs.get(text(named) or "")
            if doc:
                sources[term.value].add(doc)
    for node, names in sorted(types.items()):
        if names & _SKIPPED:
            continue
        cls = most_specific(classes, names) or ""
        graph.add_node(
            node,
            cls=cls,
            root=classes[cls].root if cls in classes else cls,
            classes=sorted(names),
            label=None,
            aliases=[],
            dates=[],
            counts=[],
            texts=[],
            concepts={},
            evidence=[],
            sources=sorted(sources[node]),
        )


def _add_literals(graph: nx.MultiDiGraph, store: GraphStore, timeout_s: float | None) -> None:
    nodes = graph.nodes
    for node, prop, value in values(store, timeout_s=timeout_s):
        if node is None or prop is None or value is None or node.value not in nodes:
            continue
        data, name = nodes[node.value], local_name(prop.value)
        if prop.value == _RDFS_LABEL:
            data["label"] = data["label"] or value.value
        elif name == "alias":
            data["aliases"].append(value.value)
        elif value.datatype in DATE_PRECISION:
            data["dates"].append(
                {"p": name, "value": value.value, "precision": DATE_PRECISION[value.datatype]}
            )
        elif value.datatype in _NUMBERS and name not in _NOT_SHOWN:
            data["counts"].append({"p": name, "value": value.to_python()})
        elif name not in _NOT_SHOWN:
            data["texts"].append({"p": name, "value": value.value, "lang": value.lang})
    for _, data in graph.nodes(data=True):
        data["aliases"].sort()
        data["dates"].sort(key=lambda d: (d["value"], d["p"]))
        data["counts"].sort(key=lambda d: d["p"])
        data["texts"].sort(key=lambda d: (d["p"], d["value"]))


def _add_links(
    graph: nx.MultiDiGraph,
    store: GraphStore,
    concepts: dict[str, str],
    graph_docs: dict[str, str],
    classes: dict[str, dict[str, Any]],
    timeout_s: float | None,
) -> None:
    nodes = graph.nodes
    edge_docs: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for node, prop, obj, named in links(store, timeout_s=timeout_s):
        if node is None or prop is None or obj is None or node.value not in nodes:
            continue
        name, doc = local_name(prop.value), graph_docs.get(text(named) or "")
        if doc:
            nodes[node.value]["sources"].append(doc)
        if obj.value in nodes:
            docs = edge_docs[(node.value, obj.value, name)]
            if doc:
                docs.add(doc)
            continue
        label = concepts.get(obj.value)
        if label is None and obj.value.startswith(KG_BASE):
            label = classes.get(local_name(obj.value), {}).get("label")
        if label is not None:
            values = nodes[node.value]["concepts"].setdefault(name, [])
            if label not in values:
                values.append(label)
    for (source, target, name), docs in sorted(edge_docs.items()):
        graph.add_edge(source, target, key=name, docs=sorted(docs), evidence=[])
    for _, data in graph.nodes(data=True):
        data["sources"] = sorted(set(data["sources"]))
        for values in data["concepts"].values():
            values.sort()


def _add_evidence(graph: nx.MultiDiGraph, store: GraphStore, timeout_s: float | None) -> None:
    nodes = graph.nodes
    seen: set[tuple[str, str]] = set()
    for node, item, doc, sentence, method, confidence, start in evidence(
        store, timeout_s=timeout_s
    ):
        if node is None or item is None or doc is None or node.value not in nodes:
            continue
        if (node.value, item.value) in seen:
            continue
        seen.add((node.value, item.value))
        nodes[node.value]["evidence"].append(
            {
                "doc": doc.value,
                "text": text(sentence) or "",
                "method": text(method) or "",
                "confidence": confidence.to_python() if confidence else None,
                "start": start.to_python() if start else 0,
            }
        )
    for _, data in graph.nodes(data=True):
        data["evidence"].sort(key=lambda e: (e["doc"], e["start"]))
        for item in data["evidence"]:
            del item["start"]
            if isinstance(item["confidence"], int | float) or item["confidence"] is None:
                continue
            item["confidence"] = float(item["confidence"])
    # An edge's evidence: its subject's sentences from the documents that tell the edge.
    for source, _, data in graph.edges(data=True):
        docs = set(data["docs"])
        data["evidence"] = [e for e in nodes[source]["evidence"] if e["doc"] in docs]


def _derived_label(graph: nx.MultiDiGraph, node: str) -> str:
    data = graph.nodes[node]
    values: dict[str, str] = {}
    for _, target, name in graph.out_edges(node, keys=True):
        values.setdefault(name, graph.nodes[target]["label"] or local_name(target))
    for item in data["texts"] + data["counts"]:
        values.setdefault(item["p"], str(item["value"]))
    for name, labels in data["concepts"].items():
        values.setdefault(name, ", ".join(labels))
    for rule in _LABEL_RULES.get(data["cls"], ()):
        try:
            return rule.format_map(values)
        except KeyError:
            continue
    return local_name(node)


def _add_weights(graph: nx.MultiDiGraph) -> None:
    """Agents weigh by the measures they impose and receive; everything else by its degree."""
    for _, data in graph.nodes(data=True):
        data["imposed"] = data["received"] = 0
    for _, target, name in graph.edges(keys=True):
        role = _MEASURE_ROLES.get(name)
        if role:
            graph.nodes[target][role] += 1
    for node, data in graph.nodes(data=True):
        measures = data["imposed"] + data["received"]
        data["weight"] = measures if measures else graph.degree(node)
