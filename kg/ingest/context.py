"""What every document of an ingest batch shares: gazetteer, extractor, curated data, store,
and the ids of the bundled sources (which only data/ may change).

Per-document work here is constant in the size of the curated data: curated entities, facts
and rejections are indexed by source once, the hash of entities.yaml is taken once per batch,
and the extractor (the spaCy model) is loaded only when a document needs extracting, so a
re-run on an unchanged corpus, or a Dask run, never loads it in this process."""

from __future__ import annotations

import hashlib
import json
import threading
from collections import defaultdict
from functools import cached_property
from pathlib import Path

from kg.config import Settings
from kg.curate import load_curated
from kg.dates import PartialDate
from kg.extract import EXTRACTOR, Extractor
from kg.lexicon import lexicon_fingerprint
from kg.link.gazetteer import reference_gazetteer
from kg.model import Entity, Fact, SourceDocument
from kg.reference import load_entities
from kg.sources.documents import DOCUMENT_SUFFIXES, read_corpus
from kg.store import GraphStore

__all__ = ["Context", "bundled_sources"]


def bundled_sources(config: Settings) -> dict[str, Path]:
    """Id -> file of each bundled source (data/sources/NAME.txt has id NAME), resolved."""
    folder = config.sources_dir
    if not folder.is_dir():
        return {}
    return {p.stem: p.resolve() for p in sorted(folder.iterdir()) if p.suffix in DOCUMENT_SUFFIXES}


class Context:
    """Loaded once per batch; `key` says whether a document needs extracting again."""

    def __init__(self, config: Settings, store: GraphStore, curated: bool, max_chars: int) -> None:
        self.config = config
        self.store = store
        # one writer of the store at a time: the writer's thread (kg.ingest.writer) and the
        # planner putting a lost graph back (kg.ingest.plan)
        self.store_lock = threading.Lock()
        reference_file = config.curated_dir / "entities.yaml"
        self.curated = None
        if curated and config.sources_dir.is_dir():
            self.curated = load_curated(config.curated_dir, read_corpus(config.sources_dir))
        if self.curated is not None:  # it read entities.yaml first: its entities of no source
            self.reference = [e for e in self.curated.entities if e.source_id is None]
        else:
            self.reference = load_entities(reference_file) if reference_file.exists() else []
        self.kinds = {e.id: e.kind for e in self.reference}
        if self.curated is not None:
            self.kinds.update(self.curated.kinds())
        self.gazetteer = reference_gazetteer(reference_file)
        self.max_chars = max_chars
        self.published: PartialDate | None = None  # the batch's date for files that give none
        self.reference_ids = {e.id for e in self.reference}
        self.bundled = bundled_sources(config)
        self._entities: dict[str, list[Entity]] = defaultdict(list)
        self._facts: dict[str, list[Fact]] = defaultdict(list)
        if self.curated is not None:
            for entity in self.curated.entities:
                if entity.source_id is not None:  # None: a reference entity, of no document
                    self._entities[entity.source_id].append(entity)
            for fact in self.curated.facts:
                if fact.kind != "discrepancy":
                    self._facts[fact.source_id].append(fact)
        self._reference_hash = _file_hash(reference_file)
        self._versions = [EXTRACTOR, lexicon_fingerprint(), self._reference_hash]

    @cached_property
    def extractor(self) -> Extractor:
        """The extractor, built (and the model loaded) on first use only."""
        return Extractor(self.gazetteer, known_ids=self.kinds, max_chars=self.max_chars)

    def curated_for(self, document: SourceDocument) -> tuple[list[Entity], list[Fact], set[str]]:
        """Curated entities, facts and rejections of a bundled source (none for other files)."""
        if self.curated is None or self.bundled.get(document.id) != document.path.resolve():
            return [], [], set()
        return (
            list(self._entities.get(document.id, ())),
            list(self._facts.get(document.id, ())),
            self.curated.rejected.get(document.id, set()),
        )

    def key(self, document: SourceDocument) -> str:
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
                *self._versions,
            ],
            default=str,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""
