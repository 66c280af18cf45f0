"""The processes of `kg serve`: one public port and no other, no orphans, bad options refused
before anything starts."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from kg.build.pipeline import BuildReport
from kg.config import Settings
from kg.serve import Endpoint, ServeConfig
from kg.serve.backend import free_port

from .conftest import Served, alive, start_serving, wait_gone, worker_pids


def _listening_inodes() -> dict[int, int]:
    """Socket inode -> port of every listening TCP socket (IPv4 and IPv6) on this machine."""
    found = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A":  # LISTEN
                found[int(fields[9])] = int(fields[1].rsplit(":", 1)[1], 16)
    return found


def _socket_inodes(pid: int) -> set[int]:
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


def test_only_the_public_port_listens(served: Served) -> None:
    listening = _listening_inodes()
    server = {listening[i] for i in _socket_inodes(served.process.pid) if i in listening}
    assert server == {int(served.url.rsplit(":", 1)[1])}  # no internal engine port
    workers = worker_pids(served.process.pid)
    assert workers
    for pid in workers:
        assert _socket_inodes(pid) == set()  # workers talk over pipes, hold no socket


def test_kill_9_of_kg_serve_leaves_no_worker(built: tuple[Settings, BuildReport]) -> None:
    config, _ = built
    service = start_serving(config.build_dir / "store", timeout=5)
    workers = worker_pids(service.process.pid)
    assert workers and all(alive(pid) for pid in workers)
    os.kill(service.process.pid, signal.SIGKILL)
    service.process.wait(timeout=15)
    assert wait_gone(workers), f"orphaned workers: {[p for p in workers if alive(p)]}"


def _run_serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", "serve", *args],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "70000"], "--port 70000"),
        (["--port", "-1"], "--port -1"),
        (["--timeout", "nan"], "--timeout nan"),
        (["--timeout", "-5"], "--timeout -5"),
        (["--max-rows", "0"], "--max-rows 0"),
        (["--workers", "0"], "--workers 0"),
        (["--cors", "evil"], "--cors 'evil'"),
    ],
)
def test_bad_options_are_one_line_errors_before_anything_starts(
    built: tuple[Settings, BuildReport], args: list[str], message: str
) -> None:
    config, _ = built
    done = _run_serve("--store", str(config.build_dir / "store"), *args)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert message in done.stderr, done.stderr
    assert "serving" not in done.stderr


def test_a_port_in_use_is_a_one_line_error(built: tuple[Settings, BuildReport]) -> None:
    config, _ = built
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = _run_serve("--store", str(config.build_dir / "store"), "--port", str(port))
    assert done.returncode == 1 and f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_a_missing_store_is_a_one_line_error(tmp_path: Path) -> None:
    done = _run_serve("--store", str(tmp_path / "nothing"), "--port", str(free_port()))
    assert done.returncode == 1 and "no store here" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_served_url_answers(served: Served) -> None:
    assert httpx.get(f"{served.url}/query", params={"query": "ASK {}"}).status_code == 200


def test_the_endpoint_runs_inside_a_python_process(built: tuple[Settings, BuildReport]) -> None:
    """kg.serve.Endpoint (notebooks, scripts): the same service in a thread; stop() ends its workers."""
    config, _ = built
    settings = ServeConfig(config.build_dir / "store", port=0, log=False, workers=1)
    with Endpoint(settings) as endpoint:
        answer = httpx.get(f"{endpoint.url}/query", params={"query": "ASK { ?s ?p ?o }"})
        assert answer.status_code == 200 and answer.json()["boolean"] is True
        workers = worker_pids(os.getpid())
        assert len(workers) == 1
    assert wait_gone(workers)
