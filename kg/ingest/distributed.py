"""`kg ingest --workers N` / `--scheduler ADDRESS`: the per-document step on a Dask cluster.

The ingest process plans (reads each file, checks ids, duplicates and keys: kg.ingest.plan),
sends the new or changed documents to the workers (kg.ingest.step.process, a pure function),
and is the only writer: results are committed in batches (kg.ingest.step.commit, one store
transaction per batch) under the writer lock it holds, so the store's guarantees are those of a
single-process run. Each worker builds one extractor (the spaCy model is loaded once per worker
and setup) and keeps it. A worker that dies takes no document with it: the scheduler gives its
tasks to another worker; a document that kills workers again and again fails alone. The setup
scattered to the workers, if it goes with the workers that held it, is scattered again.

A document whose id or text is that of a document still in flight waits for a later round, so
duplicates and id clashes are decided exactly as a single-process run decides them. The cluster
itself is started or reached in kg.ingest.cluster.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from kg.errors import KGError
from kg.extract import Extractor
from kg.ingest.cluster import Cluster
from kg.ingest.context import Context
from kg.ingest.plan import prepare, read_found
from kg.ingest.records import Manifest
from kg.ingest.step import Job, Pending, Processed, Setup, process, setup_of
from kg.ingest.writer import BATCH, Report, Writer
from kg.sources.collect import Found

__all__ = ["BATCH", "CHUNK", "chunk_size", "run_jobs", "run_on_dask"]

CHUNK = 4  # documents per task: one scheduler round-trip for several documents
Progress = Callable[[str, int, int], None]
_CAUGHT = (KGError, OSError, ValueError, RecursionError, MemoryError)


_RESCATTER = 3  # times a run scatters its setup again after a worker took it down with it
_EXTRACTORS: dict[str, Extractor] = {}  # per worker process: the extractor of one setup
_BUILDING = threading.Lock()


def _extractor(setup: Setup) -> Extractor:
    with _BUILDING:
        extractor = _EXTRACTORS.get(setup.fingerprint)
        if extractor is None:
            _EXTRACTORS.clear()  # bounded: a worker keeps one model, that of the latest setup
            extractor = _EXTRACTORS[setup.fingerprint] = setup.extractor()
        return extractor


def run_jobs(jobs: Sequence[Job], setup: Setup) -> list[Processed | str]:
    """On a worker: each processed document, or the message of its error (named by its file)."""
    return [_run_job(job, setup) for job in jobs]


def _run_job(job: Job, setup: Setup) -> Processed | str:
    try:
        return process(job, _extractor(setup), setup)
    except KGError as error:
        return str(error)
    except _CAUGHT as error:
        return f"{job.document.path}: {type(error).__name__}: {error}"


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
    chunk: int = CHUNK,
) -> None:
    """Ingest `files` with the extraction on the cluster's workers; see the module docstring.

    Documents go out `chunk` to a task, a few tasks per worker in flight (memory flat in the
    corpus size, and every worker has its next task while the writer commits). A task that
    fails as a whole (its worker died again and again) is sent again one document per task, so
    only the document that kills workers fails."""
    with Writer(context, manifest, present, report, batch, coming=len(files)) as writer:
        _feed(files, context, manifest, present, force, report, cluster, writer, progress, chunk)


def _feed(
    files: list[Found],
    context: Context,
    manifest: Manifest,
    present: set[str],
    force: bool,
    report: Report,
    cluster: Cluster,
    writer: Writer,
    progress: Progress | None,
    chunk: int,
) -> None:
    """Plan each file here, send its job out, hand what comes back to the writer."""
    from distributed import as_completed

    window, shared, client, rescattered = 8, None, None, 0
    flying: dict[Any, list[Pending]] = {}
    sent_with: dict[Any, Any] = {}  # each task's scattered setup
    ready: Any = None  # made with the client: as_completed needs one
    gathered: list[Pending] = []

    def scatter_setup() -> Any:
        assert client is not None
        return client.scatter(setup_of(context), broadcast=True, hash=False, timeout=60)

    def setup_again(used: Any) -> bool:
        """After a task was cancelled: the setup scattered to the workers may have gone with a
        killed worker (the scheduler cancels what needs it); scatter it again (once for all the
        tasks cancelled with it, and a few times a run at most)."""
        nonlocal shared, rescattered
        if used is not shared:
            return True  # scattered again since this task was sent
        if rescattered >= _RESCATTER:
            return False
        rescattered += 1
        try:
            shared = scatter_setup()
        except (OSError, TimeoutError):  # the scheduler itself is gone
            return False
        return True

    def send(pendings: list[Pending]) -> None:
        assert client is not None
        jobs = [p.job for p in pendings]
        future = client.submit(run_jobs, jobs, shared, pure=False)
        flying[future] = pendings
        sent_with[future] = shared
        ready.add(future)

    def collect(block: bool) -> None:
        while flying and (block or ready.has_ready()):
            future = next(ready)
            pendings, used = flying.pop(future), sent_with.pop(future)
            if future.status == "finished":
                for pending, done in zip(pendings, future.result(), strict=True):
                    writer.add(pending, done)
            elif future.status == "cancelled" and setup_again(used):
                send(pendings)
            elif len(pendings) > 1:  # one of them may be what kills workers: one per task
                for pending in pendings:
                    send([pending])
            elif future.status == "error":  # KilledWorker: it took down workers again and again
                error = future.exception()
                writer.add(pendings[0], f"{pendings[0].name}: {type(error).__name__}: {error}")
            else:  # cancelled: the scheduler went away
                name = pendings[0].name
                writer.add(pendings[0], f"{name}: Dask task {future.status}; not stored")
            future.release()
            if block:
                return

    def flush_gathered() -> None:
        if gathered:
            send(gathered[:])
            gathered.clear()
        collect(block=False)
        while len(flying) >= window:
            collect(block=True)

    number, total, queue = 0, len(files), list(files)
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
                shared = scatter_setup()
                workers = len(client.scheduler_info(n_workers=-1).get("workers", {}))
                window = max(4, 3 * workers)  # tasks in flight
                ready = as_completed()  # type: ignore[no-untyped-call]
            writer.hold(pending)
            gathered.append(pending)
            if len(gathered) >= chunk_size(chunk, total - number, window):
                flush_gathered()
        flush_gathered()
        while flying:
            collect(block=True)
        writer.flush()
        queue = later


def chunk_size(chunk: int, left: int, window: int) -> int:
    """Documents in the next task when `left` files are still to read and `window` tasks fly:
    single documents for the last windowful, so the workers finish together (with `chunk` to
    a task to the end, one worker could be left with a whole task to do alone)."""
    return chunk if left >= window * chunk else 1


def _message(found: Found, error: BaseException) -> str:
    if isinstance(error, KGError):
        return str(error)
    return f"{found.path}: {type(error).__name__}: {error}"
