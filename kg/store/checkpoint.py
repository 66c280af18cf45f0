"""Copies of a store version that cost almost nothing, and a proof that a copy is untouched.

`Store.backup` writes a RocksDB checkpoint: the immutable table files are hard-linked (on the same
file system), only the small manifest and log files are copied, so a version of any size is
copied in milliseconds and with almost no disk. Taken from a read-only handle, it changes
nothing in the source (readers of a live version are not disturbed, and its fingerprint stays).

`fingerprint` hashes every file name of a version folder with its size and modification time:
a write, even opening the folder for writing (which starts a new log and manifest), changes it;
opening it read-only does not. RocksDB's info logs (LOG, LOG.old.*) hold no data and are left
out. Table files never change once written, so a hard link shared with another version keeps
its size and time whatever that version does.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pyoxigraph as ox

__all__ = ["checkpoint", "copy_version", "fingerprint"]


def checkpoint(store: ox.Store, target: Path) -> None:
    """A copy of `store` (opened from a folder) in `target`, which must not exist; OSError if
    it cannot be written."""
    store.backup(str(target))


def copy_version(source: Path, target: Path) -> ox.Store:
    """Copy the version folder `source` to `target` (read-only on `source`) and open the copy
    for writing; OSError if either cannot be opened or written."""
    original = ox.Store.read_only(str(source))
    try:
        checkpoint(original, target)
    finally:
        del original
    return ox.Store(str(target))


def fingerprint(folder: Path) -> str:
    """One hash of the data files of a version folder: names, sizes, modification times."""
    digest = hashlib.sha256()
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name == "LOG" or entry.name.startswith("LOG.old"):
                continue
            stat = entry.stat(follow_symlinks=False)
            digest.update(f"{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()
