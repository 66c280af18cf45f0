"""Replace named graphs of an embedded store in place: one transaction, the merge kept right.

The ingest writer replaces a batch of document graphs at a time, and `kg load` on a store that
is not versioned one batch of graphs at a time. The SPARQL update that did it (kg.store.updates)
formatted every quad in Python, wrote each one twice as text (its graph, the default graph) and
ran about 6x a bulk load. Now, in one transaction each:

- graphs the store does not hold yet (a first ingest, the common case): one `Store.bulk_load`
  of the quads followed by their triples (cut from the same lines): native parsing, no Python
  per quad. pyoxigraph's bulk loader is atomic since 0.5 (its files go into RocksDB in one
  ingestion, or none do) and costs half a transactional `Store.load` in CPU; repeats of
  triples the default graph already has are dropped. A batch handed over graph by graph
  (`replace_graph_parts`, the ingest writer) is cut by plain byte counts per graph instead of a
  regular expression over the whole batch (which took as long as the load).
- graphs it holds: only the difference. Old and new quads are compared as sets, and one update
  request deletes the quads that go, inserts those that come (in their graph and in the default
  graph), then takes out of the default graph the triples of deleted quads that no named graph
  holds any more: a triple stays in the default graph while any named graph still holds it.
  A document re-ingested after a small change rewrites a few quads, not its whole graph.
- blank nodes (DELETE DATA cannot name them): the whole update of kg.store.updates, as before.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store.merged import graphs_of, triples_of
from kg.store.updates import group_by_graph, replace_update

__all__ = ["replace_graph_parts", "replace_graphs", "replace_plan"]

NQ = ox.RdfFormat.N_QUADS


def replace_graphs(store: ox.Store, nquads: bytes, graphs: Sequence[str]) -> str:
    """Replace `graphs` of `store` by the quads of `nquads` in one transaction; return the way
    taken ("load", "difference" or "update"). StoreError if a quad is outside `graphs`."""
    held = [g for g in graphs if store.contains_named_graph(ox.NamedNode(g))]
    if not held:
        named = graphs_of(nquads)
        triples = triples_of(nquads) if named is not None and named <= set(graphs) else None
        if triples is not None:
            body = nquads if nquads.endswith(b"\n") else nquads + b"\n"
            try:
                store.bulk_load(body + triples, format=NQ)
                return "load"
            except SyntaxError:
                pass  # parsed below as it is, which names the error (or the quad outside)
    way, update = replace_plan(store, nquads, graphs, held)
    if update:
        store.update(update)
    return way


def replace_graph_parts(store: ox.Store, parts: Sequence[tuple[str, bytes]]) -> str:
    """`replace_graphs` for quads given graph by graph ((graph, its N-Quads) each)."""
    graphs = [graph for graph, _ in parts]
    lines = [n if not n or n.endswith(b"\n") else n + b"\n" for _, n in parts]
    quads = b"".join(lines)
    if not any(store.contains_named_graph(ox.NamedNode(g)) for g in graphs):
        cut = [_triples_in(graph, text) for graph, text in zip(graphs, lines, strict=True)]
        if all(triples is not None for triples in cut):
            try:
                store.bulk_load(quads + b"".join(t for t in cut if t), format=NQ)
                return "load"
            except SyntaxError:
                pass  # parsed below as it is, which names the error
    return replace_graphs(store, quads, graphs)


def _triples_in(graph: str, nquads: bytes) -> bytes | None:
    """The triples of `nquads` (empty, or ending with a line end) if every line is one quad
    `S P O <graph> .`, else None.

    A line end can only follow the graph (N-Quads escapes line ends in literals), so as many
    ` <graph> .` endings as lines means every line has one. A triple whose object is the graph's
    IRI would be cut to a line without object, which the strict parse then refuses.
    """
    if b"\r" in nquads or b"_:" in nquads:
        return None
    ending = b" <" + graph.encode("utf-8") + b"> .\n"
    if nquads.count(ending) != nquads.count(b"\n"):
        return None
    return nquads.replace(ending, b" .\n")


def _parse(nquads: bytes, graphs: Sequence[str]) -> set[ox.Quad]:
    allowed = set(graphs)
    quads: set[ox.Quad] = set()
    try:
        for quad in ox.parse(nquads, format=NQ):
            graph = quad.graph_name
            if not isinstance(graph, ox.NamedNode):
                raise StoreError(f"quads to load must all be in named graphs, not {graph}: {quad}")
            if graph.value not in allowed:
                raise StoreError(f"quad in graph <{graph.value}>, which this load does not replace")
            quads.add(quad)
    except SyntaxError as error:
        raise StoreError(f"cannot parse the quads to load: {error}") from error
    return quads


def _has_blank(quads: set[ox.Quad]) -> bool:
    return any(
        isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads
    )


def _quad_data(quads: set[ox.Quad], *, merge: bool) -> str:
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(f"{q.subject} {q.predicate} {q.object} .")
    blocks = [f"GRAPH {g} {{ {' '.join(lines)} }}" for g, lines in by_graph.items()]
    if merge:
        blocks += [line for lines in by_graph.values() for line in lines]
    return " ".join(blocks)


def replace_plan(
    store: ox.Store, nquads: bytes, graphs: Sequence[str], held: Sequence[str]
) -> tuple[str, str]:
    """("difference" or "update", the update request that turns `graphs` of `store`, of which
    it holds `held`, into the quads of `nquads`); the request is empty when nothing changes."""
    new = _parse(nquads, graphs)
    old = {q for g in held for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))}
    if _has_blank(new) or _has_blank(old):
        return "update", replace_update(list(graphs), group_by_graph(nquads, graphs))
    gone, come = old - new, new - old
    operations = []
    if gone:
        operations.append(f"DELETE DATA {{ {_quad_data(gone, merge=False)} }}")
    if come:
        operations.append(f"INSERT DATA {{ {_quad_data(come, merge=True)} }}")
    if gone:
        rows = " ".join(f"({t.subject} {t.predicate} {t.object})" for t in {q.triple for q in gone})
        operations.append(
            f"DELETE {{ ?s ?p ?o }} WHERE {{ VALUES (?s ?p ?o) {{ {rows} }} "
            "FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
        )
    left = {q.graph_name.value for q in new}  # type: ignore[union-attr]
    operations += [f"DROP SILENT GRAPH {ox.NamedNode(g)}" for g in held if g not in left]
    return "difference", " ;\n".join(operations)
