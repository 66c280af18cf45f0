"""The `oxigraph` server binary as a process: started on a loopback port, waited for, stopped.

The tests run `oxigraph serve` as a real remote SPARQL store (kg.store.remote). `kg serve` does
not use it: it runs queries in its own sandboxed workers (kg.serve.pool). The binary comes with
the `oxigraph` PyPI package (beside the Python that runs us, in the venv's bin/); it is started
under a seccomp filter (kg.serve.confine) so that a SERVICE clause sent to it connects nowhere.
"""

from __future__ import annotations

import math
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from kg.errors import StoreError

__all__ = ["OxigraphServer", "free_port", "oxigraph_binary"]

START_TIMEOUT_S = 15.0


def oxigraph_binary() -> Path:
    """The `oxigraph` executable of this environment; StoreError if the package is missing."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = beside if beside.is_file() else shutil.which("oxigraph")
    if not found:
        raise StoreError("the `oxigraph` server binary is not installed: pip install oxigraph")
    return Path(found)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class OxigraphServer:
    """One `oxigraph serve[-read-only]` process over `location`, bound to 127.0.0.1 only."""

    def __init__(
        self,
        location: Path,
        *,
        read_only: bool = True,
        timeout_s: float | None = None,
        port: int | None = None,
    ) -> None:
        self.location = Path(location)
        self.read_only = read_only
        self.timeout_s = timeout_s
        self.port = port
        self.generation = 0  # counts (re)starts, so that concurrent restarts collapse into one
        self.serving: Path | None = None  # the folder the process has open
        self._process: subprocess.Popen[bytes] | None = None
        self._log = Path(tempfile.mkstemp(prefix="kg-oxigraph-", suffix=".log")[1])
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> OxigraphServer:
        with self._lock:
            self._start()
        return self

    def _start(self) -> None:
        location = self.location.resolve()  # a versioned store: serve the live version
        self.serving = location
        if self.read_only and not location.is_dir():
            raise StoreError(f"{self.location}: no store here; run `kg build` first")
        # Through kg.serve.confine: the server can listen but not connect (no SERVICE calls out).
        command = [sys.executable, "-m", "kg.serve.confine", str(oxigraph_binary())]
        command.append("serve-read-only" if self.read_only else "serve")
        command += ["--location", str(location)]
        if self.timeout_s is not None:
            command += ["--timeout-s", str(max(1, math.ceil(self.timeout_s)))]
        for _attempt in range(3):
            port = self.port or free_port()
            with open(self._log, "wb") as log:
                self._process = subprocess.Popen(
                    [*command, "--bind", f"127.0.0.1:{port}"],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                )
            self.port = port
            if self._wait_ready():
                self.generation += 1
                return
            self._kill()
            if "in use" not in self._log_tail():
                break
            self.port = None  # someone took the port: pick another
        raise StoreError(f"oxigraph did not start on {self.location}: {self._log_tail()}")

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process is None or self._process.poll() is not None:
                return False
            try:
                httpx.get(f"{self.url}/", timeout=1.0)
                return True
            except httpx.TransportError:
                time.sleep(0.05)
        return False

    def restart(self, seen_generation: int) -> None:
        """Kill and start again, unless someone already restarted since `seen_generation`."""
        with self._lock:
            if self.generation == seen_generation:
                self._kill()
                self._start()

    def follow(self) -> None:
        """Restart on the live version if `kg build` or `kg load` has switched the store's link
        since the process started (the old version is pruned after the next switch)."""
        seen = self.generation
        if self.read_only and self.serving is not None and self.location.resolve() != self.serving:
            self.restart(seen)

    def stop(self) -> None:
        with self._lock:
            self._kill()
        self._log.unlink(missing_ok=True)

    def kill(self) -> None:
        """Kill the process at once, as a crash would (for fault tests)."""
        if self._process is not None:
            self._process.kill()
            self._process.wait()

    def _kill(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def _log_tail(self) -> str:
        try:
            return self._log.read_text(errors="replace").strip()[-600:] or "(no output)"
        except OSError:
            return "(no log)"

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
