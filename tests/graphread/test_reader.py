"""kg.graphread: the one reader under kg.view and kg.analyse, on the bundled build."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.dates import PartialDate
from kg.graphread import (
    DATE_PRECISION,
    by_graph,
    most_specific,
    node_info,
    partial_date,
    read_classes,
    read_documents,
    read_measures,
    select,
    short,
    source_id,
)
from kg.store import OxigraphStore, Term
from kg.view import project


@pytest.fixture(scope="module")
def projection(store: OxigraphStore) -> nx.MultiDiGraph:
    return project(store)


def test_view_and_analysis_give_every_node_the_same_class(
    store: OxigraphStore, projection: nx.MultiDiGraph
) -> None:
    info = node_info(store)
    shown = {short(node): data["cls"] for node, data in projection.nodes(data=True)}
    assert shown
    assert {key: info[key].cls for key in shown} == shown


def test_the_most_specific_class_is_the_subclass(store: OxigraphStore) -> None:
    classes = read_classes(store)
    for name, entry in classes.items():
        for parent in entry.parents:
            assert most_specific(classes, [parent, name]) == name
    # Of two classes on different branches, the deeper one.
    deep = max(classes.values(), key=lambda c: (c.depth, c.name))
    other = next(c for c in classes.values() if not c.parents and c.name != deep.root)
    assert deep.depth > 0
    assert most_specific(classes, [other.name, deep.name]) == deep.name
    assert most_specific(classes, []) is None


def test_documents_keep_their_dates_precision_and_graphs(store: OxigraphStore) -> None:
    documents = read_documents(store)
    rows = select(
        store, "SELECT ?d ?date WHERE { ?d a kg:SourceDocument ; kg:publishedDate ?date }"
    )
    assert documents and rows
    for row in rows:
        date, doc = row["date"], row["d"]
        assert date is not None and doc is not None and date.datatype is not None
        published = documents[doc.value].published
        assert isinstance(published, PartialDate)
        assert published.iso == date.value
        assert published.precision == DATE_PRECISION[date.datatype]
    graphs = by_graph(documents)
    assert set(graphs.values()) <= set(documents)
    assert all(source_id(graph) == source_id(doc) for graph, doc in graphs.items())


def test_measures_come_typed_with_their_sources(store: OxigraphStore) -> None:
    measures = read_measures(store)
    named = {source_id(g) for g in store.named_graphs()} - {None}
    assert measures and any(m.announced for m in measures.values())
    for measure in measures.values():
        for date in (measure.announced, measure.effective, measure.end):
            assert date is None or isinstance(date, PartialDate)
        assert set(measure.sources) <= named
        assert list(measure.sources) == sorted(measure.sources)


def test_a_literal_that_is_no_date_reads_as_none() -> None:
    gym = "http://www.w3.org/2001/XMLSchema#gYearMonth"
    assert partial_date(Term("literal", "2023-13", gym)) is None
    assert partial_date(None) is None
    assert partial_date(Term("literal", "2023-12", gym)) == PartialDate("2023-12")
