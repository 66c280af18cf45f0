"""What `kg ingest` has stored: a manifest and one N-Quads file per document (build/ingested/).

The manifest maps a document id to its file, its content hash and an ingest key (content,
metadata, curated data of the document and extractor version): the same key means nothing to
do. It is written after every document, atomically, so an interrupted run resumes where it
stopped.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from kg.atomic import atomic_write_bytes
from kg.errors import KGError

__all__ = ["Manifest", "Record"]


@dataclass
class Record:
    document: str
    path: str
    content_hash: str
    key: str
    graph: str
    facts: int
    machine_facts: int
    entities: int


class Manifest:
    """build/ingested/manifest.json and the per-document .nq files beside it."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / "manifest.json"
        self.records: dict[str, Record] = {}
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.records = {k: Record(**v) for k, v in data.get("documents", {}).items()}
            except (ValueError, TypeError) as error:
                raise KGError(
                    f"{self.path}: unreadable ingest manifest ({error}); move it away to start over"
                ) from error

    def quads_path(self, document: str) -> Path:
        return self.folder / f"{document}.nq"

    def get(self, document: str) -> Record | None:
        return self.records.get(document)

    def put(self, record: Record, quads: bytes) -> None:
        atomic_write_bytes(self.quads_path(record.document), quads)
        self.records[record.document] = record
        self.save()

    def save(self) -> None:
        data = {"documents": {k: asdict(v) for k, v in sorted(self.records.items())}}
        atomic_write_bytes(
            self.path, json.dumps(data, indent=1, sort_keys=True).encode("utf-8") + b"\n"
        )
