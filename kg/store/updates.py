"""SPARQL Update text for loaders: replace named graphs and keep the merged default graph right.

Every store's default graph is the merge of its named graphs (kg.store.base.MERGE_DEFAULT_GRAPH).
Replacing graphs in one request therefore means, for each graph: take out of the default graph
what only that graph held, drop it; then insert the new graphs and their triples into the
default graph. The take-out and the drop are interleaved graph by graph, so that two replaced
graphs that share a triple do not each keep it alive for the other.

Servers whose default graph cannot be written (Virtuoso: its default graph is the union of all
graphs, a triple counted once per graph) keep the merge in a named graph of its own instead,
`merged`, and are queried with it as the default graph (kg.store.remote).

Terms come from pyoxigraph's N-Triples writer (escaped, IRIs checked), never from raw strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store.base import UNMERGE_GRAPH

__all__ = ["group_by_graph", "replace_update", "staged_replace_update"]


def group_by_graph(nquads: bytes, graphs: Iterable[str]) -> dict[str, list[str]]:
    """N-Quads -> {graph IRI: N-Triples lines}; every quad must be in one of `graphs`."""
    allowed = set(graphs)
    by_graph: dict[str, list[str]] = {}
    try:
        for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
            graph = quad.graph_name
            if not isinstance(graph, ox.NamedNode):
                raise StoreError(f"quads to load must all be in named graphs, not {graph}: {quad}")
            if graph.value not in allowed:
                raise StoreError(f"quad in graph <{graph.value}>, which this load does not replace")
            by_graph.setdefault(graph.value, []).append(
                f"{quad.subject} {quad.predicate} {quad.object} ."
            )
    except SyntaxError as error:
        raise StoreError(f"cannot parse the quads to load: {error}") from error
    return by_graph


def _drop(graph: str, merged: str | None) -> list[str]:
    iri = str(ox.NamedNode(graph))
    if merged is None:
        unmerge = UNMERGE_GRAPH.replace("?g", iri)
    else:
        into = str(ox.NamedNode(merged))
        unmerge = (
            f"DELETE {{ GRAPH {into} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {iri} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} "
            f"FILTER(?other != {iri} && ?other != {into}) }} }}"
        )
    return [unmerge, f"DROP SILENT GRAPH {iri}"]


def _into(template: str, merged: str | None) -> str:
    return template if merged is None else f"GRAPH {ox.NamedNode(merged)} {{ {template} }}"


def replace_update(
    graphs: Sequence[str], by_graph: Mapping[str, list[str]], merged: str | None = None
) -> str:
    """One update request: drop `graphs`, insert `by_graph` into them and into the merge (the
    default graph, or the named graph `merged`)."""
    operations = [op for graph in graphs for op in _drop(graph, merged)]
    if by_graph:
        named = " ".join(
            f"GRAPH {ox.NamedNode(g)} {{ {' '.join(lines)} }}" for g, lines in by_graph.items()
        )
        union = " ".join(" ".join(lines) for lines in by_graph.values())
        operations.append(f"INSERT DATA {{ {named} {_into(union, merged)} }}")
    return " ;\n".join(operations)


def staged_replace_update(
    graphs: Sequence[str], staged: Mapping[str, str], merged: str | None = None
) -> str:
    """One update request that swaps in graphs uploaded to staging graphs (`staged`: target ->
    staging IRI): drop each target, merge the staging graph into the merge, move it."""
    operations = [op for graph in graphs for op in _drop(graph, merged)]
    for target, staging in staged.items():
        source, dest = ox.NamedNode(staging), ox.NamedNode(target)
        insert = _into("?s ?p ?o", merged)
        operations.append(f"INSERT {{ {insert} }} WHERE {{ GRAPH {source} {{ ?s ?p ?o }} }}")
        operations.append(f"MOVE GRAPH {source} TO GRAPH {dest}")
    return " ;\n".join(operations)
