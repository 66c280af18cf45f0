"""Read any article file: .txt, .md (with optional front matter) or .html, plus its metadata.

Metadata comes from, in order of authority: a sidecar NAME.yaml beside the file, a front-matter
block at the top of a .txt/.md file (or a plain `key: value` header in a .txt), the page's own
<meta> tags for HTML. A document without a publication date takes the batch's date, else none:
it is still read, and its relative dates ("last year") stay unresolved. The text is
normalised as kg.sources.documents does (strict UTF-8, NFC, LF), so offsets agree everywhere.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kg.dates import PartialDate
from kg.errors import DocumentError
from kg.model import SourceDocument
from kg.sources.documents import (
    SIDE_CAR_FIELDS,
    _load_sidecar,
    clean_text,
    document_of,
    read_text,
)
from kg.sources.frontmatter import split_front_matter, split_header_block
from kg.sources.html import parse_html
from kg.sources.identity import name_id

__all__ = ["ARTICLE_SUFFIXES", "NO_DATE", "document_id", "parse_published", "read_article"]

NO_DATE = "no publication date"

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def document_id(path: Path) -> str:
    """The id of a file ingested on its own: its name folded (see kg.sources.identity)."""
    return name_id(Path(path).name)


def parse_published(value: Any, where: Path) -> PartialDate:
    """A date from metadata: YAML dates, 'YYYY[-MM[-DD]]' and ISO timestamps (the date part)."""
    if not isinstance(value, str):
        try:
            return PartialDate.parse(value)
        except ValueError as error:
            raise DocumentError(where, f"published: {error}") from error
    match = _ISO.match(value)
    if not match:
        raise DocumentError(where, f"published: cannot read {value!r} as a date (use YYYY-MM-DD)")
    iso = "-".join(part for part in match.groups() if part)
    try:
        return PartialDate(iso)
    except ValueError as error:
        raise DocumentError(where, f"published: {error}") from error


def _checked(meta: dict[str, Any], where: Path) -> dict[str, Any]:
    unknown = set(meta) - SIDE_CAR_FIELDS
    if unknown:
        raise DocumentError(
            where, f"unknown metadata field(s): {', '.join(sorted(map(str, unknown)))}"
        )
    return meta


def read_article(
    path: Path, default_id: str | None = None, published: PartialDate | None = None
) -> SourceDocument:
    """One article file as a SourceDocument; DocumentError naming the file on any problem.

    Its id is the `id:` of its metadata, else `default_id`, else its folded file name. A file
    that states no date gets `published` (a batch's `--published`); with none either, its
    `published` is None and its date note says so: relative dates stay unresolved."""
    path = Path(path)
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        raise DocumentError(
            path, f"not an article file (expected one of {', '.join(ARTICLE_SUFFIXES)})"
        )
    raw = read_text(path)
    meta: dict[str, Any] = {}
    where = path
    if path.suffix.lower() in (".html", ".htm"):
        text, found = parse_html(raw)
        text = clean_text(text)  # character references decode to controls only now
        meta.update(found)
    else:
        front, text = split_front_matter(raw, path)
        if front:
            meta.update(_checked(front, path))
        elif path.suffix.lower() == ".txt":
            header, text = split_header_block(text)
            if header:
                if "source" in header:
                    header["origin"] = header.pop("source")
                meta.update({k: v for k, v in header.items() if v})
    sidecar = path.with_suffix(".yaml")
    if sidecar.exists():
        meta.update(_load_sidecar(path))
        where = sidecar
    # YAML escapes ("\u200b") and character references decode to controls after reading
    meta = {k: clean_text(v) if isinstance(v, str) else v for k, v in meta.items()}
    date_note = meta.get("date_note")
    if meta.get("published") not in (None, ""):
        published = parse_published(meta["published"], where)
    elif published is None:
        date_note = date_note or NO_DATE
    return document_of(
        path,
        text,
        meta,
        where,
        doc_id=default_id or document_id(path),
        published=published,
        date_note=date_note,
        origin=meta.get("origin") or str(path),
    )
