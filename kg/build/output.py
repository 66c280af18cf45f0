"""Write the built graph: `kg.trig`, `kg.nq` and a new embedded store version, all or none.

Every output is staged first (temporary files beside the targets, a fresh store folder beside
the `store` link) and only when all three are complete are they moved into place: renames, which
need no space. A full disk or a read-only folder fails while staging, so the previous outputs
stay as they were, agreeing with each other, and what was staged is removed: one OutputError
names the file. Readers of the old store keep it until they reopen (the link switches in one
rename). Bytes do not depend on the process: N-Quads are sorted lines, TriG is written from
quads sorted by graph, subject, predicate and object.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from kg.atomic import fsync_dir, remove_stale_temporaries, stage_file
from kg.errors import OutputError, StoreError
from kg.lock import writer_lock
from kg.store.exporting import PREFIXES
from kg.store.merged import write_version
from kg.store.swap import discard, new_version, prune, stage_link, switch

__all__ = ["Outputs", "canonical_nquads", "canonical_trig", "write_outputs"]


def canonical_nquads(dataset: Dataset) -> bytes:
    """N-Quads, one quad per line, sorted: the same graph always gives the same bytes."""
    data = dataset.serialize(format="nquads", encoding="utf-8")
    lines = sorted(set(data.splitlines()))
    return b"\n".join(line for line in lines if line.strip()) + b"\n"


def canonical_trig(nquads: bytes) -> bytes:
    """TriG of canonical N-Quads, one block per graph, in an order fixed by the quads alone
    (rdflib's TriG writer orders graphs by Python's per-process hash seed)."""
    quads = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
    quads.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b""


@dataclass(frozen=True)
class Outputs:
    trig: Path
    nquads: Path
    store: Path | None


def _failed(path: Path, error: OSError) -> OutputError:
    reason = error.strerror or str(error)
    return OutputError(path, f"cannot write: {reason}; the previous build outputs are unchanged")


@contextlib.contextmanager
def _naming(path: Path) -> Iterator[None]:
    """Turn an OSError while writing `path` into one OutputError naming it."""
    try:
        yield
    except OSError as error:
        raise _failed(path, error) from None


def _stage(path: Path, data: bytes, staged: list[Path]) -> None:
    with _naming(path), stage_file(path) as (handle, tmp):
        staged.append(tmp)
        handle.write(data)


def _load_version(nquads: bytes, link: Path) -> Path:
    """A new store folder beside `link` holding `nquads` and their merged default graph, written
    in one bulk load (kg.store.merged)."""
    target = new_version(link)
    try:
        with _naming(target):
            store = write_version(target, nquads).store
            store.flush()
            del store
    except BaseException:
        discard(target)
        raise
    return target


def write_outputs(
    nquads: bytes, folder: Path, *, trig: bytes | None = None, store: bool = True
) -> Outputs:
    """Replace kg.trig, kg.nq and (with `store`) the store behind `folder/store`: all or none."""
    folder = Path(folder)
    link = folder / "store"
    if store and link.exists() and not link.is_symlink():
        raise StoreError(f"{link}: exists and is not a store link made by kg build; move it away")
    with _naming(folder):
        folder.mkdir(parents=True, exist_ok=True)
    with writer_lock(link):
        remove_stale_temporaries(folder)
        trig_path, nq_path = folder / "kg.trig", folder / "kg.nq"
        staged: list[Path] = []
        target: Path | None = None
        new_link: Path | None = None
        try:
            _stage(trig_path, canonical_trig(nquads) if trig is None else trig, staged)
            _stage(nq_path, nquads, staged)
            if store:
                target = _load_version(nquads, link)
                with _naming(link):
                    new_link = stage_link(link, target)
        except BaseException:
            for tmp in staged:
                tmp.unlink(missing_ok=True)
            if target is not None:
                discard(target)
            raise
        previous = link.resolve() if link.is_symlink() else None
        with _naming(folder):  # renames only from here: they need no space
            os.replace(staged[1], nq_path)
            os.replace(staged[0], trig_path)
            if target is not None:
                switch(link, target, new_link)
            fsync_dir(folder)
        if target is not None:
            prune(link, keep={p for p in (target, previous) if p is not None})
        return Outputs(trig_path, nq_path, target)
