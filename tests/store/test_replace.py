"""`replace_graphs` on the embedded store: the fast ways (one `load` of new graphs, the difference
of held ones) give the store the old SPARQL update gave, and the default graph stays the merge.

The old way (kg.store.updates.replace_update, one update dropping and re-inserting everything)
runs beside the new one on a second store; after every step both hold the same quads and the
same default graph, which is the merge of the named graphs.
"""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.store import OxigraphStore
from kg.store.replace import replace_graph_parts, replace_graphs
from kg.store.updates import group_by_graph, replace_update

G1, G2, G3 = "urn:x:g1", "urn:x:g2", "urn:x:g3"
SHARED = '<urn:x:s> <urn:x:p> "shared" '
DEFAULT = ox.DefaultGraph()


def _quads(store: ox.Store) -> set[tuple[str, str, str, str]]:
    return {
        (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
        for q in store.quads_for_pattern(None, None, None, None)
        if not isinstance(q.graph_name, ox.DefaultGraph)
    }


def _default(store: ox.Store) -> set[tuple[str, str, str]]:
    return {
        (str(q.subject), str(q.predicate), str(q.object))
        for q in store.quads_for_pattern(None, None, None, DEFAULT)
    }


def _assert_merged(store: ox.Store) -> None:
    assert _default(store) == {q[:3] for q in _quads(store)}


def _old_way(store: ox.Store, nquads: bytes, graphs: list[str]) -> None:
    store.update(replace_update(graphs, group_by_graph(nquads, graphs)))


def _lines(*quads: str) -> bytes:
    return "".join(f"{q} .\n" for q in quads).encode()


def test_a_shared_triple_stays_in_the_default_graph_while_a_graph_holds_it() -> None:
    store = ox.Store()
    first = _lines(
        f"{SHARED}<{G1}>",
        f"{SHARED}<{G2}>",
        f"{SHARED}<{G3}>",
        f"<urn:x:a> <urn:x:p> <urn:x:b> <{G1}>",
    )
    assert replace_graphs(store, first, [G1, G2, G3]) == "load"
    _assert_merged(store)
    # g1 and g2, replaced together, both drop the shared triple: g3 still holds it
    assert (
        replace_graphs(store, _lines(f"<urn:x:a> <urn:x:p> <urn:x:c> <{G1}>"), [G1, G2])
        == "difference"
    )
    assert ("<urn:x:s>", "<urn:x:p>", '"shared"') in _default(store)
    assert ("<urn:x:a>", "<urn:x:p>", "<urn:x:b>") not in _default(store)
    assert store.contains_named_graph(ox.NamedNode(G1)) and not store.contains_named_graph(
        ox.NamedNode(G2)
    )
    _assert_merged(store)
    # the triple moves from g3 to g2 in one batch: it never leaves the default graph
    replace_graphs(store, _lines(f"{SHARED}<{G2}>"), [G2, G3])
    assert ("<urn:x:s>", "<urn:x:p>", '"shared"') in _default(store)
    _assert_merged(store)
    # the last graph that holds it lets it go: so does the default graph
    replace_graphs(store, b"", [G2])
    assert ("<urn:x:s>", "<urn:x:p>", '"shared"') not in _default(store)
    _assert_merged(store)


def _source_graphs(nquads: Path) -> dict[str, list[str]]:
    by_graph: dict[str, list[str]] = {}
    for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
        by_graph.setdefault(quad.graph_name.value, []).append(f"{quad} .\n")  # type: ignore[union-attr]
    return by_graph


def test_random_replacements_give_what_the_old_update_gave(nquads: Path) -> None:
    """Batches of the built graphs, each replaced by a changed copy (quads dropped, moved to
    another graph of the batch, new ones): the two ways agree after every batch."""
    graphs = _source_graphs(nquads)
    names = sorted(graphs)
    new, old = ox.Store(), ox.Store()
    everything = "".join(line for g in names for line in graphs[g]).encode()
    assert replace_graphs(new, everything, names) == "load"
    _old_way(old, everything, names)
    assert _quads(new) == _quads(old) and _default(new) == _default(old)
    rng = random.Random(19)
    ways = set()
    for step in range(8):
        batch = rng.sample(names, rng.randint(1, 3))
        lines = [line for g in batch for line in graphs[g] if rng.random() > 0.2]
        moved = [line.replace(f"<{batch[0]}> .", f"<{batch[-1]}> .") for line in lines[:5]]
        extra = [f'<urn:x:new{step}> <urn:x:p> "{i}" <{rng.choice(batch)}> .\n' for i in range(3)]
        if step == 4:
            lines, moved, extra = [], [], []  # a batch emptied: its graphs go away
        data = "".join(lines + moved + extra).encode()
        ways.add(replace_graphs(new, data, batch))
        _old_way(old, data, batch)
        assert _quads(new) == _quads(old), f"named graphs differ after step {step}"
        assert _default(new) == _default(old), f"default graph differs after step {step}"
        assert sorted(g.value for g in new.named_graphs()) == sorted(  # type: ignore[union-attr]
            g.value
            for g in old.named_graphs()  # type: ignore[union-attr]
        )
        _assert_merged(new)
    assert "difference" in ways  # (after step 4, some graphs are new again: "load")


def test_blank_nodes_take_the_whole_update_and_stay_merged() -> None:
    store = ox.Store()
    data = _lines(f"_:b1 <urn:x:p> <urn:x:o> <{G1}>", f"<urn:x:s> <urn:x:p> _:b1 <{G1}>")
    assert replace_graphs(store, data, [G1]) == "update"  # no stream, no DELETE DATA: the old way
    assert replace_graphs(store, data, [G1]) == "update"
    assert len(_quads(store)) == 2 and len(_default(store)) == 2


@pytest.mark.parametrize("where", ["memory", "disk"])
def test_a_failing_replacement_changes_nothing(where: str, tmp_path: Path) -> None:
    store = OxigraphStore(None if where == "memory" else tmp_path / "store")
    store.replace_graphs(
        _lines(f"{SHARED}<{G1}>", f"<urn:x:a> <urn:x:p> <urn:x:b> <{G2}>"), [G1, G2]
    )
    before = (_quads(store.raw), _default(store.raw))
    broken = [
        _lines(f"<urn:x:n> <urn:x:p> <urn:x:o> <{G3}>")
        + b'<urn:x:n> <urn:x:p> "open <urn:x:g3> .\n',
        _lines(f"<urn:x:n> <urn:x:p> <urn:x:o> <{G1}>")
        + b'<urn:x:n> <urn:x:p> "open <urn:x:g1> .\n',
        _lines(f"<urn:x:n> <urn:x:p> <urn:x:o> <{G3}>", "<urn:x:n> <urn:x:p> <urn:x:g3>"),
        _lines(
            f"<urn:x:n> <urn:x:p> <urn:x:o> <{G3}>",
            "<urn:x:n> <urn:x:p> <urn:x:o> <urn:x:elsewhere>",
        ),
    ]
    for data in broken:
        with pytest.raises(StoreError):
            store.replace_graphs(data, [G1, G3])
        assert (_quads(store.raw), _default(store.raw)) == before


def _parts(nquads: bytes) -> list[tuple[str, bytes]]:
    by_graph: dict[str, list[bytes]] = {}
    for line in nquads.splitlines(keepends=True):
        graph = line.rsplit(b" <", 1)[1].split(b">")[0].decode()
        by_graph.setdefault(graph, []).append(line)
    return [(graph, b"".join(lines)) for graph, lines in by_graph.items()]


def test_graph_by_graph_gives_what_the_whole_batch_gives(nquads: Path) -> None:
    """The ingest writer's way (kg.store.replace.replace_graph_parts: each graph's triples cut by
    byte counts, one bulk load) against replace_graphs on the same batches."""
    graphs = _source_graphs(nquads)
    names = sorted(graphs)
    whole, parts = ox.Store(), ox.Store()
    for first in range(0, len(names), 3):
        batch = names[first : first + 3]
        data = "".join(line for g in batch for line in graphs[g]).encode()
        assert replace_graph_parts(parts, _parts(data)) == "load"
        replace_graphs(whole, data, batch)
    assert _quads(parts) == _quads(whole) and _default(parts) == _default(whole)
    again = [(g, "".join(graphs[g][:2]).encode()) for g in names[:2]]  # held graphs: difference
    assert replace_graph_parts(parts, again) == "difference"
    replace_graphs(whole, b"".join(q for _, q in again), names[:2])
    assert _quads(parts) == _quads(whole) and _default(parts) == _default(whole)
    _assert_merged(parts)


@pytest.mark.parametrize(
    "lines",
    [
        # a literal that reads like the end of a quad of the graph
        [f'<urn:x:a> <urn:x:p> "x <{G1}> ." <{G1}>', f"<urn:x:a> <urn:x:q> <urn:x:b> <{G1}>"],
        # no line end after the last quad, and a part with no quads at all
        [f"<urn:x:a> <urn:x:p> <urn:x:b> <{G1}>"],
    ],
)
def test_lines_the_byte_count_must_not_misread(lines: list[str]) -> None:
    store = ox.Store()
    data = _lines(*lines)
    assert replace_graph_parts(store, [(G1, data.rstrip(b"\n")), (G2, b"")]) == "load"
    assert _quads(store) == {
        (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
        for q in ox.parse(data, format=ox.RdfFormat.N_QUADS)
    }
    _assert_merged(store)


def test_a_part_that_is_not_quads_of_its_graph_is_refused_whole(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    store.replace_parts([(G1, _lines(f"{SHARED}<{G1}>"))])
    before = (_quads(store.raw), _default(store.raw))
    quad = f"<urn:x:a> <urn:x:p> <urn:x:b> <{G2}>"
    broken = [
        _lines(quad, f"<urn:x:a> <urn:x:p> <{G2}>"),  # a triple ending like a quad of G2
        _lines(quad, "<urn:x:a> <urn:x:p> <urn:x:b> <urn:x:elsewhere>"),  # outside the batch
        _lines(quad) + b'<urn:x:a> <urn:x:p> "open .\n',  # a broken line
    ]
    for data in broken:
        with pytest.raises(StoreError):
            store.replace_parts([(G2, data)])
        assert (_quads(store.raw), _default(store.raw)) == before


def test_a_quad_in_the_part_of_another_graph_of_the_batch_is_still_stored() -> None:
    store = ox.Store()
    parts = [(G2, _lines(f"<urn:x:a> <urn:x:p> <urn:x:b> <{G3}>")), (G3, b"")]
    replace_graph_parts(store, parts)  # not cut by byte counts: read as the whole batch
    assert _quads(store) == {("<urn:x:a>", "<urn:x:p>", "<urn:x:b>", f"<{G3}>")}
    _assert_merged(store)
