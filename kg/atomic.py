"""Atomic file writes: temporary file in the same folder, fsync, rename, fsync the folder.

A crash or a failed serialisation leaves the previous file whole, never a truncated one. Each
temporary file carries the writer's pid (`.NAME.<pid>.<random>.tmp`), so a clean-up removes only
its own leftovers and those of processes that are gone, never a file another live process is
still writing.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = [
    "atomic_write",
    "atomic_write_bytes",
    "fsync_dir",
    "remove_stale_temporaries",
    "stage_file",
    "temporary_name",
]

_TEMP = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$")


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temporary_name(path: Path) -> Path:
    """A fresh temporary name beside `path`, marked with this process's pid."""
    return path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def stage_file(path: Path) -> Iterator[tuple[IO[bytes], Path]]:
    """Yield (file, temporary path) beside `path`, fsynced when the block ends; the caller renames
    it into place. On error the temporary file is removed and the error propagates."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_name(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _umask_mode())
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle, tmp
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_write(path: Path, mode: str = "wb") -> Iterator[IO[bytes]]:
    """Yield a file to write; it replaces `path` only if the block finishes without error."""
    path = Path(path)
    with stage_file(path) as (handle, tmp):
        yield handle
    try:
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_bytes(path: Path, data: bytes) -> None:
    with atomic_write(path) as handle:
        handle.write(data)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # ours: a failed write removes its own file, so this one is being written
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files in `folder` whose writer process is gone; return them.
    Files of live processes (this one included) are left alone."""
    removed = []
    with contextlib.suppress(OSError):
        for entry in Path(folder).iterdir():
            match = _TEMP.match(entry.name)
            if match and not _alive(int(match.group(1))) and entry.is_file():
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed.append(entry)
    return removed
