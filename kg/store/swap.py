"""Versioned store folders behind a symlink: build a new version aside, switch in one rename.

`build/store` is a link to `build/store-<time>-<pid>-<id>`. A writer makes a new folder beside it,
fills it, then renames a fresh link over the old one: readers keep the version they opened, a
crash or a failed load leaves the link on the old version. One writer at a time, by a lock file
beside the link (the same `.store.lock` that `kg build` takes, so builds and loads exclude each
other).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from kg.atomic import fsync_dir
from kg.errors import StoreBusy, StoreError

__all__ = ["is_managed", "new_version", "prune", "scratch_prefix", "switch", "writer_lock"]


def is_managed(link: Path) -> bool:
    """A store made by this module or by `kg build`: a symlink to a versioned folder."""
    return link.is_symlink()


@contextlib.contextmanager
def writer_lock(link: Path) -> Iterator[None]:
    """Hold the exclusive write lock of `link`; a second writer gets StoreBusy at once."""
    link.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(link.parent / f".{link.name}.lock", os.O_CREAT | os.O_RDWR, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreBusy(
                f"{link}: the store is busy: another build or load is writing it"
            ) from None
        yield
    finally:
        os.close(fd)


def new_version(link: Path) -> Path:
    """A fresh, unique folder name beside `link` (not created)."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    return link.parent / f"{link.name}-{stamp}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def scratch_prefix(link: Path) -> Path:
    """Where a writer keeps scratch files (beside the link, same file system), as a prefix."""
    return link.parent / f".{link.name}-scratch-"


def switch(link: Path, target: Path) -> None:
    """Point `link` at `target` in one rename, durable once this returns."""
    if link.exists() and not link.is_symlink():
        raise StoreError(f"{link}: exists and is not a store link; move it away")
    tmp_link = link.parent / f".{link.name}.new"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(target.name)
    os.replace(tmp_link, link)
    fsync_dir(link.parent)


def prune(link: Path, keep: set[Path]) -> None:
    """Remove the versions beside `link` other than `keep` (the live one and the one before it,
    which readers may still hold): older versions and leftovers of writers that were killed."""
    keep = {p.resolve() for p in keep}
    for folder in link.parent.glob(f"{link.name}-*"):
        if folder.is_dir() and folder.resolve() not in keep:
            shutil.rmtree(folder, ignore_errors=True)
    for scratch in link.parent.glob(f"{scratch_prefix(link).name}*"):
        scratch.unlink(missing_ok=True)  # left by a writer that was killed
