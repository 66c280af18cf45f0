"""`kg ingest PATH...`: read articles, extract, and store each one's named graph.

The whole run holds the writer lock of the build folder and of the store (kg.lock), so a
`kg build` or `kg load` cannot swap the store under it. For each file: read it (a bad file is
reported with its name and the batch goes on), give it an id that no other file holds
(kg.sources.identity), skip it if its text is already stored under another name (reported as a
duplicate; both names point at one document) or if the manifest says it is unchanged and the
store still has its graph, else extract, build its named graph and commit last, a batch of
documents at a time (kg.ingest.writer): the .nq files and manifest records first, then the
store's one-transaction replace of those graphs (the records are put back if the store refuses,
and the batch is tried again one document at a time). Nothing outside the document's graph changes, except that an
empty store first gets the ontology and reference graphs.

The per-document steps live apart (kg.ingest.plan: what a file needs; kg.ingest.step: the
extraction as a pure function, and the commit), so that `workers`/`scheduler` can run the
extraction on Dask (kg.ingest.distributed) while this process stays the only writer.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.atomic import remove_stale_temporaries
from kg.config import Settings, settings
from kg.dates import PartialDate
from kg.errors import KGError, OutputError
from kg.extract.pipeline import MAX_CHARS
from kg.ingest.cluster import Cluster
from kg.ingest.context import Context
from kg.ingest.distributed import run_on_dask
from kg.ingest.plan import prepare, read_found
from kg.ingest.reconcile import reconcile
from kg.ingest.records import Manifest
from kg.ingest.step import Setup, process, setup_of
from kg.ingest.writer import Writer
from kg.iris import ONTOLOGY_GRAPH, REFERENCE_GRAPH
from kg.lock import writer_lock
from kg.rdf.assemble import assemble
from kg.rdf.canonical import canonical_nquads
from kg.sources.collect import Found, collect
from kg.store import GraphStore, OxigraphStore, open_store

__all__ = ["IngestReport", "collect_paths", "ingest_paths"]

GREW_BY = 8  # a run that adds 1/8 of the store's graphs or more compacts it at its end

Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, error)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, what it repeats)
    warnings: list[str] = field(default_factory=list)
    reconciled: list[str] = field(default_factory=list)
    compacted: bool = False  # the store was compacted after its batches (OxigraphStore.compact)
    machine_facts: int = 0
    curated_facts: int = 0
    model_seconds: float = 0.0
    seconds: float = 0.0


def collect_paths(
    paths: Sequence[Path], *, follow_symlinks: bool = False
) -> tuple[list[Path], list[tuple[str, str]]]:
    """Article files of `paths` (folders are searched recursively), and paths that are not."""
    found, problems = collect(paths, follow_symlinks=follow_symlinks)
    return [f.path for f in found], problems


def _bootstrap(store: GraphStore, context: Context) -> None:
    """An empty store gets the ontology and the reference entities, so ingested graphs resolve."""
    if str(REFERENCE_GRAPH) in store.named_graphs():
        return
    nquads = canonical_nquads(assemble([], context.reference, []))
    store.replace_graphs(nquads, [str(ONTOLOGY_GRAPH), str(REFERENCE_GRAPH)])


def _store_path(store: str | GraphStore | None, config: Settings) -> Path | None:
    """The embedded store on disk that this run writes, if any."""
    if isinstance(store, OxigraphStore):
        return store.path
    if isinstance(store, str | None):
        spec = store or config.store
        if spec.startswith("oxigraph:") or ("://" not in spec and spec != "memory"):
            return Path(spec.removeprefix("oxigraph:"))
    return None


def _locks(config: Settings, store: str | GraphStore | None) -> list[Path]:
    """The writer locks to hold: the build folder's (its manifest, what `kg build` reads) and
    the store's, when it lives elsewhere."""
    links = {(config.build_dir / "store").absolute()}
    path = _store_path(store, config)
    if path is not None:
        links.add(path.absolute())
    return sorted(links)


def ingest_paths(
    paths: Sequence[Path],
    *,
    config: Settings | None = None,
    store: str | GraphStore | None = None,
    curated: bool = True,
    force: bool = False,
    progress: Progress | None = None,
    max_chars: int = MAX_CHARS,
    follow_symlinks: bool = False,
    workers: int = 0,
    scheduler: str | None = None,
    published: PartialDate | None = None,
) -> IngestReport:
    """Ingest every article of `paths` into the store; see the module docstring. With `workers`
    (a LocalCluster on 127.0.0.1) or `scheduler` (an existing Dask cluster) the extraction runs
    on Dask workers (kg.ingest.distributed); the store is written here either way."""
    config = config or settings()
    started = time.perf_counter()
    report = IngestReport()
    files, problems = collect(paths, follow_symlinks=follow_symlinks)
    report.failed += problems
    try:
        _run(
            files,
            config,
            store,
            curated,
            force,
            progress,
            max_chars,
            report,
            workers,
            scheduler,
            published,
        )
    except OSError as error:  # each document's own errors are in the report; this is the run's
        where = error.filename or config.build_dir
        raise OutputError(where, f"{error.strerror or error}; the run stopped here") from None
    report.seconds = time.perf_counter() - started
    return report


def _run(
    files: list[Found],
    config: Settings,
    store: str | GraphStore | None,
    curated: bool,
    force: bool,
    progress: Progress | None,
    max_chars: int,
    report: IngestReport,
    workers: int = 0,
    scheduler: str | None = None,
    published: PartialDate | None = None,
) -> None:
    with contextlib.ExitStack() as held:
        for link in _locks(config, store):
            held.enter_context(writer_lock(link))
        graph_store = (
            store
            if isinstance(store, GraphStore)
            else open_store(store or config.store, read_only=False)
        )
        if not isinstance(store, GraphStore):
            held.callback(graph_store.close)
        context = Context(config, graph_store, curated, max_chars)
        context.published = published
        _bootstrap(graph_store, context)
        manifest = Manifest(config.build_dir / "ingested")
        held.callback(manifest.compact)
        remove_stale_temporaries(manifest.folder)
        report.reconciled = reconcile(graph_store, manifest, context.bundled)
        report.warnings += [
            f"graph of {d!r} was in the store without an ingest record: recorded it, file unknown"
            for d in report.reconciled
        ]
        present = set(graph_store.named_graphs())
        if workers or scheduler:
            with Cluster(workers, scheduler) as cluster:
                run_on_dask(
                    files, context, manifest, present, force, report, cluster,
                    progress=progress,
                )  # fmt: skip
        else:
            _sequential(files, context, manifest, present, force, progress, report)
        if isinstance(graph_store, OxigraphStore) and report.stored:
            # bulk-loaded batches leave the store in overlapping files: compact it once when
            # they are many, or when this run added an eighth of its graphs or more (the cost
            # grows with the store, so it is paid in proportion to what was added)
            grew = len(report.stored) * GREW_BY >= len(present)
            report.compacted = graph_store.compact(force=grew)


def _sequential(
    files: list[Found],
    context: Context,
    manifest: Manifest,
    present: set[str],
    force: bool,
    progress: Progress | None,
    report: IngestReport,
) -> None:
    """Each file in turn: plan, extract; the writer commits a batch per store transaction
    (on its own thread, while the next documents are extracted)."""
    setup = setup_of(context)
    with Writer(context, manifest, present, report, coming=len(files)) as writer:
        for number, found in enumerate(files, start=1):
            if progress:
                progress(str(found.path), number, len(files))
            try:
                _one(found, context, manifest, present, force, setup, writer, report)
            except KGError as error:
                report.failed.append((str(found.path), str(error)))
            except (OSError, ValueError, RecursionError, MemoryError) as error:
                path = found.path
                report.failed.append((str(path), f"{path}: {type(error).__name__}: {error}"))


def _one(
    found: Found,
    context: Context,
    manifest: Manifest,
    present: set[str],
    force: bool,
    setup: Setup,
    writer: Writer,
    report: IngestReport,
) -> None:
    document = read_found(found, context, manifest)
    if writer.waits(document.id, document.content_hash, document.text):
        writer.flush()  # its id or text is in the batch: decide once that is stored
    pending = prepare(document, context, manifest, present, force, report)
    if pending is None:
        return
    writer.hold(pending)
    try:
        done = process(pending.job, context.extractor, setup)
    except BaseException:
        writer.release(pending)
        raise
    writer.add(pending, done)  # the records first, then the store, a batch at a time
