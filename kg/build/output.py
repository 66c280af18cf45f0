"""Write the built graph: `kg.trig`, `kg.nq` and a new embedded store version, all or none.

Every output is staged first (temporary files beside the targets, a fresh store folder beside
the `store` link) and only when all three are complete are they moved into place: renames, which
need no space. The store folder is a copy of the last build's with only the changed graphs
replaced when that can be proven right (kg.build.store_update), else one bulk load of all. A full disk or a read-only folder fails while staging, so the previous outputs
stay as they were, agreeing with each other, and what was staged is removed: one OutputError
names the file. Readers of the old store keep it until they reopen (the link switches in one
rename). Bytes do not depend on the process: N-Quads are sorted lines, TriG is written from
quads sorted by graph, subject, predicate and object.
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.atomic import fsync_dir, remove_stale_temporaries, stage_file
from kg.build import store_update
from kg.build.store_update import Graphs, Kept, StoreWrite
from kg.errors import OutputError, StoreError
from kg.lock import writer_lock
from kg.store.exporting import PREFIXES
from kg.store.merged import write_version
from kg.store.swap import discard, new_version, prune, stage_link, switch

__all__ = ["Outputs", "canonical_trig", "write_outputs"]


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
    written: StoreWrite | None = None  # how the store was written


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
    return _whole(nquads, link, None)[0]


def _whole(nquads: bytes, link: Path, graphs: Graphs | None) -> tuple[Path, Kept | None]:
    """`_load_version`, and with `graphs` a base of it for the next build's update."""
    target, kept = new_version(link), None
    try:
        with _naming(target):
            store = write_version(target, nquads).store
            store.flush()
            if graphs is not None:
                kept = store_update.keep(store, graphs, target)
            del store
    except BaseException:
        discard(target)
        raise
    return target, kept


def _per_graph(
    graphs: Graphs, nquads: bytes, link: Path, way: StoreWrite
) -> tuple[Path, Kept | None] | None:
    """The new version made from the last build's base, per graph; None (`way.why` says why)
    when it must be written whole: not provable, or the update failed (nothing of it is kept)."""
    planned, way.why = store_update.plan(graphs, len(nquads))
    if planned is None:
        return None
    target = new_version(link)
    try:
        store = store_update.apply(planned, graphs, target)
        store.flush()
        kept = store_update.keep(store, graphs, target, checked=True)
        del store
    except (OSError, SyntaxError, StoreError) as error:
        gc.collect()  # the failed update's frames held the store: close it before removing it
        discard(target)
        way.why = f"the per-graph update failed ({error})"
        return None
    except BaseException:
        discard(target)
        raise
    way.way, way.replaced, way.added, way.removed = (
        "per graph",
        len(planned.held),
        len(planned.new),
        planned.removed,
    )
    return target, kept


def _store_version(
    nquads: bytes, link: Path, graphs: Graphs | None
) -> tuple[Path, Kept | None, StoreWrite]:
    """The new store version beside `link`, per graph where it can be, else whole; with
    `graphs`, also the base for the next build's update."""
    started, cpu = time.perf_counter(), time.process_time()
    way = StoreWrite("whole", "no per-graph state given")
    done = _per_graph(graphs, nquads, link, way) if graphs is not None else None
    target, kept = done if done is not None else _whole(nquads, link, graphs)
    way.seconds, way.cpu = time.perf_counter() - started, time.process_time() - cpu
    way.kept = kept is not None
    return target, kept, way


def write_outputs(
    nquads: bytes,
    folder: Path,
    *,
    trig: bytes | None = None,
    store: bool = True,
    graphs: Graphs | None = None,
) -> Outputs:
    """Replace kg.trig, kg.nq and (with `store`) the store behind `folder/store`: all or none.
    `graphs` (the same quads by graph) lets the store be updated per graph from the last
    build's and keeps a base for the next one (kg.build.store_update)."""
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
        kept: Kept | None = None
        written: StoreWrite | None = None
        try:
            _stage(trig_path, canonical_trig(nquads) if trig is None else trig, staged)
            _stage(nq_path, nquads, staged)
            if store:
                target, kept, written = _store_version(nquads, link, graphs)
                with _naming(link):
                    new_link = stage_link(link, target)
        except BaseException:
            for tmp in staged:
                tmp.unlink(missing_ok=True)
            if target is not None:
                discard(target)
            store_update.drop(kept)
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
        if written is not None and graphs is not None:
            written.kept = store_update.commit(kept, graphs.folder)
        return Outputs(trig_path, nq_path, target, written)
