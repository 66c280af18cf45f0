"""`kg ingest PATH...`: read articles, extract, and store each one's named graph.

For each file: read it (a bad file is reported with its name and the batch goes on), skip it
if the manifest says it is unchanged (same content, metadata, curated data and extractor) and
the store still has its graph, else extract, build its named graph (curated facts of the
document first, machine facts not already told or rejected), and replace that graph in the store
in one transaction. Nothing outside the document's graph changes, except that an empty store
first gets the ontology and reference graphs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.config import Settings, settings
from kg.errors import DocumentError, KGError
from kg.extract.pipeline import MAX_CHARS
from kg.iris import REFERENCE_GRAPH, graph_iri
from kg.model import Entity, Fact, SourceDocument
from kg.store import GraphStore, open_store

__all__ = ["IngestReport", "collect_paths", "ingest_paths"]

Progress = Callable[[str, int, int], None]


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, error)
    warnings: list[str] = field(default_factory=list)
    machine_facts: int = 0
    curated_facts: int = 0
    model_seconds: float = 0.0
    seconds: float = 0.0


def collect_paths(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Article files of `paths` (folders are searched recursively), and paths that are not."""
    from kg.ingest.readers import ARTICLE_SUFFIXES

    found: list[Path] = []
    missing: list[tuple[str, str]] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in ARTICLE_SUFFIXES
            )
        elif path.is_file():
            found.append(path)
        else:
            missing.append((str(path), "no such file or folder"))
    return list(dict.fromkeys(found)), missing


class _Context:
    """What every document of a batch shares: gazetteer, extractor, curated data, store."""

    def __init__(self, config: Settings, store: GraphStore, curated: bool, max_chars: int) -> None:
        from kg.curate import load_curated
        from kg.curate.load import load_entities
        from kg.extract import Extractor
        from kg.ingest import read_corpus
        from kg.link.gazetteer import reference_gazetteer

        self.config = config
        self.store = store
        reference_file = config.curated_dir / "entities.yaml"
        self.reference = load_entities(reference_file) if reference_file.exists() else []
        self.curated = None
        if curated and config.sources_dir.is_dir():
            self.curated = load_curated(config.curated_dir, read_corpus(config.sources_dir))
        self.kinds = {e.id: e.kind for e in self.reference}
        if self.curated is not None:
            self.kinds.update(self.curated.kinds())
        self.gazetteer = reference_gazetteer(reference_file)
        self.extractor = Extractor(self.gazetteer, known_ids=self.kinds, max_chars=max_chars)
        self.reference_ids = {e.id for e in self.reference}

    def curated_for(self, document: SourceDocument) -> tuple[list[Entity], list[Fact], set[str]]:
        if self.curated is None:
            return [], [], set()
        entities = [e for e in self.curated.entities if e.source_id == document.id]
        facts = [
            f for f in self.curated.facts if f.source_id == document.id and f.kind != "discrepancy"
        ]
        return entities, facts, self.curated.rejected.get(document.id, set())

    def key(self, document: SourceDocument) -> str:
        from kg.extract import EXTRACTOR
        from kg.extract.lexicon import lexicon_fingerprint

        entities, facts, rejected = self.curated_for(document)
        meta = (
            document.title,
            document.publisher,
            document.kind,
            document.language,
            str(document.published),
            document.date_note,
            document.segments,
        )
        curated = sorted(
            (f.id, repr(f.fields), [(e.start, e.end) for e in f.evidence]) for f in facts
        )
        payload = json.dumps(
            [
                document.content_hash,
                repr(meta),
                curated,
                sorted(rejected),
                sorted(e.id for e in entities),
                EXTRACTOR,
                lexicon_fingerprint(),
                _file_hash(self.config.curated_dir / "entities.yaml"),
            ],
            default=str,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def _bootstrap(store: GraphStore, context: _Context) -> None:
    """An empty store gets the ontology and the reference entities, so ingested graphs resolve."""
    if str(REFERENCE_GRAPH) in store.named_graphs():
        return
    from kg.build.assemble import assemble
    from kg.build.output import canonical_nquads
    from kg.iris import ONTOLOGY_GRAPH

    nquads = canonical_nquads(assemble([], context.reference, []))
    store.replace_graphs(nquads, [str(ONTOLOGY_GRAPH), str(REFERENCE_GRAPH)])


def _open(config: Settings, spec: str | None) -> GraphStore:
    """The store; the default embedded store is created the way `kg build` makes it (a link)."""
    spec = spec or config.store
    if spec.startswith("oxigraph:"):
        path = Path(spec.removeprefix("oxigraph:"))
        if not path.exists() and not path.is_symlink():
            from kg.build.output import write_store

            write_store(b"", path)
    return open_store(spec)


def ingest_paths(
    paths: Sequence[Path],
    *,
    config: Settings | None = None,
    store: str | GraphStore | None = None,
    curated: bool = True,
    force: bool = False,
    progress: Progress | None = None,
    max_chars: int = MAX_CHARS,
) -> IngestReport:
    """Ingest every article of `paths` into the store; see the module docstring."""
    import time

    from kg.ingest.records import Manifest

    config = config or settings()
    started = time.perf_counter()
    report = IngestReport()
    files, missing = collect_paths(paths)
    report.failed += missing
    graph_store = store if isinstance(store, GraphStore) else _open(config, store)
    try:
        context = _Context(config, graph_store, curated, max_chars)
        _bootstrap(graph_store, context)
        manifest = Manifest(config.build_dir / "ingested")
        present = set(graph_store.named_graphs())
        seen: dict[str, Path] = {}
        for number, path in enumerate(files, start=1):
            if progress:
                progress(str(path), number, len(files))
            try:
                _one(path, context, manifest, present, seen, force, report)
            except KGError as error:
                report.failed.append((str(path), str(error)))
            except (OSError, ValueError, RecursionError, MemoryError) as error:
                report.failed.append((str(path), f"{path}: {type(error).__name__}: {error}"))
    finally:
        if not isinstance(store, GraphStore):
            graph_store.close()
    report.seconds = time.perf_counter() - started
    return report


def _one(
    path: Path,
    context: _Context,
    manifest: object,
    present: set[str],
    seen: dict[str, Path],
    force: bool,
    report: IngestReport,
) -> None:
    from kg.ingest.graph import document_quads, machine_facts_to_keep
    from kg.ingest.readers import read_article
    from kg.ingest.records import Manifest, Record

    assert isinstance(manifest, Manifest)
    document = read_article(path)
    if document.id in seen and seen[document.id].resolve() != path.resolve():
        raise DocumentError(
            path,
            f"document id {document.id!r} is also the id of {seen[document.id]} in this batch; rename one",
        )
    seen[document.id] = path
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
    context.store.replace_graphs(quads, [graph])
    present.add(graph)
    manifest.put(
        Record(
            document.id,
            str(path),
            document.content_hash,
            key,
            graph,
            len(curated) + len(machine),
            len(machine),
            len(result.entities),
        ),
        quads,
    )
    report.stored.append(document.id)
    report.machine_facts += len(machine)
    report.curated_facts += len(curated)
