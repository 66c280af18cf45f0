"""CONSTRUCT and DESCRIBE queries, answered as an rdflib Graph (what their users work with).

The same rules as SELECT hold: the guard checks the query first, values are bound (substitutions
on the embedded store, a VALUES block for servers), each query has a wall-clock limit and a cap,
here on triples. A result over the cap is an error rather than a graph silently cut short.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.sparql.guard import check_read_query
from kg.sparql.syntax import describe_syntax_error
from kg.store.base import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S, GraphStore
from kg.store.deadline import Cancelled, run_with_deadline
from kg.store.oxigraph import OxigraphStore, bind
from kg.store.protocol import body_file
from kg.store.remote import RemoteStore
from kg.store.terms import BindingValue
from kg.store.values import with_values

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["GRAPH_FORMS", "construct"]

GRAPH_FORMS = ("ConstructQuery", "DescribeQuery")
_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"


def construct(
    store: GraphStore,
    sparql: str,
    bindings: Mapping[str, BindingValue] | None = None,
    *,
    timeout_s: float | None = DEFAULT_TIMEOUT_S,
    max_triples: int | None = DEFAULT_MAX_ROWS,
) -> Graph:
    """Run a CONSTRUCT or DESCRIBE query on `store` and return its triples as an rdflib Graph.

    >>> from kg.store import open_store
    >>> len(construct(open_store("memory"), "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"))
    0
    """
    form = check_read_query(sparql)
    if form not in GRAPH_FORMS:
        raise QueryError(f"{form} gives rows, not a graph: run it with store.query()")
    if isinstance(store, OxigraphStore):
        substitutions = bind(bindings)
        call = lambda token: _embedded(store, sparql, substitutions, max_triples, token)  # noqa: E731
    elif isinstance(store, RemoteStore):
        text = with_values(sparql, bindings, construct=form == "ConstructQuery")
        call = lambda token: _remote(store, text, timeout_s, max_triples, token)  # noqa: E731
    else:
        raise QueryError(f"{type(store).__name__} cannot answer CONSTRUCT or DESCRIBE")
    try:
        triples = run_with_deadline(call, timeout_s)
    except SyntaxError as error:
        raise QueryError(describe_syntax_error(sparql, str(error))) from error
    if max_triples is not None and len(triples) > max_triples:
        raise QueryError(
            f"the query gives more than {max_triples:,} triples: narrow it or raise max_triples"
        )
    return _to_rdflib(triples)


def _take(triples: Any, max_triples: int | None, token: Cancelled) -> list[ox.Triple]:
    """Up to max_triples + 1 of `triples` (one more tells that there were too many)."""
    taken: list[ox.Triple] = []
    for triple in triples:
        if max_triples is not None and len(taken) > max_triples:
            break
        if not len(taken) & 1023 and token.cancelled:
            break
        taken.append(triple)
    return taken


def _embedded(
    store: OxigraphStore,
    sparql: str,
    substitutions: dict[ox.Variable, Any],
    max_triples: int | None,
    token: Cancelled,
) -> list[ox.Triple]:
    triples = store.raw.query(sparql, substitutions=substitutions)
    if not isinstance(triples, ox.QueryTriples):
        return []  # the guard let only CONSTRUCT and DESCRIBE through
    return _take(triples, max_triples, token)


def _remote(
    store: RemoteStore,
    text: str,
    timeout_s: float | None,
    max_triples: int | None,
    token: Cancelled,
) -> list[ox.Triple]:
    url = store.endpoints.query
    form = {"query": text}
    if store.merged_graph:
        form["default-graph-uri"] = store.merged_graph
    client = store._client
    with client.stream(
        "POST", url, data=form, headers={"Accept": _ACCEPT}, timeout_s=timeout_s
    ) as response:
        kind = response.headers.get("Content-Type", "application/n-triples").split(";")[0]
        rdf_format = ox.RdfFormat.from_media_type(kind.strip())
        if rdf_format is None:
            raise StoreError(f"{url}: answered in {kind!r}, not an RDF graph")
        parsed = ox.parse(body_file(response, token), rdf_format)
        return [q.triple for q in _take(parsed, max_triples, token)]  # type: ignore[attr-defined]


def _to_rdflib(triples: list[ox.Triple]) -> Graph:
    from rdflib import Graph  # rdflib is what a graph result is for; loaded only when asked

    graph = Graph()
    if triples:
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        graph.parse(data=data.decode("utf-8"), format="nt")
    return graph
