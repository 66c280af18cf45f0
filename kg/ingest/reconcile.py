"""Store graphs without an ingest record are recorded, never silently dropped.

The next `kg build` makes its store from data/ and the recorded graphs of build/ingested/ only,
so a source graph that reached the store without a record (a run killed between the two by an
older version, or a graph loaded by hand) would vanish. Before a build or an ingest, under the
writer lock, each such graph is copied into build/ingested/ with a record whose file is unknown.
"""

from __future__ import annotations

from collections.abc import Collection

import pyoxigraph as ox

from kg.ingest.records import Manifest, Record
from kg.iris import graph_iri
from kg.store import GraphStore, OxigraphStore
from kg.store.oxigraph import to_ox
from kg.store.terms import Term

__all__ = ["graph_nquads", "reconcile"]

_SOURCE_GRAPH = str(graph_iri(""))


def graph_nquads(store: GraphStore, graph: str) -> bytes:
    """The quads of one named graph of `store`, as sorted N-Quads."""
    name = ox.NamedNode(graph)
    if isinstance(store, OxigraphStore):
        quads = store.raw.quads_for_pattern(None, None, None, name)
        lines = {f"{q} ." for q in quads}
    else:
        result = store.query(
            "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
            {"g": Term.iri(graph)},
            timeout_s=None,
            max_rows=None,
        )
        lines = set()
        for s, p, o in result.rows:
            assert s is not None and p is not None and o is not None
            quad = ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)  # type: ignore[arg-type]
            lines.add(f"{quad} .")
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8") if lines else b""


def reconcile(store: GraphStore, manifest: Manifest, bundled: Collection[str]) -> list[str]:
    """Record each source graph of `store` that has no record; return their document ids."""
    found = []
    for graph in store.named_graphs():
        if not graph.startswith(_SOURCE_GRAPH):
            continue
        document = graph.removeprefix(_SOURCE_GRAPH)
        if document in bundled or manifest.get(document) is not None:
            continue
        quads_file = manifest.quads_path(document)
        quads = None if quads_file.exists() else graph_nquads(store, graph)
        manifest.put(Record(document, "", "", "", graph, 0, 0, 0), quads)
        found.append(document)
    return found
