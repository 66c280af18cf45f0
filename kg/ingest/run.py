"""`kg ingest PATH...`: read articles, extract, and store each one's named graph.

The whole run holds the writer lock of the build folder and of the store (kg.lock), so a
`kg build` or `kg load` cannot swap the store under it. For each file: read it (a bad file is
reported with its name and the batch goes on), give it an id that no other file holds
(kg.ingest.identity), skip it if its text is already stored under another name (reported as a
duplicate; both names point at one document) or if the manifest says it is unchanged and the
store still has its graph, else extract, build its named graph and commit last: the .nq file and
the manifest record first, then the store's one-transaction replace of that graph (the record is
put back if the store refuses). Nothing outside the document's graph changes, except that an
empty store first gets the ontology and reference graphs.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.atomic import remove_stale_temporaries
from kg.build.assemble import assemble
from kg.build.output import canonical_nquads
from kg.config import Settings, settings
from kg.errors import DocumentError, KGError, OutputError
from kg.extract.pipeline import MAX_CHARS
from kg.ingest.collect import Found, collect
from kg.ingest.context import Context
from kg.ingest.graph import document_quads, machine_facts_to_keep
from kg.ingest.identity import name_id, taken_message
from kg.ingest.readers import read_article
from kg.ingest.reconcile import reconcile
from kg.ingest.records import Manifest, Record
from kg.iris import ONTOLOGY_GRAPH, REFERENCE_GRAPH, graph_iri
from kg.lock import writer_lock
from kg.model import SourceDocument
from kg.store import GraphStore, OxigraphStore, open_store

__all__ = ["IngestReport", "collect_paths", "ingest_paths"]

Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, error)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, what it repeats)
    warnings: list[str] = field(default_factory=list)
    reconciled: list[str] = field(default_factory=list)
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
) -> IngestReport:
    """Ingest every article of `paths` into the store; see the module docstring."""
    config = config or settings()
    started = time.perf_counter()
    report = IngestReport()
    files, problems = collect(paths, follow_symlinks=follow_symlinks)
    report.failed += problems
    try:
        _run(files, config, store, curated, force, progress, max_chars, report)
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
) -> None:
    with contextlib.ExitStack() as held:
        for link in _locks(config, store):
            held.enter_context(writer_lock(link))
        graph_store = store if isinstance(store, GraphStore) else open_store(store or config.store)
        if not isinstance(store, GraphStore):
            held.callback(graph_store.close)
        context = Context(config, graph_store, curated, max_chars)
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
        for number, found in enumerate(files, start=1):
            if progress:
                progress(str(found.path), number, len(files))
            try:
                _one(found, context, manifest, present, force, report)
            except KGError as error:
                report.failed.append((str(found.path), str(error)))
            except (OSError, ValueError, RecursionError, MemoryError) as error:
                path = found.path
                report.failed.append((str(path), f"{path}: {type(error).__name__}: {error}"))


def _same(recorded: str, resolved: str) -> bool:
    return bool(recorded) and (recorded == resolved or str(Path(recorded).resolve()) == resolved)


def _default_id(found: Found, context: Context, manifest: Manifest) -> str:
    resolved = found.path.resolve()
    if context.bundled.get(found.path.stem) == resolved:
        return found.path.stem
    record = manifest.owner_of(str(resolved))
    return record.document if record is not None else name_id(found.relative)


def _duplicate(document: SourceDocument, resolved: str, manifest: Manifest) -> Record | None:
    """The record of another file with the same (non-empty) text, which this one joins."""
    if not document.text.strip():
        return None
    twin = manifest.with_content(document.content_hash)
    if twin is None or _same(twin.path, resolved):
        return None
    if resolved not in twin.aliases:
        twin.aliases = sorted({*twin.aliases, resolved})
        manifest.put(twin)
    return twin


def _claim(document: SourceDocument, resolved: str, context: Context, manifest: Manifest) -> None:
    """Refuse an id that another file holds: a bundled source, or a stored document."""
    holder = context.bundled.get(document.id)
    if holder is not None and str(holder) != resolved:
        raise DocumentError(document.path, taken_message(document.id, str(holder), True))
    record = manifest.get(document.id)
    if record is not None and not _same(record.path, resolved):
        raise DocumentError(document.path, taken_message(document.id, record.path, False))


def _one(
    found: Found,
    context: Context,
    manifest: Manifest,
    present: set[str],
    force: bool,
    report: IngestReport,
) -> None:
    path, resolved = found.path, str(found.path.resolve())
    document = read_article(path, _default_id(found, context, manifest))
    alias_of = manifest.owner_of(resolved)
    if (
        alias_of is not None
        and not _same(alias_of.path, resolved)  # known as a duplicate of another file
        and alias_of.content_hash != document.content_hash  # but no longer: its own document
    ):
        alias_of.aliases = [a for a in alias_of.aliases if a != resolved]
        manifest.put(alias_of)
        document = read_article(path, name_id(found.relative))
    own = manifest.get(document.id)
    if own is None or not _same(own.path, resolved):
        twin = _duplicate(document, resolved, manifest)
        if twin is not None:
            report.duplicates.append(
                (str(path), f"same text as {twin.path} (document {twin.document}); stored once")
            )
            return
    _claim(document, resolved, context, manifest)
    key = context.key(document)
    graph = str(graph_iri(document.id))
    record = manifest.get(document.id)
    if record is not None and record.key == key and not force:
        if graph in present:
            report.unchanged.append(document.id)
            return
        quads_file = manifest.quads_path(document.id)
        if quads_file.exists():  # the store lost it (rebuilt): put the recorded graph back
            context.store.replace_graphs(quads_file.read_bytes(), [graph])
            present.add(graph)
            report.stored.append(document.id)
            return
    result = context.extractor.extract(document)
    report.warnings += result.warnings
    report.model_seconds += result.model_seconds
    entities, curated, rejected = context.curated_for(document)
    machine = machine_facts_to_keep(result.facts, curated, rejected, context.reference_ids)
    quads = document_quads(
        document, [*curated, *machine], [*entities, *result.entities], context.kinds
    )
    new = Record(
        document.id,
        resolved,
        document.content_hash,
        key,
        graph,
        len(curated) + len(machine),
        len(machine),
        len(result.entities),
        list(record.aliases) if record is not None else [],
    )
    undo = manifest.put(new, quads)  # commit last: the record first, then the store
    try:
        context.store.replace_graphs(quads, [graph])
    except BaseException:
        manifest.undo(undo)
        raise
    present.add(graph)
    report.stored.append(document.id)
    report.machine_facts += len(machine)
    report.curated_facts += len(curated)
