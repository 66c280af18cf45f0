"""RDF from outside: bombs, external entities, remote contexts and malformed files are refused
without any network or file access, and nothing is half-read."""

from __future__ import annotations

import json
import socket
import threading
from pathlib import Path

import pytest

from kg.rdfio import RdfInputError, parse_rdf

BOMB = """<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">
 <rdf:Description rdf:about="http://e/s"><ex:p>&c;</ex:p></rdf:Description>
</rdf:RDF>
"""
XXE = BOMB.replace(
    '<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">',
    '<!ENTITY a SYSTEM "file:///etc/passwd">',
)


@pytest.fixture
def listener() -> tuple[str, list[bytes]]:
    """A loopback socket that records any connection: the parser must never open one."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.5)
    seen: list[bytes] = []

    def accept() -> None:
        try:
            connection, _ = server.accept()
            seen.append(connection.recv(1024))
            connection.close()
        except OSError:
            pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", seen
    thread.join(1)
    server.close()


@pytest.mark.parametrize(("name", "content"), [("bomb.rdf", BOMB), ("xxe.rdf", XXE)])
def test_xml_entities_are_refused(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RdfInputError, match="DOCTYPE") as caught:
        parse_rdf(path)
    assert name in str(caught.value)


def test_remote_jsonld_context_is_never_fetched(
    tmp_path: Path, listener: tuple[str, list[bytes]]
) -> None:
    url, seen = listener
    path = tmp_path / "remote.jsonld"
    path.write_text(
        json.dumps({"@context": f"{url}/ctx.jsonld", "@id": "http://e/s", "name": "x"}),
        encoding="utf-8",
    )
    with pytest.raises(RdfInputError, match=r"remote\.jsonld"):
        parse_rdf(path)
    assert seen == []


def test_malformed_turtle_names_the_file_and_returns_nothing(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(
        '<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> <http://e/b> "unclosed .\n',
        encoding="utf-8",
    )
    with pytest.raises(RdfInputError, match=r"broken\.ttl: not valid ttl"):
        parse_rdf(path)


def test_deeply_nested_blank_nodes_parse(tmp_path: Path) -> None:
    depth = 20_000
    path = tmp_path / "deep.ttl"
    path.write_text(
        "<http://e/s> <http://e/p> "
        + "[ <http://e/p> " * depth
        + "<http://e/o>"
        + " ]" * depth
        + " .",
        encoding="utf-8",
    )
    assert len(parse_rdf(path)) == depth + 1


def test_triples_go_into_the_named_graph(tmp_path: Path) -> None:
    path = tmp_path / "g.ttl"
    path.write_text("<http://e/a> <http://e/b> <http://e/c> .", encoding="utf-8")
    (quad,) = parse_rdf(path, graph="http://e/graph")
    assert quad.graph_name.value == "http://e/graph"  # type: ignore[union-attr]


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text("a,b", encoding="utf-8")
    with pytest.raises(RdfInputError, match="unknown RDF format"):
        parse_rdf(path)
