"""The per-document step of `kg ingest`, split so that it can run anywhere.

`process` is the expensive part and a pure function of a `Job` (the document and its curated
slice) and a `Setup` (what every document shares): text in, the document's canonical N-Quads
out. It runs in the ingest process or on a Dask worker (kg.ingest.distributed) and gives the
same bytes either way. `commit` is the cheap part that writes: the .nq files and manifest
records of a batch, then one store transaction for the whole batch; it runs in one process
only, the one that holds the writer lock.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.extract import EXTRACTOR, Extractor
from kg.ingest.context import Context
from kg.ingest.graph import document_quads, machine_facts_to_keep
from kg.ingest.records import Manifest, Record
from kg.lexicon import lexicon_fingerprint
from kg.link.gazetteer import Gazetteer
from kg.model import Entity, Fact, SourceDocument
from kg.store import GraphStore

__all__ = ["Job", "Pending", "Processed", "Setup", "commit", "process", "record_of", "setup_of"]


@dataclass(frozen=True)
class Setup:
    """What every document of a batch shares; `fingerprint` names it (a worker caches its
    extractor under it, so the model is loaded once per worker and setup)."""

    gazetteer: Gazetteer
    kinds: dict[str, str]
    reference_ids: frozenset[str]
    max_chars: int
    fingerprint: str

    def extractor(self) -> Extractor:
        return Extractor(self.gazetteer, known_ids=self.kinds, max_chars=self.max_chars)


def setup_of(context: Context) -> Setup:
    """The shareable part of an ingest context (no store, no files, no model)."""
    payload = json.dumps(
        [
            sorted(context.kinds.items()),
            sorted((name, sorted(ids)) for name, ids in context.gazetteer.names.items()),
            context.max_chars,
            EXTRACTOR,
            lexicon_fingerprint(),
        ]
    )
    return Setup(
        context.gazetteer,
        dict(context.kinds),
        frozenset(context.reference_ids),
        context.max_chars,
        hashlib.sha256(payload.encode("utf-8")).hexdigest(),
    )


@dataclass(frozen=True)
class Job:
    """One document to extract, with its curated entities, facts and rejections."""

    document: SourceDocument
    entities: list[Entity] = field(default_factory=list)
    curated: list[Fact] = field(default_factory=list)
    rejected: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Processed:
    """What `process` made of a job: the graph's canonical N-Quads and the counts."""

    document: str
    quads: bytes
    curated: int
    machine: int
    entities: int
    warnings: list[str]
    model_seconds: float


def process(job: Job, extractor: Extractor, setup: Setup) -> Processed:
    """Extract the document and build its named graph; touches no file and no store."""
    result = extractor.extract(job.document)
    machine = machine_facts_to_keep(
        result.facts, job.curated, set(job.rejected), set(setup.reference_ids)
    )
    quads = document_quads(
        job.document,
        [*job.curated, *machine],
        [*job.entities, *result.entities, *result.mentioned],
        setup.kinds,
        result.mention_links,
    )
    return Processed(
        job.document.id,
        quads,
        len(job.curated),
        len(machine),
        len(result.entities),
        [*_undated(job.document), *result.warnings],
        result.model_seconds,
    )


def _undated(document: SourceDocument) -> list[str]:
    """The warning for a document ingested without any date."""
    if document.published is not None:
        return []
    return [
        f"{document.path}: no publication date (give `published:` or --published YYYY-MM-DD);"
        " its relative dates are left unresolved"
    ]


@dataclass(frozen=True)
class Pending:
    """A job and what its manifest record needs once it is processed."""

    job: Job
    path: str  # the file, resolved
    key: str
    graph: str
    aliases: list[str]

    @property
    def name(self) -> str:
        return str(self.job.document.path)


def record_of(pending: Pending, done: Processed) -> Record:
    """The manifest record of a processed document."""
    document = pending.job.document
    return Record(
        document.id,
        pending.path,
        document.content_hash,
        pending.key,
        pending.graph,
        done.curated + done.machine,
        done.machine,
        done.entities,
        list(pending.aliases),
    )


def commit(
    batch: Sequence[tuple[Pending, Processed]], manifest: Manifest, store: GraphStore
) -> None:
    """Record every document of `batch` (.nq file and manifest line), then replace all their
    graphs in one store transaction; if the store refuses, every record is put back."""
    undos = manifest.put_many([(record_of(pending, done), done.quads) for pending, done in batch])
    try:
        store.replace_parts([(pending.graph, done.quads) for pending, done in batch])
    except BaseException:
        for undo in reversed(undos):
            manifest.undo(undo)
        raise
