"""The process that runs user queries cannot reach the network, whatever the guard lets by.

The guard is bypassed on purpose: a SERVICE query is sent straight to a query worker of
`kg serve` (kg.serve.worker, over its pipes), and a loopback listener must see no connection.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from kg.serve.backend import OxigraphServer
from kg.serve.worker import HEADER
from kg.store import OxigraphStore
from tests.listener import Listener


@pytest.fixture
def listener() -> Iterator[Listener]:
    spy = Listener()
    yield spy
    spy.close()


class Worker:
    """A query worker started as `kg serve` starts it, driven over its pipes by the test."""

    def __init__(self, store: OxigraphStore) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg.serve.worker", str(store.path), str(os.getpid())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.ready = self.read()

    def read(self) -> tuple[dict[str, object], bytes]:
        assert self.process.stdout is not None
        (size,) = HEADER.unpack(self.process.stdout.read(HEADER.size))
        line, _, body = self.process.stdout.read(size).partition(b"\n")
        return json.loads(line), body

    def ask(self, sparql: str, form: str = "SelectQuery") -> tuple[dict[str, object], bytes]:
        assert self.process.stdin is not None
        media = "application/sparql-results+json"
        payload = json.dumps({"query": sparql, "form": form, "media": media, "max_rows": 10})
        self.process.stdin.write(HEADER.pack(len(payload)) + payload.encode())
        self.process.stdin.flush()
        return self.read()


@pytest.fixture
def worker(store: OxigraphStore) -> Iterator[Worker]:
    running = Worker(store)
    yield running
    running.process.kill()
    running.process.wait()


def service_query(url: str) -> str:
    return f"SELECT * WHERE {{ ?s ?p ?o SERVICE <{url}> {{ ?a ?b ?c }} }} LIMIT 1"


def test_unconfined_pyoxigraph_does_connect(listener: Listener) -> None:
    """Control: the same query outside the sandbox reaches the listener."""
    engine = ox.Store()
    engine.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("o")))
    with pytest.raises(OSError):
        list(engine.query(service_query(listener.url)))
    assert listener.count >= 1


def test_a_service_query_past_the_guard_makes_no_connection(
    worker: Worker, listener: Listener
) -> None:
    assert worker.ready[0]["status"] == "ready"
    header, _ = worker.ask(service_query(listener.url))
    assert header["status"] == 403 and "network" in str(header["error"]), header
    assert listener.count == 0
    header, body = worker.ask("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert header["status"] == 200 and json.loads(body)["results"]["bindings"]  # still serving


def test_the_worker_has_no_socket_at_all(worker: Worker) -> None:
    descriptors = os.listdir(f"/proc/{worker.process.pid}/fd")
    targets = [os.readlink(f"/proc/{worker.process.pid}/fd/{fd}") for fd in descriptors]
    assert not [t for t in targets if t.startswith("socket:")], targets
    status = Path(f"/proc/{worker.process.pid}/status").read_text()
    assert "Seccomp:\t2" in status and "NoNewPrivs:\t1" in status


def test_the_oxigraph_server_binary_cannot_call_out(tmp_path: Path, listener: Listener) -> None:
    """The project starts `oxigraph serve` (a real remote store in tests) under kg.serve.confine:
    it answers, but a SERVICE clause sent to it directly connects nowhere."""
    with OxigraphServer(tmp_path / "db", read_only=False, timeout_s=5) as server:
        update = "INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }"
        assert httpx.post(f"{server.url}/update", data={"update": update}).status_code == 204
        answer = httpx.post(
            f"{server.url}/query",
            data={"query": service_query(listener.url)},
            headers={"Accept": "application/sparql-results+json"},
            timeout=30,
        )
        assert "Permission denied" in answer.text or answer.status_code >= 400, answer.text
        plain = httpx.post(f"{server.url}/query", data={"query": "ASK { ?s ?p ?o }"})
        assert plain.status_code == 200 and "true" in plain.text
    assert listener.count == 0
