"""kg.store.merged: a new store version with its named graphs and their merge, the merge cut
from the file's own lines.

The triples cut from the text must give the store that parsing the quads gives, loaded side by
side or one after the other; lines of any other shape must not be cut, whatever they hide (a
comment after the final dot that ends like a graph, blank nodes, blank lines).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.store import merged
from kg.store.merged import graph_lines, graphs_of, triples_of, write_version

NQ = ox.RdfFormat.N_QUADS


def _state(store: ox.Store) -> tuple[set[str], set[str]]:
    named, default = set(), set()
    for q in store.quads_for_pattern(None, None, None, None):
        if isinstance(q.graph_name, ox.DefaultGraph):
            default.add(str(q.triple))
        else:
            named.add(str(q))
    return named, default


def _expected(nquads: bytes) -> tuple[set[str], set[str]]:
    quads = list(ox.parse(nquads, format=NQ))
    return {str(q) for q in quads}, {str(q.triple) for q in quads}


def test_the_triples_are_the_lines_without_their_graph() -> None:
    data = b'<urn:s> <urn:p> "a <urn:x> ." <urn:g> .\n<urn:s> <urn:p> "x"^^<urn:t> <urn:g2> .'
    assert triples_of(data) == b'<urn:s> <urn:p> "a <urn:x> ." .\n<urn:s> <urn:p> "x"^^<urn:t> .\n'
    assert graphs_of(data) == {"urn:g", "urn:g2"}
    assert triples_of(b"") == b"" and graphs_of(b"\n") == set()


@pytest.mark.parametrize(
    "data",
    [
        b"<urn:s> <urn:p> <urn:o> <urn:g> . # a note <urn:g2> .\n",  # would hide the real graph
        b"<urn:s> <urn:p> <urn:o> <urn:g> .\n\n",  # a blank line
        b"_:b <urn:p> <urn:o> <urn:g> .\n",  # blank nodes
        b"<urn:s>\t<urn:p>\t<urn:o>\t<urn:g> .\n",  # other spacing
        b"<urn:s> <urn:p> <urn:o> <urn:g> .\r\n",
    ],
)
def test_other_lines_do_not_go_through_the_stream(data: bytes, tmp_path: Path) -> None:
    assert triples_of(data) is None and graphs_of(data) is None
    store = write_version(tmp_path / "v", data).store  # the parsing path, as correct
    named, default = _state(store)
    assert default == {
        str(q.triple) for q in store if not isinstance(q.graph_name, ox.DefaultGraph)
    }
    if b"_:" not in data:  # bulk loads give blank nodes new names, in the merge as in the graph
        assert (named, default) == _expected(data)


@pytest.mark.parametrize("cores", [1, 2])
def test_the_cut_triples_give_the_store_that_parsing_gives(
    cores: int, nquads: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One load after the other on one core, side by side on two: the same store."""
    monkeypatch.setattr(merged, "_cores", lambda: cores)
    monkeypatch.setattr(merged, "_SIDE_BY_SIDE", 0)  # the bundled graph is small
    data = nquads.read_bytes()
    fast = write_version(tmp_path / "fast", data).store
    from_file = write_version(tmp_path / "file", nquads).store
    slow = ox.Store(str(tmp_path / "slow"))
    merged._parsed(slow, data, ())
    assert _state(fast) == _state(from_file) == _state(slow) == _expected(data)


def test_graphs_the_file_does_not_hold_are_carried_over(nquads: Path, tmp_path: Path) -> None:
    data = nquads.read_bytes()
    previous = write_version(tmp_path / "v1", data).store
    kept = b'<urn:x:s> <urn:x:p> <urn:x:o> <urn:x:kept> .\n<urn:x:s> <urn:x:p> "\\\\1" <urn:x:kept> .\n'
    previous.load(kept, format=NQ)
    one = next(g for g in graphs_of(data) or () if "/source/" in g)
    lines = [line for line in data.splitlines(keepends=True) if f"<{one}> .".encode() in line]
    store, carried, count = write_version(tmp_path / "v2", b"".join(lines[:3]), previous)
    assert count == 3
    named, default = _state(store)
    expected = _expected(
        b"".join(lines[:3])
        + kept
        + b"".join(
            line for line in data.splitlines(keepends=True) if f"<{one}> .".encode() not in line
        )
    )
    assert (named, default) == expected
    assert carried == len(list(previous.named_graphs())) - 1


def test_graph_lines_put_a_dump_in_its_graph() -> None:
    store = ox.Store()
    store.add(
        ox.Quad(
            ox.NamedNode("urn:s"),
            ox.NamedNode("urn:p"),
            ox.Literal('a\\1 "q"'),
            ox.NamedNode("urn:g"),
        )
    )
    dump = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode("urn:g")) or b""
    assert list(ox.parse(graph_lines(dump, "urn:g2"), format=NQ)) == [
        ox.Quad(
            ox.NamedNode("urn:s"),
            ox.NamedNode("urn:p"),
            ox.Literal('a\\1 "q"'),
            ox.NamedNode("urn:g2"),
        )
    ]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"<urn:s> <urn:p> <urn:o> .\n", StoreError),  # a triple: in no named graph
        (b'<urn:s> <urn:p> "open <urn:g> .\n', SyntaxError),
    ],
)
def test_bad_files_are_refused(data: bytes, error: type[Exception], tmp_path: Path) -> None:
    with pytest.raises(error, match="named graphs" if error is StoreError else "line 1"):
        write_version(tmp_path / "v", data)


def test_carried_graphs_with_blank_nodes_keep_them_in_the_merge(tmp_path: Path) -> None:
    previous = ox.Store()
    previous.load(b"_:b <urn:x:p> <urn:x:o> <urn:x:kept> .\n", format=NQ)
    previous.load(b"_:b <urn:x:p> <urn:x:o> .\n", format=NQ)
    data = b"<urn:x:s> <urn:x:p> <urn:x:o> <urn:x:new> .\n"
    store, carried, _ = write_version(tmp_path / "v", data, previous)
    named, default = _state(store)
    assert carried == 1 and len(named) == 2
    assert default == {
        str(q.triple) for q in store if not isinstance(q.graph_name, ox.DefaultGraph)
    }
