"""Run the app on uvicorn: our own listening socket, a header deadline, and the worker pool.

The socket is bound before anything else starts, so a port in use is one clear error and port 0
gets a real port to check Host against. uvicorn closes idle keep-alive connections but waits
for the headers of a new request for ever; the protocol below gives each request's headers a
deadline (a half-sent request cannot hold a connection). The backlog (2048) and the connection
limit are sized for many clients on loopback; past the limit uvicorn answers 503.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import Callable
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from kg.errors import KGError
from kg.serve.app import make_app
from kg.serve.config import ServeConfig
from kg.serve.pool import WorkerPool

__all__ = ["Endpoint", "bind", "run"]

LATE = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"


class _HeaderDeadline(H11Protocol):
    """h11 with a deadline on the headers of each request (first and keep-alive ones)."""

    header_timeout_s = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._waiting: object = None
        self._timer: asyncio.TimerHandle | None = None
        self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._waiting = self.cycle
        self._timer = self.loop.call_later(self.header_timeout_s, self._late)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _late(self) -> None:
        self._timer = None
        if self.cycle is self._waiting and not self.transport.is_closing():
            self.transport.write(LATE)
            self.transport.close()

    def handle_events(self) -> None:
        super().handle_events()
        if self._timer is not None and self.cycle is not self._waiting:
            self._disarm()  # a request's headers arrived

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


def bind(port: int, backlog: int) -> socket.socket:
    """A listening socket on 127.0.0.1:`port` (0: any free port); OSError if taken."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
        sock.listen(backlog)
    except OSError as error:
        sock.close()
        raise KGError(f"cannot listen on 127.0.0.1:{port}: {error.strerror or error}") from None
    sock.set_inheritable(False)
    return sock


def _server(config: ServeConfig, sock: socket.socket, pool: WorkerPool) -> uvicorn.Server:
    protocol = type(
        "HeaderDeadline", (_HeaderDeadline,), {"header_timeout_s": config.header_timeout_s}
    )
    app = make_app(config, sock.getsockname()[1], pool)
    settings = uvicorn.Config(
        app,
        http=protocol,
        ws="none",
        lifespan="off",
        loop="asyncio",
        backlog=config.backlog,
        limit_concurrency=config.max_connections,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=5,
        h11_max_incomplete_event_size=64 * 1024,
        server_header=False,
        proxy_headers=False,
        access_log=config.log,
        log_level="info" if config.log else "warning",
        log_config=uvicorn.config.LOGGING_CONFIG if config.log else None,
    )
    return uvicorn.Server(settings)


async def _serve(
    config: ServeConfig, sock: socket.socket, on_ready: Callable[[str], None] | None,
    started: Callable[[uvicorn.Server], Any] | None = None,
) -> None:  # fmt: skip
    pool = WorkerPool(config.store, config.workers, memory_mb=config.worker_memory_mb)
    await pool.start()
    try:
        server = _server(config, sock, pool)
        if started is not None:
            started(server)
        if on_ready is not None:
            on_ready(f"http://127.0.0.1:{sock.getsockname()[1]}")
        await server.serve(sockets=[sock])
    finally:
        await pool.close()


def run(config: ServeConfig, on_ready: Callable[[str], None] | None = None) -> None:
    """Serve until SIGINT/SIGTERM; `on_ready(url)` once the workers are up."""
    config.check()
    if not config.log:
        logging.getLogger("uvicorn.error").setLevel(logging.WARNING)
    sock = bind(config.port, config.backlog)
    try:
        asyncio.run(_serve(config, sock, on_ready))
    finally:
        sock.close()


class Endpoint:
    """The service in a background thread of this process (notebooks, tests); a context manager.
    The workers are tied to that thread: they die when it ends or the process dies."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config.check()
        self._sock = bind(config.port, config.backlog)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._server: uvicorn.Server | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._main, daemon=True, name="kg-serve")

    def _main(self) -> None:
        def started(server: uvicorn.Server) -> None:
            self._server = server

        try:
            asyncio.run(_serve(self.config, self._sock, lambda _: self._ready.set(), started))
        except BaseException as error:  # handed to the thread that waits in start()
            self._error = error
            self._ready.set()

    def start(self) -> Endpoint:
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            raise self._error
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        self._thread.join(timeout=15)
        self._sock.close()

    def __enter__(self) -> Endpoint:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
