"""The response graph, the actor-territory graph and the full graph.

- **response graph** (DiGraph): measure or package → the measure, package or event it responds
  to (`kg:respondsTo`), with the lag between their dates (see `kg.analyse.periods`).
- **territory graph** (MultiDiGraph): actor → territory for each claim (`kg:Claim`), period of
  administration (`kg:Administration`) and name (`kg:NameUsage`), keyed by the fact; territory →
  territory for `kg:partOf`.
- **full graph** (MultiDiGraph): every IRI-to-IRI triple, keyed by the property's local name.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from kg.analyse.periods import date_attrs, lag
from kg.graphread import (
    ID_BASE,
    ONTOLOGY_GRAPH,
    describe,
    local_name,
    node_info,
    partial_date,
    select,
    short,
)
from kg.namespace import KG, KGV
from kg.store.base import GraphStore

__all__ = ["full_graph", "response_graph", "territory_graph"]

_RESPONSES = """
SELECT ?m ?r WHERE { ?m kg:respondsTo ?r }
"""
_DATED = """
SELECT ?x (MIN(?d) AS ?date) (SAMPLE(?imp) AS ?imposer) WHERE {
  ?x kg:respondsTo|^kg:respondsTo ?other .
  OPTIONAL { ?x kg:announcedDate ?ann } OPTIONAL { ?x kg:effectiveDate ?eff }
  OPTIONAL { ?x kg:date ?when }
  BIND(COALESCE(?ann, ?eff, ?when) AS ?d)
  OPTIONAL { ?x kg:imposedBy ?imp }
} GROUP BY ?x
"""
_TERRITORY = """
SELECT ?fact ?relation ?actor ?territory ?start ?end ?name ?dispute WHERE {
  {
    ?fact a kg:Claim ; kg:claimant ?actor ; kg:claimedTerritory ?territory .
    OPTIONAL { ?fact kg:inDispute ?dispute } BIND("claims" AS ?relation)
  } UNION {
    ?fact a kg:Administration ; kg:administrator ?actor ; kg:administeredTerritory ?territory .
    BIND("administers" AS ?relation)
  } UNION {
    ?fact a kg:NameUsage ; kg:usedBy ?actor ; kg:namedTerritory ?territory ; kg:name ?name .
    BIND("names" AS ?relation)
  }
  OPTIONAL { ?fact kg:startDate ?start } OPTIONAL { ?fact kg:endDate ?end }
}
"""
_RESPONSE_NODES = "{ ?n kg:respondsTo ?x } UNION { ?x kg:respondsTo ?n }"
_TERRITORY_NODES = """
{ ?n a kg:Territory } UNION { ?n a kg:Claim } UNION { ?n a kg:Administration }
UNION { ?n a kg:NameUsage } UNION { ?f kg:claimant|kg:administrator|kg:usedBy ?n }
"""
_PART_OF = "SELECT ?part ?whole WHERE { ?part a kg:Territory ; kg:partOf ?whole }"
_TRIPLES = f"""
SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(isIRI(?s) && ?g != <{ONTOLOGY_GRAPH}>) }}
"""
_TRIPLES_ALL = "SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_EVIDENCE = {"Evidence", "Segment", "SourceDocument", "Variant", "Discrepancy"}
_SCHEMA = (str(KG._NS), str(KGV))


def response_graph(store: GraphStore) -> nx.DiGraph:
    """Measure (or package) → what it responds to, with lag_days / lag_min_days / lag_max_days.

    A node's date is its announced date, else its effective date, else (events) `kg:date`.
    Node attributes: label, class, iri, imposer, date, date_precision.
    """
    info = node_info(store, _RESPONSE_NODES)
    dates: dict[str, Any] = {}
    graph = nx.DiGraph(projection="responses")
    for row in select(store, _DATED):
        key = short(row["x"].value)  # type: ignore[union-attr]
        dates[key] = partial_date(row["date"])
        imposer = row["imposer"]
        graph.add_node(
            key,
            **describe(info, key),
            imposer=short(imposer.value) if imposer else None,
            **date_attrs("date", dates[key]),
        )
    for row in select(store, _RESPONSES):
        response, cause = short(row["m"].value), short(row["r"].value)  # type: ignore[union-attr]
        found = lag(dates.get(cause), dates.get(response))
        graph.add_edge(
            response,
            cause,
            lag_days=found.days if found else None,
            lag_min_days=found.min_days if found else None,
            lag_max_days=found.max_days if found else None,
        )
    return graph


def territory_graph(store: GraphStore) -> nx.MultiDiGraph:
    """Actors and territories: claims, administration, names (keyed by the fact) and partOf.

    Edge attributes: relation ("claims", "administers", "names", "part of"), fact, start/end
    with precision, name (for "names"), dispute (for "claims").
    """
    info = node_info(store, _TERRITORY_NODES)
    graph = nx.MultiDiGraph(projection="territory")

    def node(key: str) -> str:
        if key not in graph:
            graph.add_node(key, **describe(info, key))
        return key

    for row in select(store, _TERRITORY):
        fact = short(row["fact"].value)  # type: ignore[union-attr]
        actor, territory = short(row["actor"].value), short(row["territory"].value)  # type: ignore[union-attr]
        graph.add_edge(
            node(actor),
            node(territory),
            key=fact,
            relation=row["relation"].value,  # type: ignore[union-attr]
            fact=fact,
            label=info[fact].label if fact in info else fact,
            **date_attrs("start", partial_date(row["start"])),
            **date_attrs("end", partial_date(row["end"])),
            name=row["name"].value if row["name"] else None,
            dispute=short(row["dispute"].value) if row["dispute"] else None,
        )
    for row in select(store, _PART_OF):
        part, whole = short(row["part"].value), short(row["whole"].value)  # type: ignore[union-attr]
        graph.add_edge(node(part), node(whole), key=f"partOf:{part}", relation="part of")
    return graph


def full_graph(store: GraphStore, include_schema: bool = False) -> nx.MultiDiGraph:
    """Every resource and every IRI-valued triple, keyed by the property's local name.

    Without `include_schema`, the ontology graph, rdf:type edges (kept as the node attribute
    `class`), edges to ontology or vocabulary terms (kept as node attributes, e.g.
    `measureType="asset-freeze"`) and the evidence layer (documents, segments, evidence,
    discrepancies, `kg:supportedBy`) are left out. Literal values become node attributes
    (several values: a sorted list). With it, everything is kept.
    """
    info = node_info(store)
    found = select(store, _TRIPLES_ALL) if include_schema else select(store, _TRIPLES)
    attrs: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    edges: list[tuple[str, str, str]] = []
    skip = set() if include_schema else {key for key, node in info.items() if node.cls in _EVIDENCE}
    for row in found:
        s, p, o = row["s"], row["p"], row["o"]
        subject, prop = short(s.value), local_name(p.value)  # type: ignore[union-attr]
        if subject in skip or (not include_schema and prop == "supportedBy"):
            continue
        if o.kind == "literal":  # type: ignore[union-attr]
            attrs[subject][prop].add(o.value)  # type: ignore[union-attr]
        elif p.value == _RDF_TYPE and not include_schema:  # type: ignore[union-attr]
            attrs[subject]
        elif not include_schema and not o.value.startswith(ID_BASE):  # type: ignore[union-attr]
            # vocabulary concepts and outside links (Wikidata) describe the node: attributes
            value = o.value  # type: ignore[union-attr]
            attrs[subject][prop].add(local_name(value) if value.startswith(_SCHEMA) else value)
        elif short(o.value) not in skip:  # type: ignore[union-attr]
            edges.append((subject, short(o.value), prop))  # type: ignore[union-attr]
    graph = nx.MultiDiGraph(projection="full", include_schema=include_schema)
    for key, values in sorted(attrs.items()):
        data = describe(info, key)
        for prop, found_values in values.items():
            if prop != "label":
                data[prop] = (
                    sorted(found_values) if len(found_values) > 1 else next(iter(found_values))
                )
        graph.add_node(key, **data)
    for subject, obj, prop in sorted(edges):
        for key in (subject, obj):
            if key not in graph:
                graph.add_node(key, **describe(info, key))
        graph.add_edge(subject, obj, key=prop, property=prop)
    return graph
