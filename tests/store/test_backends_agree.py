"""The named-query library gives the same answers on every backend as on the embedded default.

Queries are read from queries/ when the tests are collected, so a new question is covered the
moment it is written; tests/store/queries/ adds probes for what the library may not use yet
(bound literals and IRIs, ASK, language tags, GRAPH, unbound cells). A query with parameters is
also run bound, to the first value its unbound run gives.

Answers are compared as multisets of rows, except that the order of the ORDER BY keys must
match when the query has one (rows that tie may come in any order: SPARQL leaves that open), and
GROUP_CONCAT values are compared as multisets of their parts (their order is unspecified too; an
empty one is "" on Virtuoso, as SPARQL says, and unbound on Oxigraph).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from kg.errors import QueryTimeout
from kg.namespace import GRAPH
from kg.query import list_queries, run_named
from kg.query.library import NamedQuery
from kg.store import GraphStore, QueryResult, RemoteStore, Term, load
from kg.store.protocol import Endpoints

PROBES = Path(__file__).parent / "queries"
QUERIES = [*list_queries(), *list_queries(PROBES)]
OTHERS = ["memory", "remote"]

Row = tuple[tuple[str, str, str | None, str | None] | None, ...]


def _outer_order_keys(query: NamedQuery, variables: list[str]) -> list[int]:
    """Columns named in the outermost ORDER BY (after the last '}'), in order."""
    text = "\n".join(line.split("#", 1)[0] for line in query.text.splitlines())
    tail = text[text.rfind("}") + 1 :]
    match = re.search(r"ORDER\s+BY(.*?)(?:LIMIT|OFFSET|$)", tail, re.IGNORECASE | re.DOTALL)
    if not match:
        return []
    names = re.findall(r"[?$](\w+)", match.group(1))
    return [variables.index(n) for n in names if n in variables]


def _concat_separators(query: NamedQuery) -> dict[str, str]:
    pattern = r'GROUP_CONCAT\s*\([^;)]*;\s*SEPARATOR\s*=\s*"([^"]*)"\s*\)\s*AS\s+\?(\w+)'
    return {name: sep for sep, name in re.findall(pattern, query.text, re.IGNORECASE)}


def _rows(result: QueryResult, query: NamedQuery) -> list[Row]:
    separators = _concat_separators(query)
    rows = []
    for row in result.rows:
        cells = []
        for name, term in zip(result.variables, row, strict=True):
            if term is None:
                cells.append(None)
                continue
            value = term.value
            if name in separators and not value:
                cells.append(
                    None
                )  # GROUP_CONCAT of nothing: "" (SPARQL, Virtuoso) or unbound (Oxigraph)
                continue
            if separators.get(name):
                value = separators[name].join(sorted(value.split(separators[name])))
            if term.kind == "bnode":
                value = "_:b"  # blank node labels are local to each store
            cells.append((term.kind, value, term.datatype, term.lang))
        rows.append(tuple(cells))
    return rows


def _answer(
    store: GraphStore, query: NamedQuery, bindings: dict[str, Term], hide: tuple[str, ...] = ()
) -> tuple[object, ...]:
    """What is compared: columns, the multiset of rows, the sequence of ORDER BY keys, and
    whether the rows were cut. Rows with a value that starts with one of `hide` are left out."""
    result = run_named(store, query.name, bindings, folder=query.path.parent, max_rows=None)
    rows = (
        [
            row
            for row in _rows(result, query)
            if not any(cell and cell[1].startswith(hide) for cell in row)
        ]
        if hide
        else _rows(result, query)
    )
    keys = _outer_order_keys(query, result.variables)
    order = [tuple(row[k] for k in keys) for row in rows] if keys else None
    return result.variables, Counter(rows), order, result.truncated


def _bindings_to_try(store: GraphStore, query: NamedQuery) -> list[dict[str, Term]]:
    """No bindings, then each parameter bound to the first value its unbound run gives."""
    runs: list[dict[str, Term]] = [{}]
    if query.params:
        result = run_named(store, query.name, folder=query.path.parent, max_rows=None)
        for name in query.params:
            if name in result.variables:
                values = sorted(
                    (t for t in result.column(name) if t is not None), key=lambda t: t.value
                )
                if values:
                    runs.append({name: values[0]})
    return runs


@pytest.mark.parametrize("other", OTHERS)
@pytest.mark.parametrize("query", QUERIES, ids=[f"{q.path.parent.name}/{q.name}" for q in QUERIES])
def test_named_query_gives_the_same_answer_on_every_backend(
    query: NamedQuery, other: str, loaded: dict[str, GraphStore]
) -> None:
    embedded = loaded["embedded"]
    for bindings in _bindings_to_try(embedded, query):
        expected = _answer(embedded, query, bindings)
        got = _answer(loaded[other], query, bindings)
        assert got[0] == expected[0], f"{query.name} {bindings}: other columns"
        assert got[1] == expected[1], f"{query.name} {bindings}: other rows on {other}"
        assert got[2] == expected[2], f"{query.name} {bindings}: other order on {other}"
        assert got[3] == expected[3]


def test_the_library_and_the_probes_are_not_empty() -> None:
    assert len(list_queries()) >= 5 and len(list_queries(PROBES)) >= 5


def test_every_backend_holds_the_same_graphs(loaded: dict[str, GraphStore]) -> None:
    graphs = {name: store.named_graphs() for name, store in loaded.items()}
    assert graphs["memory"] == graphs["embedded"] == graphs["remote"]
    assert len(graphs["embedded"]) >= 5


# Virtuoso 7.2 does not parse escaped local names (id:state\/jp) ...
VIRTUOSO_CANNOT = re.compile(r"\w:[\w-]*\\/")
# ... and drops rows when a zero-or-more path joins other patterns: for instance
# `?m a/rdfs:subClassOf* kg:Measure ; kg:announcedDate ?d FILTER(...)` keeps 1 of 3 measures,
# while each part alone agrees. These queries must run there; their answers are not compared.
VIRTUOSO_WRONG = {"jp-measures-2023-12", "south-kurils-claims"}


@pytest.mark.optional
def test_virtuoso_gives_the_same_answers(
    virtuoso: str, nquads: Path, loaded: dict[str, GraphStore]
) -> None:
    """A second server: Virtuoso 7.2, loaded through the Graph Store protocol (its Update
    endpoint cannot take a whole graph in one request), with the merge in a named graph."""
    endpoints = Endpoints(
        query=f"{virtuoso}/sparql",
        update=f"{virtuoso}/sparql-auth",
        store=f"{virtuoso}/sparql-graph-crud-auth",
        user="dba",
        password="dba",
        auth="digest",
    )
    merged = f"{GRAPH}merged"
    store = RemoteStore(endpoints, load_strategy="gsp", merged_graph=merged)
    # Virtuoso's own graphs (its schemas, a sample, LDP) and the graph holding the merge
    hide = (
        merged,
        "http://www.openlinksw.com/",
        "http://localuriqaserver/",
        "http://www.w3.org/ns/ldp#",
    )
    load(store, nquads)
    ours = [g for g in store.named_graphs() if g.startswith(str(GRAPH))]
    assert ours == loaded["embedded"].named_graphs()
    compared = skipped = 0
    for query in QUERIES:
        if VIRTUOSO_CANNOT.search(query.text):
            skipped += 1
            continue
        for bindings in _bindings_to_try(loaded["embedded"], query):
            expected = _answer(loaded["embedded"], query, bindings, hide)
            got = _answer(store, query, bindings, hide)
            if query.name in VIRTUOSO_WRONG:
                skipped += 1
                continue
            assert got == expected, f"{query.name} {bindings}"
            compared += 1
    assert compared >= 5, f"only {compared} answers compared ({skipped} queries skipped)"


@pytest.mark.optional
def test_virtuoso_partial_results_are_a_timeout(virtuoso: str) -> None:
    """At its own time limit Virtuoso answers HTTP 200 with partial results and the header
    X-SQL-State: S1TAT: that must be a QueryTimeout, never a short answer taken as whole."""
    store = RemoteStore(Endpoints(query=f"{virtuoso}/sparql?timeout=300"))
    heavy = "SELECT ?b (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d FILTER(STR(?b) < STR(?d)) } GROUP BY ?b"
    with pytest.raises(QueryTimeout, match="S1TAT"):
        store.query(heavy, timeout_s=60)
