"""`kg serve` as a user runs it: a separate process on a free loopback port, over a built store."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from kg.build.pipeline import BuildReport
from kg.config import Settings
from kg.serve.backend import free_port
from tests.listener import Listener

TIMEOUT_S = 2
MAX_ROWS = 50


@dataclass
class Served:
    url: str
    store: Path
    process: subprocess.Popen[str]


def start_serving(store: Path, **options: object) -> Served:
    port = free_port()
    args = [sys.executable, "-m", "kg.cli", "serve", "--port", str(port), "--store", str(store)]
    for name, value in options.items():
        args += [f"--{name.replace('_', '-')}", str(value)]
    # The log goes to a file: a pipe nobody reads fills up and blocks the server.
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 - open as long as the server runs
    process = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=log, text=True, env={**os.environ}
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise AssertionError(f"kg serve exited: {log.read()}")
        try:
            httpx.get(f"{url}/", timeout=1)
            return Served(url, store, process)
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError("kg serve did not answer within 30 s")


@pytest.fixture
def listener() -> Iterator[Listener]:
    spy = Listener()
    yield spy
    spy.close()


def worker_pids(server_pid: int) -> list[int]:
    """The query workers of a `kg serve` process: its children running kg.serve.worker."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if parent == server_pid and b"kg.serve.worker" in command:
            pids.append(int(proc.name))
    return sorted(pids)


def alive(pid: int) -> bool:
    """Running (a zombie, dead but not yet reaped, does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def wait_gone(pids: list[int], timeout_s: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not any(alive(pid) for pid in pids):
            return True
        time.sleep(0.05)
    return False


@pytest.fixture(scope="module")
def served(built: tuple[Settings, BuildReport]) -> Iterator[Served]:
    config, _ = built
    service = start_serving(config.build_dir / "store", timeout=TIMEOUT_S, max_rows=MAX_ROWS)
    yield service
    service.process.terminate()
    service.process.wait(timeout=15)
