"""The guard and the engine must read a query alike: whatever the guard lets through makes no
outbound connection when pyoxigraph runs it. A loopback listener counts connections."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import QueryError, QueryRefused
from kg.sparql.guard import check_read_query
from kg.store import OxigraphStore
from tests.listener import Listener


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    spy = Listener()
    yield spy
    spy.close()


@pytest.fixture(scope="module")
def engine() -> ox.Store:
    """A raw pyoxigraph store with one triple, so that a join reaches the SERVICE clause."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("o")))
    return store


def connections_made(engine: ox.Store, listener: Listener, sparql: str) -> int:
    before = listener.count
    try:
        result = engine.query(sparql)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass  # the engine refused or the fake endpoint answered nothing: only connections matter
    return listener.count - before


def smuggled(url: str) -> dict[str, str]:
    """The two holes reported, shaped so that rdflib's reading (the old guard) is a valid query
    without SERVICE: a comment ended by a bare CR, and \\u005C before a quote."""
    return {
        "comment ended by CR": f"SELECT * WHERE {{ ?s ?p ?o #\r SERVICE <{url}> {{ ?s ?p ?o }}\n}}",
        "\\u005C before a quote": (
            f'SELECT * WHERE {{ ?s ?p ?o FILTER(?o != "\\u005C") SERVICE <{url}> {{ ?a ?b ?c }} '
            'FILTER(?o != ") #")\n}'
        ),
    }


def test_the_reported_holes_do_reach_the_engine_unguarded(
    engine: ox.Store, listener: Listener
) -> None:
    """Control: run as is, each smuggled query does connect, so a zero below means something."""
    for sparql in smuggled(listener.url).values():
        assert connections_made(engine, listener, sparql) >= 1, sparql


@pytest.mark.parametrize("name", ["comment ended by CR", "\\u005C before a quote"])
def test_the_reported_holes_are_refused_through_the_python_api(
    store: OxigraphStore, listener: Listener, name: str
) -> None:
    before = listener.count
    with pytest.raises(QueryRefused):
        store.query(smuggled(listener.url)[name])
    assert listener.count == before


@pytest.mark.parametrize("name", ["comment ended by CR", "\\u005C before a quote"])
def test_the_reported_holes_are_refused_through_kg_query(
    store: OxigraphStore, listener: Listener, tmp_path: Path, name: str
) -> None:
    query = tmp_path / "smuggled.rq"
    query.write_bytes(smuggled(listener.url)[name].encode())
    before = listener.count
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "query", str(query), "--store", f"oxigraph:{store.path}"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and "refused" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert listener.count == before


# Mutations that made readers disagree, or could: comments and line ends, escapes, case, Unicode.
LINE_ENDS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0c", "\x0b"]
ODD = ["\u00a0", "\u200b", "\u200d", "\ufeff", "\x00", "\u3000", "\uff33", "\u017f", "\u0130"]


def _escape(char: str, long: bool) -> str:
    return f"\\U{ord(char):08X}" if long else f"\\u{ord(char):04X}"


@st.composite
def mutated(draw: st.DrawFn, url: str) -> str:
    prefix = draw(st.sampled_from(["", f"PREFIX e: <{url}> ", f"PREFIX serviceX: <{url}> "]))
    target = draw(st.sampled_from([f"<{url}>", "e:" if "e:" in prefix else f"<{url}>"]))
    keyword = draw(st.sampled_from(["SERVICE", "service", "SeRvIcE", "SERVICE SILENT"]))
    head = draw(st.sampled_from(["?s ?p ?o", '?s ?p ?o BIND("a" AS ?x)', "?s ?p ?o ."]))
    escape = draw(st.sampled_from(["\\u005C", "\\U0000005C", "\\u0022", "\\\\", "\\\\u0022"]))
    end = draw(st.sampled_from(LINE_ENDS))
    text = draw(
        st.sampled_from(
            [
                f"{prefix}SELECT * WHERE {{ {head} {keyword} {target} {{ ?s ?p ?o }} }}",
                f"{prefix}SELECT * WHERE {{ {head} #{end} {keyword} {target} {{ ?s ?p ?o }}\n}}",
                f'{prefix}SELECT * WHERE {{ {head} FILTER(?o != "{escape}") {keyword} {target} '
                f'{{ ?a ?b ?c }} FILTER(?o != ") #")\n}}',
            ]
        )
    )
    if "serviceX:" in prefix and draw(st.booleans()):
        text = f"{prefix}SELECT * WHERE {{ {head} serviceX:y {{ ?s ?p ?o }} }}"
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, len(text)))
        kind = draw(st.integers(0, 6))
        if kind == 0:  # a comment ended by some line end
            insert = (
                "#"
                + draw(st.sampled_from(["", " x", '"', "'", "<"]))
                + draw(st.sampled_from(LINE_ENDS))
            )
        elif kind == 1:  # a character written as an escape
            if position < len(text):
                insert = _escape(text[position], draw(st.booleans()))
                text = text[:position] + text[position + 1 :]
            else:
                insert = "\\u0020"
        elif kind == 2:  # a bare backslash or an escaped one
            insert = draw(st.sampled_from(["\\", "\\\\", '\\"', "\\u005C", "\\u0022", "\\u0027"]))
        elif kind == 3:  # a quote that may open a string
            insert = draw(st.sampled_from(['"', "'", '"""', "'''"]))
        elif kind == 4:
            insert = draw(st.sampled_from(LINE_ENDS))
        elif kind == 5:
            insert = draw(st.sampled_from(ODD))
        else:  # an escape that a pre-parse expander would turn into syntax
            insert = _escape(draw(st.sampled_from(list("\"'#<>{}\\\n\r"))), draw(st.booleans()))
        text = text[:position] + insert + text[position:]
    return text


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_whatever_the_guard_accepts_makes_no_connection(
    engine: ox.Store, listener: Listener, data: st.DataObject
) -> None:
    sparql = data.draw(mutated(listener.url))
    try:
        check_read_query(sparql)
    except QueryError:
        return  # refused or unreadable: never reaches the engine
    assert connections_made(engine, listener, sparql) == 0, repr(sparql)
