"""The one writer lock of a build folder: `kg build`, `kg ingest` and `kg load` all take it.

It is an exclusive `flock` on `.store.lock` beside the store link (`build/.store.lock` for the
default store), held for the whole read-modify-swap: a build reads `build/ingested/` and swaps the
store under it, an ingest writes graphs and the manifest under it, so neither can lose the other's
work. A second writer gets StoreBusy at once instead of waiting. The lock is re-entrant within a
process (a build that writes the store takes it once), and the kernel drops it when a writer dies.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from kg.errors import StoreBusy, StoreError

__all__ = ["lock_path", "writer_lock"]

_held: dict[Path, int] = {}  # lock file -> depth, for this process
_guard = threading.Lock()


def lock_path(link: Path) -> Path:
    """The lock file of the store at `link`: `.NAME.lock` beside it."""
    link = Path(link)
    return link.parent / f".{link.name}.lock"


@contextlib.contextmanager
def writer_lock(link: Path) -> Iterator[None]:
    """Hold the exclusive writer lock of the store at `link`; StoreBusy at once if taken."""
    path = lock_path(link).absolute()
    with _guard:
        if path in _held:
            _held[path] += 1
            fd = -1
        else:
            fd = _acquire(path, link)
            _held[path] = 1
    try:
        yield
    finally:
        with _guard:
            _held[path] -= 1
            if not _held[path]:
                del _held[path]
                if fd >= 0:
                    os.close(fd)


def _acquire(path: Path, link: Path) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
    except OSError as error:
        if not path.is_file():
            raise StoreError(f"{link.parent}: cannot write here: {error.strerror}") from None
        fd = os.open(path, os.O_RDONLY)  # a read-only folder: lock anyway, the write will say
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise StoreBusy(
            f"{link}: the store is busy: another build, ingest or load is writing it"
        ) from None
    return fd
