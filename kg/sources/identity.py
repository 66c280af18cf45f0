"""Document ids that cannot collide silently: from metadata, the manifest, or the file's path.

An id becomes part of IRIs and of a file name in build/ingested/, so it is kept to letters,
digits, '_', '.' and '-' and to MAX_ID characters. In order of authority a document's id is:

1. `id:` in its metadata (front matter or sidecar), checked against ID_PATTERN;
2. for a bundled source (a file of data/sources), its file stem, which curated data cites;
3. the id the manifest already records for this file (so re-ingesting never renames it);
4. its path relative to the folder given to `kg ingest`, folded to ASCII; a name that loses
   letters in the folding (Cyrillic, Japanese) gets a short hash of the name, so `статья-1` and
   `記事-1` differ, and so does a name longer than MAX_ID.

An id already held by another file is an error naming both files, never a replacement; the id of
a bundled source is held by its file in data/sources, so `kg ingest` cannot replace it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path, PurePath

from kg.errors import DocumentError

__all__ = ["ID_PATTERN", "MAX_ID", "check_id", "name_id", "taken_message"]

MAX_ID = 80
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalnum())


def name_id(relative: PurePath | str) -> str:
    """The id of a file from its path relative to the ingested folder (suffix dropped).

    >>> name_id("japan.md"), name_id("2024/report.txt")
    ('japan', '2024-report')
    >>> name_id("статья-1.txt") != name_id("記事-1.txt")
    True
    """
    path = PurePath(relative)
    name = "-".join([*path.parts[:-1], path.stem]) if path.parts else ""
    name = unicodedata.normalize("NFC", name)
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE.sub("-", folded).strip("-.")
    if not cleaned:
        return f"doc-{_digest(name)}"
    if _letters(cleaned) < _letters(name) or len(cleaned) > MAX_ID:
        cleaned = f"{cleaned[: MAX_ID - 11].rstrip('-.')}-{_digest(name)}"
    return cleaned


def check_id(value: object, where: Path) -> str:
    """An `id:` from metadata, or DocumentError naming the metadata file."""
    if not isinstance(value, str) or not ID_PATTERN.match(value) or len(value) > MAX_ID:
        raise DocumentError(
            where,
            f"id: {value!r} is not a usable document id (letters, digits, '_', '.', '-'; "
            f"at most {MAX_ID} characters, starting with a letter or digit)",
        )
    return value


def taken_message(document: str, holder: str, bundled: bool) -> str:
    """Why a file cannot take `document`: it is held by `holder` (a file, or '' if unknown)."""
    if bundled:
        return (
            f"document id {document!r} is the bundled source {holder}; bundled sources change "
            "only by editing data/, never by `kg ingest`: give this file its own `id:` in its "
            "metadata or rename it"
        )
    owner = holder or "a stored document whose file is unknown"
    return (
        f"document id {document!r} is already used by {owner}; give this file its own `id:` "
        "in its metadata (front matter or sidecar) or rename it"
    )
