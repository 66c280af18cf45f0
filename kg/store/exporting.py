"""Write a store's graph, or a built graph file, as TriG, N-Quads, Turtle or JSON-LD, atomically.

Quad formats (TriG, N-Quads, JSON-LD) keep one named graph per source (JSON-LD compact, with the
published context `ontology/context.jsonld` embedded); Turtle, which has no
graphs, gets the merged default graph (each triple once). The derived default graph is never
written beside the named graphs: it is rebuilt by whoever loads the file. pyoxigraph serializes
(fast, streaming).

Where it goes depends on what the target is. A regular file (or a new name) is written to a
temporary file renamed over it only when complete. A symbolic link is followed: the file it
points at is replaced that way and the link stays a link. A character device or a pipe
(`/dev/null`, `/dev/stdout`, a FIFO) is written through, never replaced by a file, and `-` means
standard output; a torn write there cannot be undone, so the error says the output is
incomplete. A folder or a block device is refused.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox

from kg.atomic import atomic_write
from kg.errors import KGError, StoreError
from kg.namespace import DK, GOODS, GRAPH, ID, KG, MT, STANCE
from kg.store.base import GraphStore
from kg.store.jsonld import jsonld_document
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


STDOUT = "-"


def export(source: GraphStore | Path | str, path: Path | str, format: str = "trig") -> ExportReport:
    """Write `source` (a store, or an .nq/.trig file) to `path` in `format`; return what was
    written. `path` may be `-` (standard output), a device or a pipe (written through)."""
    rdf_format = FORMATS.get(format)
    if rdf_format is None:
        raise KGError(f"unknown export format {format!r}: use one of {', '.join(FORMATS)}")
    through = str(path) == STDOUT or _writes_through(Path(path))
    target = Path(path) if str(path) == STDOUT else _final(Path(path))
    quads = _quads(source) if rdf_format.supports_datasets else _triples(source)
    counted = _Counter(quads)
    try:
        # Compact JSON-LD with the published context is built whole before anything is written.
        document = (
            jsonld_document(cast("Iterable[ox.Quad]", counted))[0]
            if rdf_format is ox.RdfFormat.JSON_LD
            else None
        )
        with _open_target(str(path), target, through) as handle:
            if document is not None:
                handle.write(document)
            else:
                ox.serialize(
                    cast("Iterable[ox.Quad]", counted), handle, rdf_format, prefixes=PREFIXES
                )
    except (OSError, SyntaxError, ValueError) as error:
        what = "output incomplete" if through else "nothing written"
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise StoreError(f"{path}: export failed, {what}: {reason}") from None
    return ExportReport(Path(path), format, counted.count)


def _final(path: Path) -> Path:
    """The file to replace: `path`, or the file a symbolic link points at (the link stays)."""
    target = path.resolve() if path.is_symlink() else path
    if target.is_dir():
        raise StoreError(f"{path}: is a folder; give a file name to export to")
    if target.exists() and stat.S_ISBLK(target.stat().st_mode):
        raise StoreError(f"{path}: is a block device; refusing to write a graph onto it")
    return target


def _writes_through(path: Path) -> bool:
    """A character device, a pipe or a socket: write into it, never rename a file over it."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


@contextlib.contextmanager
def _open_target(given: str, target: Path, through: bool) -> Iterator[IO[bytes]]:
    if given == STDOUT:
        sys.stdout.flush()
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
    elif through:
        fd = os.open(target, os.O_WRONLY | os.O_NOCTTY)
        with os.fdopen(fd, "wb") as handle:
            yield handle
    else:
        with atomic_write(target) as handle:
            yield handle


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
