"""Write a store's graph, or a built graph file, as TriG, N-Quads, Turtle or JSON-LD, atomically.

Quad formats (TriG, N-Quads, JSON-LD) keep one named graph per source; Turtle, which has no
graphs, gets the merged default graph (each triple once). The derived default graph is never
written beside the named graphs: it is rebuilt by whoever loads the file. pyoxigraph serializes
(fast, streaming), into a temporary file renamed over the target only when complete.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from kg.atomic import atomic_write
from kg.errors import KGError, StoreError
from kg.namespace import DK, GOODS, GRAPH, ID, KG, MT, STANCE
from kg.store.base import GraphStore
from kg.store.oxigraph import OxigraphStore
from kg.store.remote import RemoteStore

__all__ = ["FORMATS", "PREFIXES", "ExportReport", "export"]

FORMATS: dict[str, ox.RdfFormat] = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
}
PREFIXES = {
    "kg": str(KG),
    "id": str(ID),
    "graph": str(GRAPH),
    "mt": str(MT),
    "goods": str(GOODS),
    "stance": str(STANCE),
    "dk": str(DK),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
}
_DEFAULT = ox.DefaultGraph()


@dataclass(frozen=True)
class ExportReport:
    path: Path
    format: str
    quads: int


def export(source: GraphStore | Path | str, path: Path | str, format: str = "trig") -> ExportReport:
    """Write `source` (a store, or an .nq/.trig file) to `path` in `format`; return what was written."""
    path = Path(path)
    rdf_format = FORMATS.get(format)
    if rdf_format is None:
        raise KGError(f"unknown export format {format!r}: use one of {', '.join(FORMATS)}")
    quads = _quads(source) if rdf_format.supports_datasets else _triples(source)
    counted = _Counter(quads)
    try:
        with atomic_write(path) as handle:
            prefixes = None if rdf_format is ox.RdfFormat.JSON_LD else PREFIXES
            ox.serialize(cast("Iterable[ox.Quad]", counted), handle, rdf_format, prefixes=prefixes)
    except (OSError, SyntaxError, ValueError) as error:
        raise StoreError(f"{path}: export failed, nothing written: {error}") from error
    return ExportReport(path, format, counted.count)


class _Counter:
    """Counts what passes through to the serializer."""

    def __init__(self, items: Iterable[ox.Quad | ox.Triple]) -> None:
        self._items, self.count = items, 0

    def __iter__(self) -> Iterator[ox.Quad | ox.Triple]:
        for item in self._items:
            self.count += 1
            yield item


def _quads(source: GraphStore | Path | str) -> Iterator[ox.Quad]:
    """The named-graph quads of `source` (the merged default graph is derived, left out)."""
    if isinstance(source, OxigraphStore):
        for quad in source.raw.quads_for_pattern(None, None, None, None):
            if type(quad.graph_name) is not ox.DefaultGraph:
                yield quad
    elif isinstance(source, RemoteStore):
        for graph in source.named_graphs():
            name = ox.NamedNode(graph)
            for triple in ox.parse(source.export_graph(graph), format=ox.RdfFormat.N_TRIPLES):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, name)
    elif isinstance(source, str | Path):
        yield from _read_file(Path(source))
    else:
        raise StoreError(f"cannot export from {source!r}: not a store this module knows")


def _triples(source: GraphStore | Path | str) -> Iterator[ox.Triple]:
    """The merged graph: each triple once, whatever graphs hold it."""
    if isinstance(source, OxigraphStore):
        for quad in source.raw.quads_for_pattern(None, None, None, _DEFAULT):
            yield quad.triple
        return
    seen: set[ox.Triple] = set()
    for quad in _quads(source):
        if quad.triple not in seen:
            seen.add(quad.triple)
            yield quad.triple


def _read_file(path: Path) -> Iterator[ox.Quad]:
    rdf_format = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
    if rdf_format is None or not rdf_format.supports_datasets:
        raise StoreError(f"{path}: give an N-Quads (.nq) or TriG (.trig) file to export")
    try:
        yield from ox.parse(path=str(path), format=rdf_format)
    except (OSError, SyntaxError) as error:
        raise StoreError(f"{path}: cannot read: {error}") from error
