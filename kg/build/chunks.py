"""The built graph as one canonical N-Quads chunk per named graph.

kg.nq is the sorted lines of every graph, so it is the merge of per-graph sorted chunks: an
incremental build keeps the chunks of the graphs whose inputs did not change and merges them
with the new ones, which gives the bytes a full build gives.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib import Dataset

from kg.rdf.canonical import canonical_nquads

__all__ = ["DEFAULT", "Chunks", "chunk_hash", "chunks_of", "lines", "merge", "merge_into", "split"]

Chunks = dict[str, bytes]  # graph IRI (DEFAULT for the default graph) -> sorted N-Quads lines
DEFAULT = ""


def chunk_hash(chunk: bytes) -> str:
    return hashlib.sha256(chunk).hexdigest()


def lines(chunk: bytes) -> list[bytes]:
    return [line for line in chunk.split(b"\n") if line]


def _join(rows: Iterable[bytes]) -> bytes:
    body = b"\n".join(rows)
    return body + b"\n" if body else b""


def chunks_of(dataset: Dataset) -> Chunks:
    """The canonical N-Quads of `dataset`, by graph."""
    return split(canonical_nquads(dataset))


def split(nquads: bytes) -> Chunks:
    """Sorted N-Quads lines by graph (the graph of each line as Oxigraph reads it, so literals
    that end like a graph IRI cannot mislead)."""
    rows = lines(nquads)
    grouped: dict[str, list[bytes]] = {}
    quads = ox.parse(b"\n".join(rows), format=ox.RdfFormat.N_QUADS)
    for row, quad in zip(rows, quads, strict=True):
        graph = quad.graph_name
        key = graph.value if isinstance(graph, ox.NamedNode) else DEFAULT
        grouped.setdefault(key, []).append(row)
    return {graph: _join(rows) for graph, rows in grouped.items()}


def merge_into(target: Chunks, extra: Mapping[str, bytes]) -> None:
    """Add `extra` to `target`; a graph given by both gets the sorted union of their lines."""
    for graph, chunk in extra.items():
        if graph in target:
            target[graph] = _join(sorted(set(lines(target[graph])) | set(lines(chunk))))
        else:
            target[graph] = chunk


def merge(chunks: Mapping[str, bytes]) -> bytes:
    """kg.nq: every chunk's lines in one sorted sequence (each chunk is sorted already)."""
    return _join(heapq.merge(*(lines(c) for c in chunks.values())))
