"""Run a call under a wall-clock limit, in a reusable worker thread.

Neither pyoxigraph nor a blocking socket read can be interrupted from Python, so the caller waits
on the call from outside, and on time-out walks away and raises QueryTimeout. The abandoned
worker runs on until the call returns and then exits; its `cancelled` flag lets the call stop
early where it loops in Python (between result rows).

Workers are kept and reused: handing a call to an idle thread costs about 30 µs, starting a new
thread about 150-300 µs, which would be most of the time of a label lookup (0.1 ms).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from kg.errors import QueryTimeout

__all__ = ["Cancelled", "run_with_deadline"]

T = TypeVar("T")


class Cancelled:
    """Handed to the call: `cancelled` turns true once its caller has given up waiting."""

    __slots__ = ("cancelled",)

    def __init__(self) -> None:
        self.cancelled = False


class _Job(Generic[T]):
    __slots__ = ("call", "done", "error", "result", "token")

    def __init__(self, call: Callable[[Cancelled], T]) -> None:
        self.call = call
        self.token = Cancelled()
        self.done = threading.Lock()
        self.done.acquire()
        self.result: T | None = None
        self.error: BaseException | None = None


class _Worker:
    def __init__(self) -> None:
        self.jobs: queue.SimpleQueue[_Job[object] | None] = queue.SimpleQueue()
        threading.Thread(target=self._loop, daemon=True, name="kg-query").start()

    def _loop(self) -> None:
        while (job := self.jobs.get()) is not None:
            try:
                job.result = job.call(job.token)
            except BaseException as error:  # handed over to the waiting caller
                job.error = error
            job.done.release()


_idle: list[_Worker] = []  # list.pop/append are atomic: no lock needed


def run_with_deadline(call: Callable[[Cancelled], T], timeout_s: float | None) -> T:
    """Return call(token), or raise QueryTimeout after `timeout_s` seconds (None: no limit)."""
    if timeout_s is None:
        return call(Cancelled())
    try:
        worker = _idle.pop()
    except IndexError:
        worker = _Worker()
    job: _Job[T] = _Job(call)
    worker.jobs.put(job)  # type: ignore[arg-type]
    if not job.done.acquire(timeout=max(timeout_s, 0.0)):
        job.token.cancelled = True
        worker.jobs.put(None)  # this worker is not reused: it exits once the call returns
        raise QueryTimeout(f"query stopped after {timeout_s:g} s (wall-clock limit)")
    _idle.append(worker)
    if job.error is not None:
        raise job.error
    return job.result  # type: ignore[return-value]
