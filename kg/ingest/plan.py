"""Decide what one file needs, before any extraction: nothing, a graph put back, or a job.

`prepare` reads the file, gives it its id, records it as a duplicate of a stored file with the
same text, refuses an id another file holds, and compares its ingest key with the manifest's.
Only a new or changed document comes back as a `Pending` job for kg.ingest.step.process. It
runs in the one process that writes the manifest and the store (sequential and cheap).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from kg.errors import DocumentError
from kg.ingest.context import Context
from kg.ingest.records import Manifest, Record
from kg.ingest.step import Job, Pending
from kg.iris import graph_iri
from kg.model import SourceDocument
from kg.sources.collect import Found
from kg.sources.identity import name_id, taken_message
from kg.sources.readers import read_article

__all__ = ["Outcomes", "prepare", "same_file"]


class Outcomes(Protocol):
    """Where `prepare` reports what it did (an IngestReport)."""

    stored: list[str]
    unchanged: list[str]
    duplicates: list[tuple[str, str]]


def same_file(recorded: str, resolved: str) -> bool:
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
    if twin is None or same_file(twin.path, resolved):
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
    if record is not None and not same_file(record.path, resolved):
        raise DocumentError(document.path, taken_message(document.id, record.path, False))


def read_found(found: Found, context: Context, manifest: Manifest) -> SourceDocument:
    """The file's document, under the id it had or gets (its own id again once a file known as
    another's duplicate no longer has the same text)."""
    path, resolved = found.path, str(found.path.resolve())
    document = read_article(path, _default_id(found, context, manifest), context.published)
    alias_of = manifest.owner_of(resolved)
    if (
        alias_of is not None
        and not same_file(alias_of.path, resolved)  # known as a duplicate of another file
        and alias_of.content_hash != document.content_hash  # but no longer: its own document
    ):
        alias_of.aliases = [a for a in alias_of.aliases if a != resolved]
        manifest.put(alias_of)
        document = read_article(path, name_id(found.relative), context.published)
    return document


def prepare(
    document: SourceDocument,
    context: Context,
    manifest: Manifest,
    present: set[str],
    force: bool,
    report: Outcomes,
) -> Pending | None:
    """The job of `document` (read by `read_found`), or None when nothing is left to extract."""
    resolved = str(document.path.resolve())
    own = manifest.get(document.id)
    if own is None or not same_file(own.path, resolved):
        twin = _duplicate(document, resolved, manifest)
        if twin is not None:
            report.duplicates.append(
                (
                    str(document.path),
                    f"same text as {twin.path} (document {twin.document}); stored once",
                )
            )
            return None
    _claim(document, resolved, context, manifest)
    key = context.key(document)
    graph = str(graph_iri(document.id))
    record = manifest.get(document.id)
    if record is not None and record.key == key and not force:
        if graph in present:
            report.unchanged.append(document.id)
            return None
        quads_file = manifest.quads_path(document.id)
        if quads_file.exists():  # the store lost it (rebuilt): put the recorded graph back
            with context.store_lock:
                context.store.replace_graphs(quads_file.read_bytes(), [graph])
            present.add(graph)
            report.stored.append(document.id)
            return None
    entities, curated, rejected = context.curated_for(document)
    job = Job(document, entities, curated, frozenset(rejected))
    aliases = list(record.aliases) if record is not None else []
    return Pending(job, resolved, key, graph, aliases)
