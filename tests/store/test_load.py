"""`kg.store.load`: each named graph replaced whole or not at all, on every backend.

A malformed file changes nothing; loading one source's graph changes only that graph and keeps
the merged default graph right; a server killed mid-load leaves every graph as it was or wholly
new, never half-written, and the default graph still the merge of the named graphs.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.serve.backend import OxigraphServer
from kg.store import GraphStore, RemoteStore, load, open_store
from kg.store.remote import STAGING

KINDS = ["memory", "embedded", "embedded-folder", "remote-update", "remote-gsp"]
ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
DEFAULT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


Quad = tuple[str, str, str, str]


def _state(store: GraphStore) -> tuple[set[Quad], set[tuple[str, ...]]]:
    """(named-graph quads, default-graph triples) as N-Triples terms, staging graphs left out."""
    quads = {
        (row[0].n3(), row[1].n3(), row[2].n3(), row[3].n3())  # type: ignore[union-attr]
        for row in store.query(ALL_QUADS, max_rows=None).rows
        if not str(row[0]).startswith(STAGING)
    }
    triples = {tuple(t.n3() for t in row) for row in store.query(DEFAULT, max_rows=None).rows}  # type: ignore[union-attr]
    return quads, triples


def _merged(quads: set[Quad]) -> set[tuple[str, ...]]:
    return {quad[1:] for quad in quads}


def _by_graph(nquads: bytes) -> dict[str, set[Quad]]:
    """The file's quads by graph, in the form `_state` gives."""
    by_graph: dict[str, set[Quad]] = {}
    for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        quad = (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))
        by_graph.setdefault(quad[0], set()).add(quad)
    return by_graph


@pytest.mark.parametrize("fresh_store", KINDS, indirect=True)
def test_load_replaces_graphs_and_keeps_the_default_graph_merged(
    fresh_store: GraphStore, nquads: Path, tmp_path: Path
) -> None:
    report = load(fresh_store, nquads)
    quads, triples = _state(fresh_store)
    graphs = _by_graph(nquads.read_bytes())
    assert quads == set().union(*graphs.values())
    assert report.quads == len(quads) and report.graphs == len(graphs)
    assert triples == _merged(quads)
    # one source's graph, half of it dropped and one quad added: only that graph changes
    name = next(g for g in graphs if "/source/" in g)
    kept = sorted(graphs[name])[: len(graphs[name]) // 2]
    new = (name, "<urn:x:new>", "<urn:x:p>", '"only in the new version"')
    partial = tmp_path / "one-source.nq"
    partial.write_text("".join(" ".join((*q[1:], q[0])) + " .\n" for q in [*kept, new]))
    load(fresh_store, partial)
    after, after_triples = _state(fresh_store)
    assert after == {q for q in quads if q[0] != name} | {*kept, new}
    assert after_triples == _merged(after)


@pytest.mark.parametrize("fresh_store", KINDS, indirect=True)
def test_a_malformed_source_changes_nothing(
    fresh_store: GraphStore, nquads: Path, tmp_path: Path
) -> None:
    load(fresh_store, nquads)
    before = _state(fresh_store)
    lines = nquads.read_bytes().splitlines()
    broken = tmp_path / "broken.nq"
    # the first half of the file changed, then one malformed line in a later source's graph
    changed = [line.replace(b'"', b'"changed ', 1) if b'"' in line else line for line in lines]
    changed.insert(len(changed) * 3 // 4, b'<urn:x:s> <urn:x:p> "unterminated <urn:x:g> .')
    broken.write_bytes(b"\n".join(changed) + b"\n")
    with pytest.raises(StoreError, match=r"broken\.nq"):
        load(fresh_store, broken)
    assert _state(fresh_store) == before


@pytest.mark.parametrize("fresh_store", ["memory", "remote-update"], indirect=True)
def test_quads_outside_the_replaced_graphs_are_refused(fresh_store: GraphStore) -> None:
    data = b"<urn:x:s> <urn:x:p> <urn:x:o> <urn:x:other> .\n"
    with pytest.raises(StoreError, match="urn:x:other"):
        fresh_store.replace_graphs(data, ["urn:x:g"])
    with pytest.raises(StoreError, match="named graphs"):
        fresh_store.replace_graphs(b"<urn:x:s> <urn:x:p> <urn:x:o> .\n", ["urn:x:g"])


def _bigger_version(nquads: bytes, extra_per_graph: int) -> bytes:
    """The same graphs, each with `extra_per_graph` new quads: a load that takes a while."""
    lines = nquads.splitlines()
    for name in _by_graph(nquads):
        lines += [
            f'<urn:x:s{i}> <urn:x:p> "v2 {i}" {name} .'.encode() for i in range(extra_per_graph)
        ]
    return b"\n".join(lines) + b"\n"


@pytest.mark.parametrize("strategy", ["update", "gsp"])
def test_a_server_killed_mid_load_leaves_each_graph_old_or_new(
    strategy: str, fresh_server: OxigraphServer, nquads: Path, tmp_path: Path
) -> None:
    v2 = tmp_path / "v2.nq"
    v2.write_bytes(_bigger_version(nquads.read_bytes(), 2500))
    old, new = _by_graph(nquads.read_bytes()), _by_graph(v2.read_bytes())
    load(RemoteStore(f"sparql:{fresh_server.url}", load_strategy=strategy), nquads)
    seen = set()
    for delay in (0.1, 0.4, 0.8):
        store = RemoteStore(f"sparql:{fresh_server.url}", load_strategy=strategy)
        loader = threading.Thread(target=_load_quietly, args=(store, v2))
        loader.start()
        time.sleep(delay)
        fresh_server.kill()  # as a crash would: no clean shutdown
        loader.join(60)
        assert not loader.is_alive()
        fresh_server.start()  # the same data folder
        store = RemoteStore(f"sparql:{fresh_server.url}", load_strategy=strategy)
        quads, triples = _state(store)
        assert triples == _merged(quads), f"default graph out of step after a kill at {delay} s"
        for graph in old:
            held = {q for q in quads if q[0] == graph}
            assert held in (old[graph], new[graph]), f"{graph} half-written (kill at {delay} s)"
            seen.add("new" if held == new[graph] else "old")
        load(store, nquads)  # back to the first version for the next round
    assert seen, "no graph was checked"


def test_a_load_killed_mid_way_leaves_the_embedded_store_old_or_new(
    nquads: Path, tmp_path: Path
) -> None:
    link = tmp_path / "store"
    store = open_store(f"oxigraph:{link}", read_only=False)
    load(store, nquads)
    store.close()
    v2 = tmp_path / "v2.nq"
    v2.write_bytes(_bigger_version(nquads.read_bytes(), 5_000))
    sizes = {_count(nquads), _count(v2)}
    for delay in (1.2, 1.8, 4.0):  # the command takes about 1 s to start
        process = subprocess.Popen(
            [sys.executable, "-m", "kg.cli", "load", str(v2), "--store", f"oxigraph:{link}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        reader = open_store(f"oxigraph:{link}", read_only=True)
        quads, triples = _state(reader)
        assert len(quads) in sizes, f"half-loaded store after a kill at {delay} s"
        assert triples == _merged(quads)
        reader.close()
    load(open_store(f"oxigraph:{link}", read_only=False), nquads)
    assert len(list(tmp_path.glob("store-*"))) == 2  # the next load prunes what kills left


def _count(path: Path) -> int:
    return sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))


def _load_quietly(store: GraphStore, path: Path) -> None:
    with contextlib.suppress(StoreError):  # the server died under it: expected
        load(store, path, batch_quads=3000)
