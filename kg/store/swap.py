"""Versioned store folders behind a symlink: build a new version aside, switch in one rename.

`build/store` is a link to `build/store-<time>-<pid>-<id>`. A writer makes a new folder beside it,
fills it, then renames a fresh link over the old one: readers keep the version they opened, a
crash or a failed load leaves the link on the old version. One writer at a time, by the lock of
kg.lock beside the link (the `.store.lock` that `kg build`, `kg ingest` and `kg load` all take).
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from pathlib import Path

from kg.atomic import fsync_dir
from kg.errors import StoreError
from kg.lock import writer_lock

__all__ = [
    "discard",
    "is_managed",
    "new_version",
    "prune",
    "scratch_prefix",
    "switch",
    "writer_lock",
]


def is_managed(link: Path) -> bool:
    """A store made by this module or by `kg build`: a symlink to a versioned folder."""
    return link.is_symlink()


def new_version(link: Path) -> Path:
    """A fresh, unique folder name beside `link` (not created)."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    return link.parent / f"{link.name}-{stamp}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def scratch_prefix(link: Path) -> Path:
    """Where a writer keeps scratch files (beside the link, same file system), as a prefix."""
    return link.parent / f".{link.name}-scratch-{os.getpid()}-"


def stage_link(link: Path, target: Path) -> Path:
    """A new link to `target` beside `link`, for `switch` to rename over it (made ahead, so the
    switch itself needs no space)."""
    if link.exists() and not link.is_symlink():
        raise StoreError(f"{link}: exists and is not a store link; move it away")
    tmp_link = link.parent / f".{link.name}.new"
    tmp_link.unlink(missing_ok=True)
    tmp_link.symlink_to(target.name)
    return tmp_link


def switch(link: Path, target: Path, staged: Path | None = None) -> None:
    """Point `link` at `target` in one rename, durable once this returns."""
    tmp_link = staged or stage_link(link, target)
    os.replace(tmp_link, link)
    fsync_dir(link.parent)


def discard(folder: Path) -> None:
    """Remove a version folder that never went live (a failed or refused write)."""
    shutil.rmtree(folder, ignore_errors=True)


def prune(link: Path, keep: set[Path]) -> None:
    """Remove the versions beside `link` other than `keep` (the live one and the one before it,
    which readers may still hold): older versions and leftovers of writers that were killed.
    Called under the writer lock, which every writer of a version takes, so any other folder is
    abandoned."""
    keep = {p.resolve() for p in keep}
    for folder in link.parent.glob(f"{link.name}-*"):
        if folder.is_dir() and not folder.is_symlink() and folder.resolve() not in keep:
            shutil.rmtree(folder, ignore_errors=True)
    for leftover in link.parent.glob(f".{link.name}-scratch-*"):
        leftover.unlink(missing_ok=True)  # left by a writer that was killed
