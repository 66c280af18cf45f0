"""A small pool of query workers (kg.serve.worker) driven from the server's event loop.

Each query takes an idle worker, sends it one frame over its stdin and waits for the reply on its
stdout. A query past the time limit gets its worker killed (the only sure way to stop Oxigraph
mid-query) and a fresh one started in the background; the other workers, and the queries they
are running, are not touched. A worker that dies on its own (a crash, the memory limit) is
replaced the same way. Waiting for an idle worker has its own limit, so that a burst of queries
queues instead of failing, and a stuck queue answers 503 instead of hanging.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import StoreError
from kg.serve.worker import HEADER, MAX_FRAME

__all__ = ["Busy", "Overrun", "Reply", "WorkerCrashed", "WorkerPool"]

START_TIMEOUT_S = 30.0


class Overrun(Exception):
    """The query ran past its limit; its worker was killed."""


class WorkerCrashed(Exception):
    """The worker died while running the query."""


class Busy(Exception):
    """No worker became free in time."""


@dataclass(frozen=True)
class Reply:
    header: dict[str, Any]
    body: bytes


class _Worker:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.serving = ""

    async def exchange(self, payload: bytes, timeout_s: float | None) -> bytes:
        assert self.process.stdin is not None and self.process.stdout is not None
        if payload:
            self.process.stdin.write(HEADER.pack(len(payload)) + payload)
            await self.process.stdin.drain()
        reader = self.process.stdout

        async def read() -> bytes:
            (size,) = HEADER.unpack(await reader.readexactly(HEADER.size))
            if size > MAX_FRAME:
                raise WorkerCrashed(f"worker sent a frame of {size} bytes")
            return await reader.readexactly(size)

        return await asyncio.wait_for(read(), timeout_s)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()


def _split(frame: bytes) -> Reply:
    line, _, body = frame.partition(b"\n")
    header = json.loads(line)
    if not isinstance(header, dict):
        raise WorkerCrashed("worker sent a malformed header")
    return Reply(header, body)


class WorkerPool:
    """`size` workers over the store at `link`; `run` sends one request to an idle one."""

    def __init__(
        self, link: Path, size: int, *, memory_mb: int = 0, queue_timeout_s: float = 30.0
    ) -> None:
        self.link = Path(link)
        self.size = size
        self.memory_mb = memory_mb
        self.queue_timeout_s = queue_timeout_s
        self.replaced = 0  # workers killed or lost and replaced, for tests and logs
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closed = False

    @property
    def pids(self) -> list[int]:
        return sorted(w.process.pid for w in self._all)

    async def start(self) -> None:
        """Start every worker; StoreError if the first cannot open the store."""
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)))
        for worker in workers:
            self._idle.put_nowait(worker)

    async def _spawn(self) -> _Worker:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "kg.serve.worker",
            str(self.link), str(os.getpid()), str(self.memory_mb),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=None,
        )  # fmt: skip
        worker = _Worker(process)
        self._all.add(worker)
        try:
            ready = _split(await worker.exchange(b"", START_TIMEOUT_S))
        except (asyncio.IncompleteReadError, TimeoutError, WorkerCrashed, ValueError) as error:
            self._discard(worker)
            raise StoreError(f"{self.link}: a query worker did not start ({error!r})") from None
        if ready.header.get("status") != "ready":
            self._discard(worker)
            raise StoreError(str(ready.header.get("error") or ready.header))
        worker.serving = str(ready.header.get("serving", ""))
        return worker

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        self._all.discard(worker)
        task = asyncio.ensure_future(worker.process.wait())
        task.add_done_callback(lambda _: None)

    def _replace(self, worker: _Worker) -> None:
        """Kill `worker` and start another in the background."""
        self._discard(worker)
        self.replaced += 1
        if self._closed:
            return
        task = asyncio.create_task(self._refill())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _refill(self) -> None:
        delay = 0.1
        while not self._closed:
            try:
                self._idle.put_nowait(await self._spawn())
                return
            except StoreError:  # e.g. the store is being swapped: try again shortly
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)

    async def run(self, request: dict[str, Any], timeout_s: float) -> Reply:
        """The worker's reply; Overrun, WorkerCrashed or Busy otherwise."""
        try:
            worker = await asyncio.wait_for(self._idle.get(), self.queue_timeout_s)
        except TimeoutError:
            raise Busy from None
        payload = json.dumps(request).encode()
        try:
            reply = _split(await worker.exchange(payload, timeout_s))
        except TimeoutError:
            self._replace(worker)
            raise Overrun from None
        except asyncio.CancelledError:  # the client went away mid-query: stop the query too
            self._replace(worker)
            raise
        except (asyncio.IncompleteReadError, ConnectionError, WorkerCrashed, ValueError):
            self._replace(worker)
            raise WorkerCrashed from None
        worker.serving = str(reply.header.get("serving", worker.serving))
        self._idle.put_nowait(worker)
        return reply

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._all):
            worker.kill()
        await asyncio.gather(*(w.process.wait() for w in self._all), return_exceptions=True)
        self._all.clear()
