"""Write the built graph: TriG and N-Quads files (atomically) and the embedded store (swapped in).

The store is built in a fresh folder beside the old one, then the `store` symlink is switched in
one rename: readers keep the old store until they reopen, and a failed build changes nothing.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg.atomic import atomic_write_bytes, fsync_dir
from kg.errors import StoreBusy, StoreError

__all__ = ["canonical_nquads", "write_files", "write_store"]


def canonical_nquads(dataset: Dataset) -> bytes:
    """N-Quads, one quad per line, sorted: the same graph always gives the same bytes."""
    data = dataset.serialize(format="nquads", encoding="utf-8")
    lines = sorted(set(data.splitlines()))
    return b"\n".join(line for line in lines if line.strip()) + b"\n"


def write_files(dataset: Dataset, nquads: bytes, folder: Path) -> tuple[Path, Path]:
    trig = dataset.serialize(format="trig", encoding="utf-8")
    trig_path, nq_path = folder / "kg.trig", folder / "kg.nq"
    atomic_write_bytes(trig_path, trig)
    atomic_write_bytes(nq_path, nquads)
    return trig_path, nq_path


def _lock(link: Path) -> int:
    """An exclusive build lock beside the store: a second writer gets StoreBusy at once."""
    import fcntl

    link.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(link.parent / f".{link.name}.lock", os.O_CREAT | os.O_RDWR, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise StoreBusy(f"{link}: the store is busy: another build or load is writing it") from None
    return fd


def write_store(nquads: bytes, link: Path) -> Path:
    """Bulk-load `nquads` into a new store folder and point `link` at it; return the folder."""
    link = Path(link)
    if link.exists() and not link.is_symlink():
        raise StoreError(f"{link}: exists and is not a store link made by kg build; move it away")
    fd = _lock(link)
    try:
        previous = link.resolve() if link.is_symlink() else None
        target = link.parent / f"{link.name}-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}"
        store = ox.Store(str(target))
        store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        store.bulk_extend(  # the merged default graph: see kg.store.base.MERGE_DEFAULT_GRAPH
            ox.Quad(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, None, None)
            if not isinstance(q.graph_name, ox.DefaultGraph)
        )
        store.flush()
        del store
        tmp_link = link.parent / f".{link.name}.new"
        tmp_link.unlink(missing_ok=True)
        tmp_link.symlink_to(target.name)
        os.replace(tmp_link, link)
        fsync_dir(link.parent)
        _prune(link, keep={target, previous})
        return target
    finally:
        os.close(fd)


def _prune(link: Path, keep: set[Path | None]) -> None:
    """Remove store folders other than the live one and the one before it (readers may hold it):
    older builds and the leftovers of builds that were killed before they switched the link."""
    for folder in link.parent.glob(f"{link.name}-*"):
        if folder.is_dir() and folder.resolve() not in keep:
            shutil.rmtree(folder, ignore_errors=True)
    for stale in link.parent.glob(".*.tmp"):
        stale.unlink(missing_ok=True)
