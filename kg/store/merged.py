"""New store versions holding named graphs and their merge, the merge made from the file's text.

Every store's default graph is the merge of its named graphs (kg.store.base.MERGE_DEFAULT_GRAPH).
Writing it from the store after the named graphs were in (dumping them as N-Triples to load them
again, or a Python loop over the quads) made both load paths, `kg load` and `kg build`'s store
step, 2.4-2.7x a plain `bulk_load`.

Here the merge comes from the text itself: a line `S P O <G> .` with its graph cut off is the
triple `S P O .` (one C-level regex pass with a literal replacement, no Python per quad). The
quads are bulk-loaded as they are, strictly parsed, and the triples into the default graph,
parsed leniently (the same text was just parsed strictly), where the store drops repeats. With
two cores or more, and more than a few MB to load, the two bulk loads run side by side (each
releases the GIL). A version folder only goes live when it is complete, so neither load needs
to be a transaction.

Only lines of that exact shape are cut (what pyoxigraph, rdflib and `kg build` write); anything
else (comments, blank lines, blank nodes, other spacing) takes the slower path that parses the
quads and writes the merge from the store, which is also what names the error in a bad file.
"""

from __future__ import annotations

import gc
import os
import re
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from kg.errors import StoreError

__all__ = ["Version", "graph_lines", "graphs_of", "triples_of", "write_version"]

NQ = ox.RdfFormat.N_QUADS
_GRAPH_AT_END = re.compile(rb" <[^<>\s]*> \.$", re.MULTILINE)
_GRAPH = re.compile(rb" <([^<>\s]*)> \.$", re.MULTILINE)
_TRIPLE_LINE = re.compile(rb"^(.*) \.$", re.MULTILINE)
# a comment after the final dot could end like a graph and hide the real one
_COMMENT_AFTER_DOT = re.compile(rb"\.[ \t]*#")

Job = tuple[bytes | Path, bool]  # (N-Quads text or file, parse leniently)
# Loads side by side hold more disk at once (each SST writer reserves room ahead): worth it only
# for big loads, where the gain shows and the reserve is small beside the data.
_SIDE_BY_SIDE = 8 << 20


class Version(NamedTuple):
    store: ox.Store
    carried: int  # graphs of the previous version that the source did not replace
    lines: int  # lines of the source: its quads, as `kg build` writes them


def _lines(nquads: bytes) -> bytes | None:
    """`nquads` ending with a line end, or None unless one regex pass can read it safely."""
    if not nquads.endswith(b"\n"):
        nquads += b"\n"
    if b"\r" in nquads or b"_:" in nquads or _COMMENT_AFTER_DOT.search(nquads):
        return None
    return nquads


def triples_of(nquads: bytes) -> bytes | None:
    """The triples of `nquads` (each line with its graph cut off); None unless every line is
    one quad `S P O <G> .`.

    >>> triples_of(b'<urn:s> <urn:p> "o <urn:x> ." <urn:g> .\\n')
    b'<urn:s> <urn:p> "o <urn:x> ." .\\n'
    """
    if not nquads.strip():
        return b""
    lines = _lines(nquads)
    if lines is None:
        return None
    triples, count = _GRAPH_AT_END.subn(b" .", lines)
    return triples if count == lines.count(b"\n") else None


def graphs_of(nquads: bytes) -> set[str] | None:
    """The graph IRIs of `nquads` if every line is one quad `S P O <G> .`, else None."""
    if not nquads.strip():
        return set()
    lines = _lines(nquads)
    if lines is None:
        return None
    names = _GRAPH.findall(lines)
    if len(names) != lines.count(b"\n"):
        return None
    return {name.decode("utf-8") for name in set(names)}


def graph_lines(ntriples: bytes, graph: str) -> bytes:
    """N-Triples as pyoxigraph writes them (one triple per line) -> N-Quads lines in `graph`."""
    if not ntriples:
        return b""
    into = str(ox.NamedNode(graph)).encode("utf-8").replace(b"\\", b"\\\\")
    return _TRIPLE_LINE.sub(rb"\1 " + into + rb" .", ntriples)


def _size(source: bytes | Path) -> int:
    return source.stat().st_size if isinstance(source, Path) else len(source)


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _bulk_load(store: ox.Store, jobs: list[Job]) -> None:
    """Run the bulk loads of `jobs`, side by side when there are cores for it."""
    errors: list[BaseException] = []

    def one(source: bytes | Path, lenient: bool) -> None:
        try:
            if isinstance(source, Path):
                store.bulk_load(path=str(source), format=NQ, lenient=lenient)
            elif source:
                store.bulk_load(source, format=NQ, lenient=lenient)
        except BaseException as error:  # handed to the calling thread
            errors.append(error)

    if _cores() < 2 or sum(_size(source) for source, _ in jobs) < _SIDE_BY_SIDE:
        for job in jobs:
            one(*job)
    else:
        threads = [threading.Thread(target=one, args=job) for job in jobs[1:]]
        for thread in threads:
            thread.start()
        one(*jobs[0])
        for thread in threads:
            thread.join()
    if errors:
        error, errors[:] = errors[0], []
        raise error


def _parsed(store: ox.Store, nquads: bytes, kept: Iterable[ox.Quad]) -> None:
    """The general path: bulk-load the quads as they are, then write their merge from the store."""
    store.bulk_load(nquads, format=NQ)
    if next(store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None):
        raise StoreError("quads to load must all be in named graphs, not in the default graph")
    store.bulk_extend(kept)
    store.bulk_extend(  # store terms, so blank nodes stay the same nodes in the merge
        ox.Quad(q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, None, None, None)
        if not isinstance(q.graph_name, ox.DefaultGraph)
    )


def _carried(previous: ox.Store | None, nquads: bytes) -> list[ox.NamedNode | ox.BlankNode]:
    """The graphs of `previous` that `nquads` does not replace."""
    present = list(previous.named_graphs()) if previous is not None else []
    if not present:
        return []
    named = graphs_of(nquads)
    if named is None:
        named = {getattr(q.graph_name, "value", "") for q in ox.parse(nquads, format=NQ)}
    return [g for g in present if not (isinstance(g, ox.NamedNode) and g.value in named)]


def _fast_jobs(
    source: bytes | Path, nquads: bytes, previous: ox.Store | None, carried: list[ox.NamedNode]
) -> list[Job] | None:
    """The bulk loads of the fast path: the quads, the carried graphs, all their triples."""
    triples = triples_of(nquads)
    if triples is None:
        return None
    dumps = [
        (g, previous.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) or b"")
        for g in carried
        if previous is not None
    ]
    if any(b"_:" in dump for _, dump in dumps):
        return None  # blank nodes: their store names must be kept, which text cannot do
    kept = b"".join(graph_lines(dump, g.value) for g, dump in dumps)
    merge = b"".join([triples, *(dump for _, dump in dumps)])
    return [(source, False), (merge, True), (kept, True)]


def write_version(folder: Path, source: bytes | Path, previous: ox.Store | None = None) -> Version:
    """A new store in `folder` (which must not exist) holding the quads of `source` (N-Quads
    text, or a file; named graphs only), the graphs of `previous` that `source` does not hold,
    and the merge of them all as its default graph.

    Raises SyntaxError for malformed N-Quads and StoreError for quads outside named graphs; the
    caller removes `folder` then.
    """
    nquads = source.read_bytes() if isinstance(source, Path) else source
    lines = nquads.count(b"\n") + (not nquads.endswith(b"\n") and bool(nquads))
    carried = _carried(previous, nquads)
    named = [g for g in carried if isinstance(g, ox.NamedNode)]
    jobs = _fast_jobs(source, nquads, previous, named) if len(named) == len(carried) else None
    if jobs is not None:
        if isinstance(source, Path):
            del nquads  # pyoxigraph reads the file itself
        store = ox.Store(str(folder))
        try:
            _bulk_load(store, jobs)
            return Version(store, len(carried), lines)
        except SyntaxError:
            pass  # the file parsed as it is, below, names the error
        del store, jobs
        gc.collect()  # the failed load's frames held the store: it must close before reopening
        shutil.rmtree(folder, ignore_errors=True)
        nquads = source.read_bytes() if isinstance(source, Path) else source
    store = ox.Store(str(folder))
    copies: Iterable[ox.Quad] = ()
    if previous is not None:
        copies = (q for g in carried for q in previous.quads_for_pattern(None, None, None, g))
    _parsed(store, nquads, copies)
    return Version(store, len(carried), lines)
