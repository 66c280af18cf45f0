"""`kg build`'s store updated per named graph: the last build's store copied for free, then only
the graphs whose content changed replaced.

A whole write bulk-loads every quad (8 s CPU at 482k quads, and it grows with the corpus) even
when one article changed. So a build that writes the store also keeps, in build/incremental/, a
*base*: a checkpoint of the version it wrote (kg.store.checkpoint: hard links, milliseconds), and
`store.json`, the record of it: the base's folder and fingerprint, the code fingerprint, and
each graph's chunk hash and size. The base is kg build's own: `kg ingest` and `kg load` write
the live version in place, never the base, so the record stays true whatever they do to the
live store; the base is only ever opened read-only, and its fingerprint proves it untouched.

The next build copies the base to a new version folder beside the store link, replaces there
the graphs whose hash changed, drops those that are gone and loads the new ones
(kg.store.replace.replace_graphs: one transaction per batch, the merged default graph kept
right); kg.build.output then switches the link as for a whole write, so readers never see a
half-updated version and a crash leaves the live one as it was. In doubt (no record, another
code fingerprint, a base changed or missing, blank nodes, quads in the default graph) or when a
large share changed, the store is written whole.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox

from kg.atomic import atomic_write_bytes
from kg.errors import StoreError
from kg.store.checkpoint import checkpoint, copy_version, fingerprint
from kg.store.replace import replace_graphs

__all__ = ["Graphs", "Kept", "Plan", "StoreWrite", "apply", "commit", "drop", "keep", "plan"]

RECORD = "store.json"
BASE = "base-"
# Above this share of the quads (old and new, of the graphs that change), write it whole.
# Measured at 1,000 articles (482k quads; whole write 6.6 s CPU): a graph whose title changed
# costs 6 ms (all 1,000 of them 6.3 s), a graph rewritten in every quad 72 ms (100 of them, a
# share of 0.2, 7.2 s). At 0.25 the worst case costs about 1.3x a whole write, small changes
# in up to an eighth of the graphs about a tenth of one.
WHOLE_SHARE = 0.25
BATCH_GRAPHS, BATCH_BYTES = 64, 8 << 20


@dataclass
class Graphs:
    """What a build puts in the store: graph IRI -> its chunk (sorted N-Quads lines)."""

    chunks: Mapping[str, bytes]
    code: str  # the build's code fingerprint: a base written by other code is not reused
    folder: Path  # build/incremental/: the base and its record
    reuse: bool = True  # False (kg build --full): write the store whole, keep a base anyway
    known: Mapping[str, str] = field(default_factory=dict)  # sha256 of chunks, hashed already

    @cached_property
    def digests(self) -> dict[str, list[object]]:
        """Graph -> [sha256 of its chunk, its size]."""
        known = self.known
        return {
            g: [known.get(g) or hashlib.sha256(c).hexdigest(), len(c)]
            for g, c in self.chunks.items()
        }


@dataclass
class StoreWrite:
    """How the store was written, for the build report."""

    way: str  # "whole" or "per graph"
    why: str = ""  # why it was written whole
    replaced: int = 0  # graphs replaced or dropped, per graph
    added: int = 0  # graphs loaded, per graph
    removed: int = 0  # of `replaced`: graphs dropped
    seconds: float = 0.0
    cpu: float = 0.0  # process CPU seconds (the store's own threads included)
    kept: bool = False  # a base for the next build's update was recorded


@dataclass(frozen=True)
class Plan:
    base: Path
    recorded: frozenset[str]  # the graphs the base holds
    held: list[str]  # graphs of the base to replace (changed) or drop (gone)
    new: list[str]  # graphs the base lacks
    removed: int


@dataclass(frozen=True)
class Kept:
    """The next base, checkpointed from the new version before it goes live, and its record."""

    base: Path
    record: dict[str, object] = field(default_factory=dict)


def _record(folder: Path) -> dict[str, object] | None:
    try:
        data = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        if isinstance(data["base"], str) and isinstance(data["graphs"], dict):
            return dict(data)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _fingerprint(base: Path) -> str | None:
    try:
        return fingerprint(base) if base.is_dir() and not base.is_symlink() else None
    except OSError:
        return None


def plan(graphs: Graphs, total: int) -> tuple[Plan | None, str]:
    """(the graphs to change, "") or (None, why the store must be written whole); `total` is
    the size of all the build's N-Quads."""
    if not graphs.reuse:
        return None, "asked for (--full)"
    if "" in graphs.chunks:
        return None, "quads in the default graph"
    record = _record(graphs.folder)
    if record is None:
        return None, f"no earlier store to update (no {graphs.folder.name}/{RECORD})"
    if record.get("code") != graphs.code:
        return None, "the code or the model changed since the last store"
    base = graphs.folder / str(record["base"])
    if _fingerprint(base) != record.get("fingerprint"):
        return None, f"{base}: missing or changed since it was recorded"
    old: dict[str, list[object]] = record["graphs"]  # type: ignore[assignment]
    new = graphs.digests
    changed = [g for g in new if g in old and old[g][0] != new[g][0]]
    gone = [g for g in old if g not in new]
    added = [g for g in new if g not in old]
    cost = sum(int(new[g][1]) for g in changed + added)  # type: ignore[call-overload]
    cost += sum(int(old[g][1]) for g in changed + gone)  # type: ignore[call-overload]
    if cost > WHOLE_SHARE * max(total, 1):
        return None, f"{cost / max(total, 1):.0%} of the quads changed"
    if any(b"_:" in graphs.chunks[g] for g in changed + added):
        return None, "blank nodes in a changed graph"
    return Plan(base, frozenset(old), sorted(changed + gone), sorted(added), len(gone)), ""


def _batches(names: Sequence[str], chunks: Mapping[str, bytes]) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for name in names:
        if batch and (
            len(batch) == BATCH_GRAPHS or size + len(chunks.get(name, b"")) > BATCH_BYTES
        ):
            yield batch
            batch, size = [], 0
        batch.append(name)
        size += len(chunks.get(name, b""))
    if batch:
        yield batch


def apply(plan: Plan, graphs: Graphs, target: Path) -> ox.Store:
    """A new store in `target` (which must not exist): the base with the planned graphs
    replaced, open for writing. StoreError if the base does not hold the recorded graphs;
    OSError or SyntaxError if a write fails (the caller removes `target`)."""
    store = copy_version(plan.base, target)
    try:
        held = {g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)}
        if held != plan.recorded:
            raise StoreError(f"{plan.base}: does not hold the graphs its record lists")
        for names in [*_batches(plan.held, graphs.chunks), *_batches(plan.new, graphs.chunks)]:
            nquads = b"".join(graphs.chunks.get(name, b"") for name in names)
            replace_graphs(store, nquads, names)
    except BaseException:
        del store
        raise
    return store


def keep(store: ox.Store, graphs: Graphs, target: Path, *, checked: bool = False) -> Kept | None:
    """Checkpoint the new version `store` (in `target`) as the next build's base; None when it
    cannot be made (a base is an optimisation: it never fails a build). `checked`: no graph
    has blank nodes (a per-graph update: its base had none, its changed graphs neither)."""
    if not checked and any(b"_:" in chunk for chunk in graphs.chunks.values()):
        return None  # blank nodes: their labels in the store are not those of kg.nq
    base = graphs.folder / f"{BASE}{target.name}"
    try:
        graphs.folder.mkdir(parents=True, exist_ok=True)
        checkpoint(store, base)
        record: dict[str, object] = {
            "base": base.name,
            "fingerprint": fingerprint(base),
            "code": graphs.code,
            "graphs": graphs.digests,
        }
    except OSError:
        shutil.rmtree(base, ignore_errors=True)
        return None
    return Kept(base, record)


def commit(kept: Kept | None, folder: Path) -> bool:
    """Record `kept` as the base of the next build, once its version is live, and remove the
    other bases. Without one, the old record stays: it is still true of its own base."""
    if kept is None:
        return False
    try:
        atomic_write_bytes(folder / RECORD, json.dumps(kept.record, sort_keys=True).encode())
    except OSError:
        drop(kept)
        return False
    for other in folder.glob(f"{BASE}*"):
        if other != kept.base and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
    return True


def drop(kept: Kept | None) -> None:
    """Remove a base whose version never went live."""
    if kept is not None:
        shutil.rmtree(kept.base, ignore_errors=True)
