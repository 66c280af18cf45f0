"""Read a source document: its text (UTF-8, NFC, LF line ends) and its sidecar metadata YAML.

A document `NAME.txt` has its metadata in `NAME.yaml` beside it. Offsets in the graph index the
text as returned here, so every reader must agree on this normalisation.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from kg.dates import PartialDate
from kg.errors import DocumentError
from kg.model import Segment, SourceDocument
from kg.sources.identity import check_id
from kg.sources.yamlsafe import load_metadata, yaml_problem

__all__ = [
    "INVISIBLE",
    "SIDE_CAR_FIELDS",
    "clean_text",
    "document_of",
    "read_corpus",
    "read_document",
    "read_text",
]

DOCUMENT_SUFFIXES = (".txt",)
SIDE_CAR_FIELDS = {
    "id",
    "title",
    "publisher",
    "kind",
    "language",
    "published",
    "date_note",
    "origin",
    "segments",
}
DOCUMENT_KINDS = {"news-article", "commentary", "forum-page"}
SEGMENT_KINDS = {"article-body", "reader-comments", "page-chrome"}


# Zero-width characters and bidi controls: invisible, yet they split names ("Pu\u200btin") and can
# reorder what a reader sees; they are dropped before any offset is taken.
INVISIBLE = dict.fromkeys(
    [
        0x200B,
        0x200C,
        0x200D,
        0x2060,
        0xFEFF,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
)


def read_text(path: Path) -> str:
    """The text of a file: strict UTF-8 (a BOM is dropped), no NUL, no invisible controls, NFC, LF."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DocumentError(path, f"cannot read: {error.strerror or error}") from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(
            path, f"not valid UTF-8 (byte {error.start}: {raw[error.start : error.start + 1]!r})"
        ) from error
    if "\x00" in text:
        raise DocumentError(path, f"looks like a binary file (NUL byte at {text.index(chr(0))})")
    return clean_text(text)


def clean_text(text: str) -> str:
    """LF line ends, no invisible controls, NFC. Applied again to text decoded from markup
    (`&#x200B;` becomes a zero-width space only when the HTML is parsed)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(INVISIBLE)
    return unicodedata.normalize("NFC", text)


def _load_sidecar(path: Path) -> dict[str, Any]:
    sidecar = path.with_suffix(".yaml")
    if not sidecar.exists():
        raise DocumentError(path, f"no metadata: expected a sidecar file {sidecar.name}")
    try:
        data = load_metadata(sidecar.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise DocumentError(sidecar, f"malformed YAML: {yaml_problem(error)}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise DocumentError(sidecar, f"cannot read the metadata: {error}") from None
    if not isinstance(data, dict):
        raise DocumentError(sidecar, "metadata must be a mapping of field names to values")
    unknown = set(data) - SIDE_CAR_FIELDS
    if unknown:
        raise DocumentError(sidecar, f"unknown field(s): {', '.join(sorted(unknown))}")
    return data


def segments_from(text: str, specs: Iterable[dict[str, Any]], where: Path) -> tuple[Segment, ...]:
    """Segments start at the first occurrence of `starts_with` and run to the next one's start."""
    starts: list[tuple[int, str]] = []
    for spec in specs:
        kind, marker = spec.get("kind"), spec.get("starts_with")
        if kind not in SEGMENT_KINDS or not isinstance(marker, str):
            raise DocumentError(
                where, f"segment needs kind in {sorted(SEGMENT_KINDS)} and starts_with"
            )
        offset = text.find(marker, starts[-1][0] if starts else 0)
        if offset < 0:
            raise DocumentError(where, f"segment marker not found in the text: {marker!r}")
        starts.append((offset, kind))
    if not starts:
        return ()
    ends = [start for start, _ in starts[1:]] + [len(text)]
    return tuple(Segment(kind, start, end) for (start, kind), end in zip(starts, ends, strict=True))


def read_document(path: Path) -> SourceDocument:
    """Read one document and its sidecar; raises DocumentError naming the file on any problem."""
    path = Path(path)
    text = read_text(path)
    meta = _load_sidecar(path)
    sidecar = path.with_suffix(".yaml")
    if "published" not in meta:
        raise DocumentError(sidecar, "no publication date ('published'), and none can be inferred")
    try:
        published = PartialDate.parse(meta["published"])
    except ValueError as error:
        raise DocumentError(sidecar, f"published: {error}") from error
    return document_of(
        path,
        text,
        meta,
        sidecar,
        doc_id=path.stem,
        published=published,
        date_note=meta.get("date_note"),
        origin=meta.get("origin"),
    )


def document_of(
    path: Path,
    text: str,
    meta: dict[str, Any],
    where: Path,
    *,
    doc_id: str,
    published: PartialDate | None,
    date_note: str | None,
    origin: str | None,
) -> SourceDocument:
    """The document of a text and its metadata; errors name `where`, the file the metadata came
    from. Its id is the metadata's `id:` when it states one, else `doc_id`."""
    kind = meta.get("kind", "news-article")
    if kind not in DOCUMENT_KINDS:
        raise DocumentError(where, f"kind must be one of {sorted(DOCUMENT_KINDS)}, not {kind!r}")
    return SourceDocument(
        id=check_id(meta["id"], where) if "id" in meta else doc_id,
        path=path,
        text=text,
        title=str(meta.get("title") or path.stem),
        publisher=str(meta.get("publisher") or "unknown"),
        kind=kind,
        language=str(meta.get("language") or "en"),
        published=published,
        date_note=date_note,
        origin=origin,
        segments=segments_from(text, meta.get("segments") or [], where),
    )


def read_corpus(folder: Path) -> list[SourceDocument]:
    """Every document in `folder`, in file-name order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DocumentError(folder, "not a folder of source documents")
    paths = sorted(p for p in folder.iterdir() if p.suffix in DOCUMENT_SUFFIXES)
    return [read_document(p) for p in paths]
