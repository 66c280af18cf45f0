"""The store as projections read it: one reader under kg.analyse and kg.view, so that a change in
the model (a class, a property, how a date or a source is kept) is read in one place.

Everything goes through `GraphStore.query` (any backend), with the PREFIX block of `names`.
Rows come back typed: `Document`, `Measure`, `NodeInfo`, `OntologyClass`, and for the whole-graph
scans tuples of fixed width (`Typing`, `Value`, `Link`, `Support`); dates are
`kg.dates.PartialDate`s, which keep their precision.

>>> from kg.store import open_store
>>> read_documents(open_store("memory"))
{}
"""

from __future__ import annotations

from kg.graphread.documents import Document, by_graph, read_documents
from kg.graphread.measures import Measure, read_measures
from kg.graphread.names import (
    ID_BASE,
    KG_BASE,
    ONTOLOGY_GRAPH,
    PREFIXES,
    SOURCE_GRAPH,
    local_name,
    short,
    source_id,
)
from kg.graphread.nodes import NodeInfo, describe, node_info
from kg.graphread.ontology import (
    OntologyClass,
    Vocabulary,
    most_specific,
    read_classes,
    read_vocabulary,
)
from kg.graphread.scans import Link, Support, Typing, Value, evidence, links, typings, values
from kg.graphread.select import DATE_PRECISION, Row, partial_date, select, text

__all__ = [
    "DATE_PRECISION",
    "ID_BASE",
    "KG_BASE",
    "ONTOLOGY_GRAPH",
    "PREFIXES",
    "SOURCE_GRAPH",
    "Document",
    "Link",
    "Measure",
    "NodeInfo",
    "OntologyClass",
    "Row",
    "Support",
    "Typing",
    "Value",
    "Vocabulary",
    "by_graph",
    "describe",
    "evidence",
    "links",
    "local_name",
    "most_specific",
    "node_info",
    "partial_date",
    "read_classes",
    "read_documents",
    "read_measures",
    "read_vocabulary",
    "select",
    "short",
    "source_id",
    "text",
    "typings",
    "values",
]
