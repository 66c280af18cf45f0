"""`kg serve` answers SPARQL from other processes and refuses what a read-only endpoint must."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import pyoxigraph as ox
import pytest

from kg.build.pipeline import BuildReport
from kg.config import Settings
from kg.query import find_query, list_queries, run_named
from kg.store import OxigraphStore, load, open_store

from .conftest import MAX_ROWS, TIMEOUT_S, Served, start_serving, wait_gone, worker_pids


def _curl(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["curl", "-sS", "-w", "\n%{http_code}", *args], capture_output=True, text=True, timeout=60
    )


def _status_and_body(done: subprocess.CompletedProcess[str]) -> tuple[int, str]:
    body, _, status = done.stdout.rpartition("\n")
    return int(status), body


def test_curl_gets_the_same_answer_as_the_embedded_store(
    served: Served, store: OxigraphStore
) -> None:
    query = find_query("summary-sources")
    done = _curl(
        "-H", "Accept: application/sparql-results+json",
        "--data-urlencode", f"query={query.text}", f"{served.url}/query",
    )  # fmt: skip
    status, body = _status_and_body(done)
    assert status == 200, body
    got = [
        {name: cell["value"] for name, cell in row.items()}
        for row in json.loads(body)["results"]["bindings"]
    ]
    expected = [
        {name: term.value for name, term in zip(result.variables, row, strict=True) if term}
        for result in [run_named(store, "summary-sources")]
        for row in result.rows
    ]
    assert got == expected and len(got) >= 5


SPARQLWRAPPER = """
import json, sys
from SPARQLWrapper import JSON, SPARQLWrapper
client = SPARQLWrapper(sys.argv[1])
client.setQuery("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                "SELECT ?label WHERE { <https://w3id.org/sanctions-kg/id/state/jp> rdfs:label ?label }")
client.setReturnFormat(JSON)
print(json.dumps(client.queryAndConvert()["results"]["bindings"]))
"""


def test_sparqlwrapper_in_another_process(served: Served) -> None:
    done = subprocess.run(
        [sys.executable, "-c", SPARQLWRAPPER, f"{served.url}/sparql"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [{"label": {"type": "literal", "value": "Japan"}}]


class _Spy(BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Spy.seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head":{"vars":["x"]},"results":{"bindings":[]}}')

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def spy() -> Iterator[str]:
    """An HTTP server that records whatever reaches it: SERVICE must not."""
    server = HTTPServer(("127.0.0.1", 0), _Spy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def test_a_service_clause_is_refused_and_never_called(served: Served, spy: str) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{spy}> {{ ?s ?p ?o }} }}"
    status, body = _status_and_body(
        _curl("--data-urlencode", f"query={query}", f"{served.url}/query")
    )
    assert status == 403 and "SERVICE is refused" in body
    assert _Spy.seen == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--data-urlencode", "update=INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }", "/update"],
            "read-only",
        ),
        (["--data-urlencode", "update=LOAD <file:///etc/passwd>", "/update"], "LOAD"),
        (["--data-urlencode", "query=LOAD <file:///etc/passwd>", "/query"], "LOAD"),
        (
            ["--data-urlencode", "query=INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }", "/sparql"],
            "INSERT",
        ),
        (["-G", "--data-urlencode", "query=DELETE WHERE { ?s ?p ?o }", "/query"], "DELETE"),
        (
            [
                "-H",
                "Content-Type: application/sparql-update",
                "--data-binary",
                "DROP ALL",
                "/sparql",
            ],
            "read-only",
        ),
        (
            [
                "-X",
                "PUT",
                "-H",
                "Content-Type: application/n-triples",
                "--data-binary",
                "",
                "/store?default",
            ],
            "read-only",
        ),
        (["-X", "DELETE", "/store?default"], "read-only"),
    ],
)
def test_writes_are_refused_with_a_clear_message(
    served: Served, args: list[str], message: str
) -> None:
    *options, path = args
    status, body = _status_and_body(_curl(*options, f"{served.url}{path}"))
    assert status == 403 and message in body, body


def test_nothing_was_written(served: Served, store: OxigraphStore) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = httpx.post(f"{served.url}/query", data={"query": count})
    served_count = json.loads(response.text)["results"]["bindings"][0]["n"]["value"]
    assert int(served_count) == store.query(count).values()[0][0]


def test_a_syntax_error_is_a_bad_request(served: Served) -> None:
    response = httpx.get(f"{served.url}/query", params={"query": "SELEC ?x WHERE {"})
    assert response.status_code == 400 and "syntax" in response.text


def test_a_runaway_query_is_stopped_and_the_service_goes_on(served: Served) -> None:
    slow = 'SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f FILTER(CONCAT(STR(?b), STR(?d), STR(?f)) = "x") }'
    started = time.monotonic()
    response = httpx.post(f"{served.url}/query", data={"query": slow}, timeout=60)
    assert response.status_code == 503 and f"{TIMEOUT_S} s" in response.text
    assert time.monotonic() - started < TIMEOUT_S * 2 + 3
    after = httpx.get(f"{served.url}/query", params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
    assert after.status_code == 200 and json.loads(after.text)["boolean"] is True


def test_rows_are_capped(served: Served) -> None:
    response = httpx.get(
        f"{served.url}/query",
        params={"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"},
        headers={"Accept": "text/csv"},
    )
    assert response.status_code == 200
    assert len(response.text.strip().splitlines()) == MAX_ROWS + 1  # the header and MAX_ROWS rows
    assert response.headers["KG-Results-Truncated"] == f"max-rows={MAX_ROWS}"


@pytest.mark.parametrize(
    ("query", "accept", "media_type"),
    [
        (
            "SELECT ?s WHERE { ?s a ?c } LIMIT 3",
            "application/sparql-results+xml",
            "application/sparql-results+xml",
        ),
        (
            "SELECT ?s WHERE { ?s a ?c } LIMIT 3",
            "text/tab-separated-values",
            "text/tab-separated-values",
        ),
        ("ASK { ?s ?p ?o }", "application/sparql-results+json", "application/sparql-results+json"),
        ("CONSTRUCT WHERE { ?s a ?c } LIMIT 3", "text/turtle", "text/turtle"),
        (
            "DESCRIBE <https://w3id.org/sanctions-kg/id/state/jp>",
            "application/n-triples",
            "application/n-triples",
        ),
        ("SELECT ?s WHERE { ?s a ?c } LIMIT 3", None, "application/sparql-results+json"),
    ],
)
def test_formats_are_negotiated(
    served: Served, query: str, accept: str | None, media_type: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = httpx.get(f"{served.url}/query", params={"query": query}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith(media_type)
    if media_type == "text/turtle":
        assert len(list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))) == 3
    none = httpx.get(
        f"{served.url}/query", params={"query": query}, headers={"Accept": "image/png"}
    )
    assert none.status_code == 406


def test_the_query_page_works_offline(served: Served) -> None:
    page = httpx.get(f"{served.url}/")
    assert page.status_code == 200 and "<textarea" in page.text
    for named in list_queries():
        assert named.name in page.text  # each named query is offered as an example
    assert "PREFIX kg: <https://w3id.org/sanctions-kg/ontology#>" in html.unescape(page.text)
    assert "/update" not in page.text
    assert re.findall(r'(?:src|href)="([^"]*)"', page.text) == ["page.css", "page.js"]
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    for asset in ("/page.js", "/page.css"):
        response = httpx.get(f"{served.url}{asset}")
        assert response.status_code == 200 and "http" not in response.text
    assert httpx.get(f"{served.url}/elsewhere").status_code == 404


def test_it_listens_on_loopback_only(served: Served) -> None:
    assert served.url.startswith("http://127.0.0.1:")


def test_stopping_it_stops_the_workers_behind_it(built: tuple[Settings, BuildReport]) -> None:
    config, _ = built
    service = start_serving(config.build_dir / "store", timeout=5)
    workers = worker_pids(service.process.pid)
    assert workers, "no query worker found behind kg serve"
    service.process.terminate()  # SIGTERM, as a service manager sends
    service.process.wait(timeout=15)
    assert wait_gone(workers), f"workers {workers} outlived kg serve"


def test_a_new_build_is_served_without_a_restart(
    built: tuple[Settings, BuildReport], tmp_path: Path
) -> None:
    nquads_for_serve = built[0].build_dir / "kg.nq"
    link = tmp_path / "store"
    store = open_store(f"oxigraph:{link}", read_only=False)
    load(store, nquads_for_serve)
    store.close()
    service = start_serving(link, timeout=5)
    ask = {"query": "ASK { <urn:x:new> <urn:x:p> ?o }"}
    try:
        assert json.loads(httpx.get(f"{service.url}/query", params=ask).text)["boolean"] is False
        extra = tmp_path / "extra.nq"
        extra.write_text(
            '<urn:x:new> <urn:x:p> "new" <https://w3id.org/sanctions-kg/graph/extra> .\n'
        )
        writer = open_store(f"oxigraph:{link}", read_only=False)
        load(writer, extra)  # switches the link to a new version, as `kg build` does
        writer.close()
        assert json.loads(httpx.get(f"{service.url}/query", params=ask).text)["boolean"] is True
    finally:
        service.process.terminate()
        service.process.wait(timeout=15)
