"""The one writer of an ingest run: processed documents committed a batch at a time.

Both the single-process run and the Dask run hand their processed documents here. A batch is
recorded (its .nq files and journal lines, kg.ingest.records.Manifest.write_many), then its
graphs are replaced in one store transaction. Both run on a thread of its own (the fsyncs and
pyoxigraph let go of the GIL), so the next documents are extracted meanwhile on the other
core; one batch at a time is in that thread's hands, and everything else (the manifest's
lookups, the report, retries) happens on the caller's thread. If the store or the disk refuses
a batch, its records are put back and its documents are committed one at a time, so only the
one refused fails.

Documents on their way (being extracted, in a batch, or in the store's hands) are not in the
manifest and the store yet: a later file with the same id or text must wait (`waits`) until
they are, so that duplicates and id clashes are decided as if each document were committed
before the next one is read.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

from kg.errors import KGError
from kg.ingest.context import Context
from kg.ingest.plan import Outcomes
from kg.ingest.records import Manifest, Record, Undo
from kg.ingest.step import Pending, Processed, commit, record_of

__all__ = ["BATCH", "CEILING", "Report", "Writer", "batch_limit"]

BATCH = 32  # documents per store transaction, at least
# A batch grows with the store, to a quarter of the graphs it holds, up to CEILING documents
# (about 25 MB of N-Quads). Each bulk-loaded batch adds table files whose keys (hashes of
# terms) overlap all the others, so RocksDB merges them into the store's whole lower level:
# at a fixed 32 documents that compaction grew with the store, 7 s of CPU for 1,000 articles
# and 46 s for 3,000. The bulk loader holds about 1.7 MiB per document of its batch: at 512
# a single-process run peaked at 1.2 GiB (10,000 articles); at 256 it took 20% less memory
# for the same store CPU (3,000 articles, 14.7 s of compaction against 15.0 s), and loading
# 10,000 ingested graphs alone 6% less CPU and 45% less memory.
CEILING = 256


def batch_limit(size: int, held: int, coming: int | None = None) -> int:
    """Documents per store transaction when the store holds `held` graphs and at most `coming`
    more documents are on their way: near the end batches shrink, halving with what is left,
    so the last one (written while nothing else is extracted) is small; a big last batch was
    2% of a 1,000-article run, waited for at its end."""
    grown = min(CEILING, held // 4)
    if coming is not None:
        grown = min(grown, coming // 2)
    return max(size, grown)


Batch = list[tuple[Pending, Processed]]
Items = list[tuple[Record, bytes]]


class _Unrecorded(Exception):
    """The batch's records could not be written (its cause says why): nothing to put back."""


class Report(Outcomes, Protocol):
    failed: list[tuple[str, str]]
    warnings: list[str]
    machine_facts: int
    curated_facts: int
    model_seconds: float


class Writer:
    """Collects processed documents and commits them a batch at a time; use it in a `with`
    block (leaving it commits what is left and waits for the store)."""

    def __init__(
        self,
        context: Context,
        manifest: Manifest,
        present: set[str],
        report: Report,
        batch: int = BATCH,
        coming: int | None = None,
    ) -> None:
        self.context, self.manifest, self.present = context, manifest, present
        self.report, self.size = report, batch
        self.coming = coming  # documents that may still be added (the files not yet added)
        self.batch: Batch = []
        self.busy_ids: set[str] = set()
        self.busy_texts: set[str] = set()
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-store-writer")
        self._writing: tuple[Batch, Items, list[Undo], Future[None]] | None = None

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.flush()  # what is done is kept, even when the run is interrupted
        finally:
            self._thread.shutdown(wait=True)

    def hold(self, pending: Pending) -> None:
        """`pending` is on its way: its id and text are taken until it is stored or fails."""
        self.busy_ids.add(pending.job.document.id)
        self.busy_texts.add(pending.job.document.content_hash)

    def waits(self, found_id: str, content_hash: str, text: str) -> bool:
        """Whether a document must wait for those on their way (same id, or same text)."""
        return found_id in self.busy_ids or (bool(text.strip()) and content_hash in self.busy_texts)

    def release(self, pending: Pending) -> None:
        self.busy_ids.discard(pending.job.document.id)
        self.busy_texts.discard(pending.job.document.content_hash)

    def add(self, pending: Pending, done: Processed | str) -> None:
        """A processed document (or the message of its failure); a full batch goes out."""
        if self.coming is not None:
            self.coming = max(0, self.coming - 1)
        if isinstance(done, str):
            self.report.failed.append((pending.name, done))
            self.release(pending)
            return
        self.batch.append((pending, done))
        if len(self.batch) >= self.limit():
            self._send()

    def limit(self) -> int:
        """Documents in the next store transaction: `size`, more as the store grows, fewer
        towards the end."""
        return batch_limit(self.size, len(self.present), self.coming)

    def flush(self) -> None:
        """Commit what is collected and wait until the store has it all."""
        self._send()
        self._settle()

    def _send(self) -> None:
        """Give the batch to the writer thread: its records, then its store transaction."""
        batch, self.batch = self.batch, []
        self._settle()  # one batch at a time in the store's hands
        if not batch:
            return
        items = [(record_of(p, d), d.quads) for p, d in batch]
        try:
            undos = self.manifest.before_many(items)
        except (KGError, OSError):
            self._one_by_one(batch)  # find the document refused
            return
        parts = [(pending.graph, done.quads) for pending, done in batch]
        future = self._thread.submit(self._commit, items, undos, parts)
        self._writing = batch, items, undos, future

    def _commit(self, items: Items, undos: list[Undo], parts: list[tuple[str, bytes]]) -> None:
        """On the writer thread: the batch's .nq files and journal lines (their fsyncs wait
        here, not on the extraction), then its one store transaction. The manifest's lookups
        learn of the batch on the caller's thread, once the store has it (`_settle`)."""
        try:
            self.manifest.write_many(items, undos)
        except (KGError, OSError) as error:
            raise _Unrecorded from error
        with self.context.store_lock:
            self.context.store.replace_parts(parts)

    def _settle(self) -> None:
        """Wait for the batch in the writer thread's hands; on refusal put its records back and
        commit its documents one at a time. Interrupted meanwhile, it still waits for the
        store's answer (the transaction is whole or absent), so the records agree with the
        store."""
        if self._writing is None:
            return
        batch, items, undos, future = self._writing
        self._writing = None
        interrupted: BaseException | None = None
        while True:
            try:
                error = future.exception()
                break
            except BaseException as stop:  # Ctrl-C: the transaction ends either way; wait
                interrupted = stop
        recorded = not isinstance(error, _Unrecorded)
        if isinstance(error, _Unrecorded):
            error = error.__cause__
        if error is None:
            self.manifest.index([record for record, _ in items])
            self._stored(batch)
        elif recorded:
            for undo in reversed(undos):
                self.manifest.undo(undo)
        if isinstance(error, KGError | OSError) and interrupted is None:
            self._one_by_one(batch)  # find the document refused
        else:
            self._release(batch)
        if interrupted is not None:
            raise interrupted
        if error is not None and not isinstance(error, KGError | OSError):
            raise error

    def _one_by_one(self, batch: Batch) -> None:
        for item in batch:
            name = item[0].name
            try:
                with self.context.store_lock:
                    commit([item], self.manifest, self.context.store)
                self._stored([item])
            except KGError as error:
                self.report.failed.append((name, str(error)))
            except OSError as error:
                self.report.failed.append((name, f"{name}: {type(error).__name__}: {error}"))
            finally:
                self.release(item[0])

    def _release(self, batch: Sequence[tuple[Pending, Processed]]) -> None:
        for pending, _ in batch:
            self.release(pending)

    def _stored(self, batch: Sequence[tuple[Pending, Processed]]) -> None:
        for pending, done in batch:
            self.present.add(pending.graph)
            self.report.stored.append(done.document)
            self.report.warnings += done.warnings
            self.report.model_seconds += done.model_seconds
            self.report.machine_facts += done.machine
            self.report.curated_facts += done.curated
