"""New store versions holding named graphs and their merge, written in one bulk load.

Every store's default graph is the merge of its named graphs (kg.store.base.MERGE_DEFAULT_GRAPH).
Writing that merge after the named graphs (a second bulk load, or a Python loop over the quads)
made both load paths, `kg load` and `kg build`'s store step, 2.4-2.7x a plain `bulk_load`.

Here each N-Quads line `S P O <G> .` is followed by its triple `S P O .` in one generated stream
(one C-level regex pass over the bytes, no Python per quad), so that one bulk load writes a quad
and its triple together and the store drops repeated triples. On 2-3 cores, where pyoxigraph
parses on one thread, the stream is cut in as many parts as there are cores, loaded side by side
(each `bulk_load` releases the GIL). A version folder only goes live when it is complete, so
the parts need no transaction of their own.

The stream is made only from lines of that exact shape (what pyoxigraph, rdflib and `kg build`
write); anything else (comments, blank lines, blank nodes, other spacing) takes the slower path
that parses the quads, which also gives errors with the file's own line numbers.
"""

from __future__ import annotations

import gc
import itertools
import os
import re
import shutil
import threading
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError

__all__ = ["graph_lines", "graphs_of", "merged_lines", "write_version"]

NQ = ox.RdfFormat.N_QUADS
# one quad per line, its graph an IRI; a comment after the final dot could hide the real graph
_QUAD_LINE = re.compile(rb"^(.*) (<[^<>\s]*>) \.$", re.MULTILINE)
_GRAPH = re.compile(rb" <([^<>\s]*)> \.$", re.MULTILINE)
_TRIPLE_LINE = re.compile(rb"^(.*) \.$", re.MULTILINE)
_COMMENT_AFTER_DOT = re.compile(rb"\.[ \t]*#")
_MIN_PART = 4 << 20  # bytes of stream below which one load is faster than several


def _plain_lines(nquads: bytes) -> bool:
    """No carriage returns, blank nodes or comments after a statement: one regex pass is safe."""
    return b"\r" not in nquads and b"_:" not in nquads and not _COMMENT_AFTER_DOT.search(nquads)


def merged_lines(nquads: bytes) -> bytes | None:
    """`nquads` with each quad's triple on the line after it; None unless every line is one
    quad `S P O <G> .` (the caller then parses the quads instead).

    >>> merged_lines(b'<urn:s> <urn:p> "o" <urn:g> .\\n')
    b'<urn:s> <urn:p> "o" <urn:g> .\\n<urn:s> <urn:p> "o" .\\n'
    """
    if not nquads.strip():
        return b""
    if not nquads.endswith(b"\n"):
        nquads += b"\n"
    if not _plain_lines(nquads):
        return None
    stream, count = _QUAD_LINE.subn(rb"\1 \2 .\n\1 .", nquads)
    return stream if count == nquads.count(b"\n") else None


def graphs_of(nquads: bytes) -> set[str] | None:
    """The graph IRIs of `nquads` if every line is one quad `S P O <G> .`, else None."""
    if not nquads.strip():
        return set()
    if not nquads.endswith(b"\n"):
        nquads += b"\n"
    if not _plain_lines(nquads):
        return None
    names = _GRAPH.findall(nquads)
    if len(names) != nquads.count(b"\n"):
        return None
    return {name.decode("utf-8") for name in set(names)}


def graph_lines(ntriples: bytes, graph: str) -> bytes:
    """N-Triples as pyoxigraph writes them (one triple per line) -> N-Quads lines in `graph`."""
    if not ntriples:
        return b""
    into = str(ox.NamedNode(graph)).encode("utf-8").replace(b"\\", b"\\\\")
    return _TRIPLE_LINE.sub(rb"\1 " + into + rb" .", ntriples)


def _parts(stream: bytes, count: int) -> list[bytes]:
    """`stream` cut at line ends into about `count` parts."""
    count = max(1, min(count, len(stream) // _MIN_PART))
    cuts = [0]
    for i in range(1, count):
        cut = stream.find(b"\n", len(stream) * i // count) + 1
        if cut > cuts[-1]:
            cuts.append(cut)
    cuts.append(len(stream))
    return [stream[a:b] for a, b in itertools.pairwise(cuts) if b > a]


def _side_by_side() -> int:
    """Parts to load at once: pyoxigraph parses in parallel itself from 4 cores on."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores if cores and cores < 4 else 1


def _bulk_load_parts(store: ox.Store, parts: list[bytes]) -> None:
    errors: list[BaseException] = []

    def one(part: bytes) -> None:
        try:
            store.bulk_load(part, format=NQ)
        except BaseException as error:  # handed to the calling thread
            errors.append(error)

    threads = [threading.Thread(target=one, args=(part,)) for part in parts[1:]]
    for thread in threads:
        thread.start()
    if parts:
        one(parts[0])
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]


def _parsed(store: ox.Store, nquads: bytes, kept: Iterable[ox.Quad]) -> None:
    """The slow, general path: bulk-load the quads as they are, then write their merge."""
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


def write_version(
    folder: Path, nquads: bytes, previous: ox.Store | None = None
) -> tuple[ox.Store, int]:
    """A new store in `folder` (which must not exist) holding `nquads` (named graphs only), the
    graphs of `previous` that `nquads` does not hold, and the merge of them all as its default
    graph; with the number of graphs carried over from `previous`.

    Raises SyntaxError for malformed N-Quads and StoreError for quads outside named graphs; the
    caller removes `folder` then.
    """
    carried = _carried(previous, nquads)
    stream: bytes | None = None
    if previous is None or all(isinstance(g, ox.NamedNode) for g in carried):
        extra = b"".join(
            graph_lines(previous.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) or b"", g.value)
            for g in carried
            if previous is not None and isinstance(g, ox.NamedNode)
        )
        stream = merged_lines(nquads + extra if extra else nquads)
    if stream is not None:
        store = ox.Store(str(folder))
        try:
            _bulk_load_parts(store, _parts(stream, _side_by_side()))
            return store, len(carried)
        except SyntaxError:
            pass  # the file's own text, parsed as it is, names the error below
        del store
        gc.collect()  # the failed load's frames held the store: it must close before reopening
        shutil.rmtree(folder, ignore_errors=True)
    store = ox.Store(str(folder))
    copies: Iterable[ox.Quad] = ()
    if previous is not None:
        copies = (q for g in carried for q in previous.quads_for_pattern(None, None, None, g))
    _parsed(store, nquads, copies)
    return store, len(carried)
