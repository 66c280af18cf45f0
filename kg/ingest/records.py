"""What `kg ingest` has stored: a manifest and one N-Quads file per document (build/ingested/).

The manifest maps a document id to its file, its content hash and an ingest key (content,
metadata, curated data of the document and extractor version): the same key means nothing to
do. A record and its .nq file are written before the store commits the graph (and put back if
the commit fails), so the store never holds a graph the manifest does not know.

Records are appended to `manifest.journal` (one JSON line, fsynced: constant cost per document,
where rewriting manifest.json each time grew with the corpus); `compact()` folds the journal into
manifest.json at the end of a run. A journal line torn by a kill is ignored: its graph was never
committed.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from kg.atomic import atomic_write_bytes, fsync_dir, stage_file
from kg.errors import KGError

__all__ = ["Manifest", "Record", "Undo"]


@dataclass
class Record:
    document: str
    path: str  # the file, resolved ('' when the graph was found in the store without a record)
    content_hash: str
    key: str
    graph: str
    facts: int
    machine_facts: int
    entities: int
    aliases: list[str] = field(default_factory=list)  # other files with the same text


@dataclass(frozen=True)
class Undo:
    """What `put` replaced, for `undo` to put back."""

    document: str
    record: Record | None
    quads: bytes | None


class Manifest:
    """build/ingested/manifest.json, its journal, and the per-document .nq files beside them."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / "manifest.json"
        self.journal = self.folder / "manifest.journal"
        self.records: dict[str, Record] = {}
        self._paths: dict[str, str] = {}  # file (or duplicate file) -> document
        self._hashes: dict[str, set[str]] = {}  # content hash -> documents
        self._indexed: dict[str, tuple[list[str], str]] = {}  # document -> what is indexed
        self._journal_lock = threading.Lock()  # appends come from the writer thread too
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                for value in data.get("documents", {}).values():
                    self._set(Record(**value))
            except (ValueError, TypeError) as error:
                raise KGError(
                    f"{self.path}: unreadable ingest manifest ({error}); move it away to start over"
                ) from error
        self._replay()

    def _replay(self) -> None:
        if not self.journal.exists():
            return
        for line in self.journal.read_bytes().split(b"\n"):
            try:
                entry = json.loads(line)
                if "put" in entry:
                    self._set(Record(**entry["put"]))
                else:
                    self._drop(entry["drop"])
            except (ValueError, TypeError, KeyError):
                continue  # empty, or torn by a kill mid-write: that graph was never committed

    def quads_path(self, document: str) -> Path:
        return self.folder / f"{document}.nq"

    def get(self, document: str) -> Record | None:
        return self.records.get(document)

    def _set(self, record: Record) -> None:
        """Store `record` and index its files and hash (lookups stay constant per document)."""
        self._drop(record.document)
        self.records[record.document] = record
        paths = [p for p in (record.path, *record.aliases) if p]
        for path in paths:
            self._paths[path] = record.document
        self._hashes.setdefault(record.content_hash, set()).add(record.document)
        self._indexed[record.document] = (paths, record.content_hash)

    def _drop(self, document: str) -> None:
        self.records.pop(document, None)
        paths, content_hash = self._indexed.pop(document, ([], ""))
        for path in paths:
            if self._paths.get(path) == document:
                del self._paths[path]
        self._hashes.get(content_hash, set()).discard(document)

    def owner_of(self, path: str) -> Record | None:
        """The record whose file (or one of whose duplicate files) is `path`."""
        document = self._paths.get(path)
        return self.records.get(document) if document is not None else None

    def with_content(self, content_hash: str) -> Record | None:
        """A record of a file with this text (the first by id), or None."""
        for document in sorted(self._hashes.get(content_hash, ())):
            if self.records[document].path:
                return self.records[document]
        return None

    def _before(self, record: Record, quads: bytes | None) -> Undo:
        quads_file = self.quads_path(record.document)
        previous = self.records.get(record.document)
        return Undo(
            record.document,
            replace(previous, aliases=list(previous.aliases)) if previous else None,
            quads_file.read_bytes() if quads is not None and quads_file.exists() else None,
        )

    def put(self, record: Record, quads: bytes | None = None) -> Undo:
        """Write the document's .nq file (if given) and its record, durably; return the undo."""
        before = self._before(record, quads)
        if quads is not None:
            atomic_write_bytes(self.quads_path(record.document), quads)
        self._append({"put": asdict(record)})
        self._set(record)
        return before

    def put_many(self, items: Sequence[tuple[Record, bytes]]) -> list[Undo]:
        """`put` for a batch of distinct documents (`before_many`, `write_many`, `index`)."""
        undos = self.before_many(items)
        self.write_many(items, undos)
        self.index([record for record, _ in items])
        return undos

    def before_many(self, items: Sequence[tuple[Record, bytes]]) -> list[Undo]:
        """What writing `items` would replace, for `undo` to put back."""
        return [self._before(record, quads) for record, quads in items]

    def write_many(self, items: Sequence[tuple[Record, bytes]], undos: Sequence[Undo]) -> None:
        """The durable part of `put_many`, without touching the lookups (so it may run on
        another thread while this one reads them): every .nq file staged (fsynced), renamed
        into place, the folder fsynced once, then all records in one journal write. If anything
        fails, the files already renamed get their previous bytes back (`undos`) and the error
        propagates, no record written."""
        staged: list[tuple[Path, Path]] = []  # (temporary, target)
        try:
            for record, quads in items:
                target = self.quads_path(record.document)
                with stage_file(target) as (handle, tmp):
                    handle.write(quads)
                staged.append((tmp, target))
        except BaseException:
            for tmp, _ in staged:
                tmp.unlink(missing_ok=True)
            raise
        moved = 0
        try:
            for tmp, target in staged:
                os.replace(tmp, target)
                moved += 1
            fsync_dir(self.folder)
            entries: list[dict[str, object]] = [{"put": asdict(r)} for r, _ in items]
            self._append(*entries)
        except BaseException:
            for tmp, _ in staged[moved:]:
                tmp.unlink(missing_ok=True)
            for undo in undos[:moved]:
                self._restore_file(undo)
            raise

    def index(self, records: Sequence[Record]) -> None:
        """Make records written by `write_many` visible to the lookups."""
        for record in records:
            self._set(record)

    def _restore_file(self, undo: Undo) -> None:
        quads_file = self.quads_path(undo.document)
        if undo.quads is not None:
            atomic_write_bytes(quads_file, undo.quads)
        elif undo.record is None:
            quads_file.unlink(missing_ok=True)

    def undo(self, undo: Undo) -> None:
        """Put back what `put` replaced (the store commit after it failed)."""
        self._restore_file(undo)
        if undo.record is None:
            self._append({"drop": undo.document})
            self._drop(undo.document)
        else:
            self._append({"put": asdict(undo.record)})
            self._set(undo.record)

    def _append(self, *entries: dict[str, object]) -> None:
        with self._journal_lock:
            self._append_locked(entries)

    def _append_locked(self, entries: Sequence[dict[str, object]]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        new = not self.journal.exists()
        line = b"".join(json.dumps(e, sort_keys=True).encode("utf-8") + b"\n" for e in entries)
        fd = os.open(self.journal, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            size = os.fstat(fd).st_size
            if size and os.pread(fd, 1, size - 1) != b"\n":
                line = b"\n" + line  # after a line torn by a kill
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        if new:
            fsync_dir(self.folder)

    def compact(self) -> None:
        """Fold the journal into manifest.json (atomically), then drop the journal."""
        if not self.journal.exists():
            return
        self.save()
        with contextlib.suppress(FileNotFoundError):
            self.journal.unlink()

    def save(self) -> None:
        data = {"documents": {k: asdict(v) for k, v in sorted(self.records.items())}}
        atomic_write_bytes(
            self.path, json.dumps(data, indent=1, sort_keys=True).encode("utf-8") + b"\n"
        )
