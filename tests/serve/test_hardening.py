"""`kg serve` under attack from outside: a browser page the user visits, malformed and endless
requests, many clients, a runaway query among normal ones."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from kg.build.pipeline import BuildReport
from kg.config import Settings
from tests.listener import Listener

from .conftest import TIMEOUT_S, Served, start_serving

ALLOWED = "http://allowed.example"
ASK = "ASK { ?s ?p ?o }"
SLOW = 'SELECT * WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f FILTER(CONCAT(STR(?b), STR(?d), STR(?f)) = "x") }'


@pytest.fixture(scope="module")
def strict(built: tuple[Settings, BuildReport]) -> Iterator[Served]:
    """A server with short header and body deadlines and one origin allowed by --cors."""
    config, _ = built
    service = start_serving(
        config.build_dir / "store",
        timeout=60,  # long enough for the memory test's query to reach the cap on a busy machine
        header_timeout=1,
        body_timeout=1,
        cors=ALLOWED,
    )
    yield service
    service.process.terminate()
    service.process.wait(timeout=15)


def port_of(served: Served) -> int:
    return int(served.url.rsplit(":", 1)[1])


def raw(served: Served, request: bytes, *, wait_s: float = 10.0) -> bytes:
    """Send bytes as they are and read the answer until the server closes or `wait_s` passes."""
    with socket.create_connection(("127.0.0.1", port_of(served)), timeout=wait_s) as sock:
        sock.sendall(request)
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
                if b"\r\n\r\n" in received and b"Connection: close" not in received:
                    break
        except (TimeoutError, ConnectionResetError):
            pass
    return received


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


# --- a page the user visits must not drive the endpoint (DNS rebinding, CSRF) ---


def test_a_foreign_host_is_refused(served: Served) -> None:
    rebound = httpx.get(
        f"{served.url}/query",
        params={"query": ASK},
        headers={"Host": f"evil.example:{port_of(served)}"},
    )
    assert rebound.status_code == 421 and "not this server" in rebound.text
    local = httpx.get(
        f"{served.url}/query",
        params={"query": ASK},
        headers={"Host": f"localhost:{port_of(served)}"},
    )
    assert local.status_code == 200


def test_a_cross_origin_form_post_is_refused(served: Served) -> None:
    form = {"query": ASK}
    evil = httpx.post(f"{served.url}/query", data=form, headers={"Origin": "http://evil.example"})
    assert evil.status_code == 403 and "--cors" in evil.text
    assert "access-control-allow-origin" not in evil.headers
    own = httpx.post(f"{served.url}/query", data=form, headers={"Origin": served.url})
    assert own.status_code == 200
    site = httpx.get(f"{served.url}/query", params=form, headers={"Sec-Fetch-Site": "cross-site"})
    assert site.status_code == 403


def test_cors_allows_only_the_origins_named(strict: Served) -> None:
    allowed = httpx.post(f"{strict.url}/query", data={"query": ASK}, headers={"Origin": ALLOWED})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ALLOWED
    preflight = httpx.options(
        f"{strict.url}/query",
        headers={"Origin": ALLOWED, "Access-Control-Request-Method": "POST"},
    )
    assert (
        preflight.status_code == 204 and "POST" in preflight.headers["access-control-allow-methods"]
    )
    other = httpx.post(
        f"{strict.url}/query", data={"query": ASK}, headers={"Origin": "http://evil.example"}
    )
    assert other.status_code == 403


@pytest.mark.parametrize(
    "shape",
    [
        "SELECT * WHERE {{ ?s ?p ?o #\r SERVICE <{url}> {{ ?s ?p ?o }}\n}}",
        'SELECT * WHERE {{ ?s ?p ?o FILTER(?o != "\\u005C") SERVICE <{url}> {{ ?a ?b ?c }} '
        'FILTER(?o != ") #")\n}}',
    ],
)
def test_smuggled_service_is_refused_over_http(
    served: Served, listener: Listener, shape: str
) -> None:
    query = shape.format(url=listener.url)
    response = httpx.post(
        f"{served.url}/query", content=query, headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == 403, response.text
    assert listener.count == 0


# --- malformed and endless requests get an answer, and hold nothing ---


def test_content_length_minus_one_with_a_streamed_body_is_refused_at_once(served: Served) -> None:
    before = rss_kib(served.process.pid)
    head = (
        f"POST /query HTTP/1.1\r\nHost: 127.0.0.1:{port_of(served)}\r\n"
        "Content-Type: application/sparql-query\r\nContent-Length: -1\r\n\r\n"
    ).encode()
    sent = 0
    with socket.create_connection(("127.0.0.1", port_of(served)), timeout=10) as sock:
        sock.sendall(head)
        try:
            while sent < 50 << 20:
                sock.sendall(b"x" * (1 << 20))
                sent += 1 << 20
        except OSError:
            pass  # the server closed the connection: what we want
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    assert sent < 50 << 20  # it did not read the stream to the end
    assert rss_kib(served.process.pid) - before < 30_000


@pytest.mark.parametrize("length", ["abc", "1e3", "0x10", "10, 20"])
def test_a_malformed_content_length_is_a_400(served: Served, length: str) -> None:
    answer = raw(
        served,
        f"POST /query HTTP/1.1\r\nHost: 127.0.0.1:{port_of(served)}\r\n"
        f"Content-Type: application/sparql-query\r\nContent-Length: {length}\r\n\r\nASK {{}}".encode(),
    )
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]


def test_a_chunked_body_over_the_limit_is_a_413(served: Served) -> None:
    head = (
        f"POST /query HTTP/1.1\r\nHost: 127.0.0.1:{port_of(served)}\r\n"
        "Content-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()
    chunk = b"%x\r\n%s\r\n" % (64 * 1024, b"#" * (64 * 1024))
    with socket.create_connection(("127.0.0.1", port_of(served)), timeout=10) as sock:
        sock.sendall(head)
        try:
            for _ in range(40):  # 2.5 MB against a 1 MB limit
                sock.sendall(chunk)
        except OSError:
            pass
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_a_body_that_never_comes_is_a_408(strict: Served) -> None:
    started = time.monotonic()
    answer = raw(
        strict,
        f"POST /query HTTP/1.1\r\nHost: 127.0.0.1:{port_of(strict)}\r\n"
        "Content-Type: application/sparql-query\r\nContent-Length: 1000\r\n\r\nASK".encode(),
    )
    assert answer.startswith(b"HTTP/1.1 408") and time.monotonic() - started < 5


def test_half_sent_requests_are_dropped_and_hold_no_thread(strict: Served) -> None:
    threads_before = _threads(strict.process.pid)
    half = f"GET /query?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1:{port_of(strict)}\r\n".encode()
    stalled = []
    for _ in range(300):
        sock = socket.create_connection(("127.0.0.1", port_of(strict)), timeout=10)
        sock.sendall(half)
        stalled.append(sock)
    try:
        assert httpx.get(f"{strict.url}/query", params={"query": ASK}).status_code == 200
        assert _threads(strict.process.pid) <= threads_before + 4  # not one thread each
        time.sleep(2.0)  # past the 1 s header deadline
        for sock in stalled:
            answer = sock.recv(1024)
            assert answer == b"" or answer.startswith(b"HTTP/1.1 408"), answer
    finally:
        for sock in stalled:
            sock.close()


def _threads(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    raise AssertionError("no Threads line")


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ('SELECT ?x WHERE { BIND("\\u00e9abc" AS ?x) }', 200),
        ("SELECT * WHERE {" + " OPTIONAL {" * 35 + " ?s ?p ?o " + "}" * 35 + "} LIMIT 1", 200),
        ("SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }", 403),
    ],
)
def test_queries_that_dropped_the_connection_get_an_answer(
    served: Served, query: str, status: int
) -> None:
    response = httpx.post(
        f"{served.url}/query", content=query, headers={"Content-Type": "application/sparql-query"}
    )
    assert response.status_code == status, response.text


# --- many clients, and a runaway query among them ---


def _clients(
    url: str, count: int, seconds: float, query: str, first: Callable[[], None] = lambda: None
) -> tuple[list[int], list[str]]:
    """`count` clients querying for `seconds` once all are ready (and `first` has run);
    answers per client, errors."""
    answered, errors = [0] * count, []
    ready = threading.Barrier(count + 1)
    stop = [0.0]

    def client(index: int) -> None:
        with httpx.Client(timeout=60) as http:
            ready.wait()
            while time.monotonic() < stop[0]:
                try:
                    response = http.get(f"{url}/query", params={"query": query})
                    if response.status_code != 200:
                        errors.append(f"{response.status_code} {response.text[:80]}")
                    answered[index] += 1
                except httpx.HTTPError as error:
                    errors.append(repr(error))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    first()
    stop[0] = time.monotonic() + seconds
    ready.wait()
    for thread in threads:
        thread.join()
    return answered, errors


def test_fifty_clients_at_once_all_get_answers(served: Served) -> None:
    answered, errors = _clients(served.url, 50, 3.0, "SELECT ?s WHERE { ?s a ?c } LIMIT 5")
    assert errors == [] and min(answered) >= 1


def test_a_runaway_query_ends_alone(served: Served) -> None:
    outcome: dict[str, object] = {}

    def runaway() -> None:
        response = httpx.post(f"{served.url}/query", data={"query": SLOW}, timeout=60)
        outcome["status"], outcome["text"] = response.status_code, response.text

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)  # the runaway is running in its worker
    answered, errors = _clients(
        served.url, 49, TIMEOUT_S + 1.5, "SELECT ?s WHERE { ?s a ?c } LIMIT 5"
    )
    thread.join()
    assert outcome["status"] == 503 and f"{TIMEOUT_S} s" in str(outcome["text"])
    assert errors == [] and min(answered) >= 1  # every one of the 49 got its answers


def test_a_query_over_the_memory_cap_ends_its_worker_alone(strict: Served) -> None:
    hog = "SELECT ?a ?b ?c ?d WHERE { ?a ?p ?b . ?c ?q ?d } ORDER BY ?b ?d LIMIT 1"
    response = httpx.post(f"{strict.url}/query", data={"query": hog}, timeout=90)
    assert response.status_code == 503 and "memory cap" in response.text, response.text
    after = httpx.get(f"{strict.url}/query", params={"query": ASK})
    assert after.status_code == 200 and "true" in after.text
