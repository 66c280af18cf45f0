"""`kg ingest --workers N` / `--scheduler ADDRESS`: the per-document step on a Dask cluster.

The ingest process plans (reads each file, checks ids, duplicates and keys: kg.ingest.plan),
sends the new or changed documents to the workers (kg.ingest.step.process, a pure function),
and is the only writer: results are committed in batches (kg.ingest.step.commit, one store
transaction per batch) under the writer lock it holds, so the store's guarantees are those of a
single-process run. Each worker builds one extractor (the spaCy model is loaded once per worker
and setup) and keeps it. A worker that dies takes no document with it: the scheduler gives its
tasks to another worker; a document that kills workers again and again fails alone.

A document whose id or text is that of a document still in flight waits for a later round, so
duplicates and id clashes are decided exactly as a single-process run decides them. Dask is
imported only here and only when asked for (it costs half a second).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from kg.errors import KGError
from kg.extract import Extractor
from kg.ingest.collect import Found
from kg.ingest.context import Context
from kg.ingest.plan import Outcomes, prepare, read_found
from kg.ingest.records import Manifest
from kg.ingest.step import Job, Pending, Processed, Setup, commit, process, setup_of

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["BATCH", "Cluster", "ClusterError", "dask_client", "run_job", "run_on_dask"]

BATCH = 32  # documents per store transaction
Progress = Callable[[str, int, int], None]
_CAUGHT = (KGError, OSError, ValueError, RecursionError, MemoryError)


class ClusterError(KGError):
    """The Dask cluster could not be started or reached."""


class Report(Outcomes, Protocol):
    failed: list[tuple[str, str]]
    warnings: list[str]
    machine_facts: int
    curated_facts: int
    model_seconds: float


_EXTRACTORS: dict[str, Extractor] = {}  # per worker process: the extractor of one setup
_BUILDING = threading.Lock()


def _extractor(setup: Setup) -> Extractor:
    with _BUILDING:
        extractor = _EXTRACTORS.get(setup.fingerprint)
        if extractor is None:
            _EXTRACTORS.clear()  # bounded: a worker keeps one model, that of the latest setup
            extractor = _EXTRACTORS[setup.fingerprint] = setup.extractor()
        return extractor


def run_job(job: Job, setup: Setup) -> Processed | str:
    """On a worker: the processed document, or the message of its error (named by its file)."""
    try:
        return process(job, _extractor(setup), setup)
    except KGError as error:
        return str(error)
    except _CAUGHT as error:
        return f"{job.document.path}: {type(error).__name__}: {error}"


@contextlib.contextmanager
def dask_client(workers: int = 0, scheduler: str | None = None) -> Iterator[Client]:
    """A client of the cluster at `scheduler`, or of a new LocalCluster of `workers`
    single-threaded processes bound to 127.0.0.1 (dashboard too), closed afterwards."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise ClusterError(
            f"Dask is not installed ({error}): pip install 'dask[distributed]>=2026.8'"
        ) from None

    with contextlib.ExitStack() as held:
        try:
            if scheduler:
                client = held.enter_context(Client(scheduler, timeout="20s"))  # type: ignore[no-untyped-call]
            else:
                # the workers' sampling profiler cost 10-15% of the extraction time here
                with dask.config.set({"distributed.worker.profile.enabled": False}):
                    cluster = LocalCluster(  # type: ignore[no-untyped-call]
                        n_workers=max(1, workers),
                        threads_per_worker=1,
                        processes=True,
                        host="127.0.0.1",
                        dashboard_address="127.0.0.1:0",
                        silence_logs=logging.CRITICAL,  # heartbeats lost at shutdown are no news
                    )
                held.enter_context(cluster)
                client = held.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as error:
            where = scheduler or "a local cluster on 127.0.0.1"
            raise ClusterError(f"Dask: cannot use {where}: {error}") from None
        yield client


class Cluster:
    """The cluster of a run, started (or reached) only when a document needs extracting: a
    re-run on an unchanged corpus starts no worker and loads no model."""

    def __init__(self, workers: int = 0, scheduler: str | None = None) -> None:
        self.workers, self.scheduler = workers, scheduler
        self._held = contextlib.ExitStack()
        self._client: Client | None = None

    def client(self) -> Client:
        if self._client is None:
            self._client = self._held.enter_context(dask_client(self.workers, self.scheduler))
        return self._client

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self._held.close()


class _Writer:
    """Collects processed documents and commits them a batch at a time."""

    def __init__(
        self, context: Context, manifest: Manifest, present: set[str], report: Report, batch: int
    ) -> None:
        self.context, self.manifest, self.present = context, manifest, present
        self.report, self.size = report, batch
        self.batch: list[tuple[Pending, Processed]] = []
        self.busy_ids: set[str] = set()
        self.busy_texts: set[str] = set()

    def hold(self, pending: Pending) -> None:
        self.busy_ids.add(pending.job.document.id)
        self.busy_texts.add(pending.job.document.content_hash)

    def waits(self, found_id: str, content_hash: str, text: str) -> bool:
        return found_id in self.busy_ids or (bool(text.strip()) and content_hash in self.busy_texts)

    def release(self, pending: Pending) -> None:
        self.busy_ids.discard(pending.job.document.id)
        self.busy_texts.discard(pending.job.document.content_hash)

    def add(self, pending: Pending, done: Processed | str) -> None:
        if isinstance(done, str):
            self.report.failed.append((pending.name, done))
            self.release(pending)
            return
        self.batch.append((pending, done))
        if len(self.batch) >= self.size:
            self.flush()

    def flush(self) -> None:
        batch, self.batch = self.batch, []
        if not batch:
            return
        try:
            commit(batch, self.manifest, self.context.store)
            self._stored(batch)
        except KGError:  # find the document the store refuses: commit them one at a time
            for item in batch:
                try:
                    commit([item], self.manifest, self.context.store)
                    self._stored([item])
                except KGError as error:
                    self.report.failed.append((item[0].name, str(error)))
        finally:
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


def run_on_dask(
    files: list[Found],
    context: Context,
    manifest: Manifest,
    present: set[str],
    force: bool,
    report: Report,
    cluster: Cluster,
    *,
    progress: Progress | None = None,
    batch: int = BATCH,
) -> None:
    """Ingest `files` with the extraction on the cluster's workers; see the module docstring."""
    from distributed import as_completed

    window, shared = 8, None
    writer = _Writer(context, manifest, present, report, batch)
    flying: dict[Any, Pending] = {}
    ready: Any = None  # made with the client: as_completed needs one

    def collect(block: bool) -> None:
        while flying and (block or ready.has_ready()):
            future = next(ready)
            pending = flying.pop(future)
            if future.status == "finished":
                writer.add(pending, future.result())
            elif future.status == "error":  # KilledWorker: it took down workers again and again
                error = future.exception()
                writer.add(pending, f"{pending.name}: {type(error).__name__}: {error}")
            else:  # cancelled: the scheduler went away
                writer.add(pending, f"{pending.name}: Dask task {future.status}; not stored")
            future.release()
            if block:
                return

    number, total, queue = 0, len(files), list(files)
    try:
        while queue:
            later: list[Found] = []
            for found in queue:
                number += 1
                if progress:
                    progress(str(found.path), min(number, total), total)
                try:
                    document = read_found(found, context, manifest)
                    if writer.waits(document.id, document.content_hash, document.text):
                        later.append(found)  # decided once the one in flight is stored
                        continue
                    pending = prepare(document, context, manifest, present, force, report)
                except _CAUGHT as error:
                    report.failed.append((str(found.path), _message(found, error)))
                    continue
                if pending is None:
                    continue
                if shared is None:  # the first job: start the cluster, send the setup once
                    client = cluster.client()
                    shared = client.scatter(setup_of(context), broadcast=True, hash=False)  # type: ignore[no-untyped-call]
                    workers = len(client.scheduler_info(n_workers=-1).get("workers", {}))
                    window = max(8, 4 * workers)  # in flight: memory flat in the corpus size
                    ready = as_completed()  # type: ignore[no-untyped-call]
                writer.hold(pending)
                future = cluster.client().submit(run_job, pending.job, shared, pure=False)
                flying[future] = pending
                ready.add(future)
                collect(block=False)
                while len(flying) >= window:
                    collect(block=True)
            while flying:
                collect(block=True)
            writer.flush()
            queue = later
    finally:
        writer.flush()  # what is done is kept, even when the run is interrupted


def _message(found: Found, error: BaseException) -> str:
    if isinstance(error, KGError):
        return str(error)
    return f"{found.path}: {type(error).__name__}: {error}"
