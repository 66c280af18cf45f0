"""What every projection needs from the store: SPARQL text, node ids, labels, classes and dates.

Nodes of the projections are keyed by the IRI's path under `id/` ("state/jp", "measure/...");
the full IRI stays in the node attribute `iri`. Dates are ISO strings with a separate precision
attribute ("day", "month", "year"), the form the store keeps them in (`xsd:date`,
`xsd:gYearMonth`, `xsd:gYear`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from kg.dates import PartialDate
from kg.namespace import GRAPH, ID, KG
from kg.store.base import GraphStore
from kg.store.terms import BindingValue, Term

__all__ = [
    "ID_BASE",
    "ONTOLOGY_GRAPH",
    "PREFIXES",
    "SOURCE_GRAPH",
    "date_attrs",
    "describe",
    "local_name",
    "node_info",
    "partial_date",
    "rows",
    "short",
    "source_id",
]

ID_BASE = str(ID)
SOURCE_GRAPH = str(GRAPH) + "source/"
ONTOLOGY_GRAPH = str(GRAPH) + "ontology"
PREFIXES = (
    f"PREFIX kg: <{KG._NS}>\n"
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)

# Typed nodes (those matched by a projection's pattern binding ?n), each kg: class and a label;
# the most specific class is picked in Python from the subclass table (a FILTER NOT EXISTS over
# rdfs:subClassOf+ per node cost seconds at 1M quads).
_NODES = """
SELECT DISTINCT ?n ?c ?l WHERE {{
  {pattern}
  ?n a ?c .
  FILTER(STRSTARTS(STR(?c), STR(kg:)))
  OPTIONAL {{ ?n rdfs:label ?l }}
}}
"""
_SUBCLASSES = "SELECT DISTINCT ?c ?super WHERE { ?c rdfs:subClassOf+ ?super }"


def rows(
    store: GraphStore, sparql: str, bindings: Mapping[str, BindingValue] | None = None
) -> list[dict[str, Term | None]]:
    """Every row of a SELECT (no row cap: projections must not be cut silently)."""
    result = store.query(PREFIXES + sparql, bindings, max_rows=None)
    return [dict(zip(result.variables, row, strict=True)) for row in result.rows]


def short(iri: str) -> str:
    """A node key: the IRI's path under id/ ('state/jp'); other IRIs stay whole."""
    return iri[len(ID_BASE) :] if iri.startswith(ID_BASE) else iri


def local_name(iri: str) -> str:
    """The last segment of an IRI: 'Sanction' for kg:Sanction, 'asset-freeze' for a concept."""
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def source_id(graph_iri: str) -> str | None:
    """'000_6dda27f3a0c12004' for a source graph (or a source document IRI), else None."""
    for prefix in (SOURCE_GRAPH, ID_BASE + "source/"):
        if graph_iri.startswith(prefix):
            return graph_iri[len(prefix) :]
    return None


def partial_date(term: Term | None) -> PartialDate | None:
    """A date literal as a PartialDate; None when unbound or not a date of a known precision."""
    if term is None:
        return None
    try:
        return PartialDate(term.value)
    except ValueError:
        return None


def date_attrs(name: str, date: PartialDate | None) -> dict[str, Any]:
    """{name: '2022-03', name_precision: 'month'}, or Nones when the date is unknown."""
    if date is None:
        return {name: None, f"{name}_precision": None}
    return {name: date.iso, f"{name}_precision": date.precision}


def node_info(store: GraphStore, pattern: str = "") -> dict[str, dict[str, Any]]:
    """Label, most specific kg: class and IRI of typed nodes, by node key.

    `pattern` is a SPARQL group pattern of ours (never user text) that binds ?n to the nodes a
    projection needs; empty means every typed node.
    """
    supers: dict[str, set[str]] = defaultdict(set)
    for row in rows(store, _SUBCLASSES):
        supers[row["c"].value].add(row["super"].value)  # type: ignore[union-attr]
    classes: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    wanted = f"{{ SELECT DISTINCT ?n WHERE {{ {pattern} }} }}" if pattern else ""
    for row in rows(store, _NODES.format(pattern=wanted)):
        iri = row["n"].value  # type: ignore[union-attr]
        classes[iri].add(row["c"].value)  # type: ignore[union-attr]
        label = row["l"]
        if label is not None and (iri not in labels or label.value < labels[iri]):
            labels[iri] = label.value
    info: dict[str, dict[str, Any]] = {}
    for iri, found in classes.items():
        specific = sorted(c for c in found if not any(c in supers[o] for o in found if o != c))
        info[short(iri)] = {
            "iri": iri,
            "label": labels.get(iri, short(iri)),
            "class": local_name(specific[0]) if specific else None,
        }
    return info


def describe(info: Mapping[str, Mapping[str, Any]], key: str) -> dict[str, Any]:
    """Node attributes for a key, with a fallback for nodes the store does not type."""
    found = info.get(key)
    if found:
        return dict(found)
    return {"iri": key if "://" in key else ID_BASE + key, "label": key, "class": None}
