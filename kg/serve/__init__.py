"""Stage: service. `kg serve`: a read-only SPARQL endpoint and query page on 127.0.0.1.

Oxigraph's own server (`oxigraph serve-read-only`, from the `oxigraph` PyPI package) does the
SPARQL work and serves its YASGUI query page, which works offline. It listens on an internal
loopback port; the public port is a small guard in front of it (kg.serve.proxy), because in our
trials Oxigraph ran SERVICE clauses (an outbound request from a query) and did not stop a query
that streams nothing, even with `--timeout-s` and after the client had gone. The guard refuses
updates, SERVICE, LOAD and foreign FROM (kg.query.guard) with 403, stops queries at the time
limit (503; the Oxigraph process is restarted to end them), and caps the rows it returns.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.serve.backend import OxigraphServer
from kg.serve.proxy import GuardedServer
from kg.serve.service import QueryService

__all__ = ["Endpoint", "ServeConfig", "serve"]


@dataclass(frozen=True)
class ServeConfig:
    store: Path
    port: int = 7878
    timeout_s: float = 10.0
    max_rows: int = 10_000
    log: bool = True


class Endpoint:
    """The running service: Oxigraph behind the guard. Use as a context manager."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.backend = OxigraphServer(config.store, read_only=True, timeout_s=config.timeout_s)
        self.service = QueryService(
            self.backend, timeout_s=config.timeout_s, max_rows=config.max_rows
        )
        self._server: GuardedServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        port = self._server.server_address[1] if self._server else self.config.port
        return f"http://127.0.0.1:{port}"

    def start(self) -> Endpoint:
        """Start Oxigraph, then bind the public port (0: any free port) and serve in a thread."""
        self.backend.start()
        try:
            self._server = GuardedServer(self.config.port, self.service, log=self.config.log)
        except OSError:
            self.backend.stop()
            raise
        self._thread = threading.Thread(
            target=self._server.serve_forever, daemon=True, name="kg-serve"
        )
        self._thread.start()
        return self

    def wait(self) -> None:
        """Block until interrupted (Ctrl-C)."""
        if self._thread is not None:
            self._thread.join()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        self.service.close()
        self.backend.stop()

    def __enter__(self) -> Endpoint:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve(config: ServeConfig, on_ready: Callable[[str], None] | None = None) -> None:
    """Run the endpoint until interrupted; `on_ready(url)` is called once it answers."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)  # stop Oxigraph too when told to stop
    with Endpoint(config) as endpoint:
        if on_ready is not None:
            on_ready(endpoint.url)
        with contextlib.suppress(KeyboardInterrupt):
            endpoint.wait()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
