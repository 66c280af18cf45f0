"""The bundled sources' mentions, cached per document in build/incremental/mentions/.

A document's mentions depend on its text, the gazetteer (entities.yaml), the ids the curated
data gives (a minted id must not clash with one), and the extractor's code, lexicons and spaCy
version (all in the code fingerprint). The file name is a hash of those, so a hit needs no
extractor; only the documents that miss are extracted, in one batch, and spaCy is imported only
then. The files are an optimisation: one that cannot be written or read is extracted again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import kg.build
from kg.build.cache import read_packed, write_packed
from kg.build.chunks import Chunks, merge, split
from kg.build.fingerprint import file_hash
from kg.model import SourceDocument

__all__ = ["document_mentions"]


def _setup(code: str, entities: Path, kinds: Mapping[str, str]) -> str:
    reference = file_hash(entities) if entities.exists() else "none"
    payload = json.dumps([code, reference, sorted(kinds.items())])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _key(setup: str, document: SourceDocument) -> str:
    text = f"{setup}\n{document.id}\n{document.content_hash}\n{document.published}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_mentions(
    folder: Path,
    documents: Sequence[SourceDocument],
    kinds: Mapping[str, str],
    entities: Path,
    code: str,
) -> tuple[dict[str, Chunks], list[str]]:
    """Document id -> chunks of its mentions, and the ids that had to be extracted."""
    setup = _setup(code, entities, kinds)
    keys = {d.id: _key(setup, d) for d in documents}
    found: dict[str, Chunks] = {}
    missing = []
    for document in documents:
        data = read_packed(folder / f"{keys[document.id]}.nqz")
        try:
            found[document.id] = split(data) if data is not None else {}
        except (SyntaxError, ValueError):
            data = None
        if data is None:
            missing.append(document)
    if missing:
        extracted = kg.build.mentions.mention_chunks(missing, kinds, entities)
        for document in missing:
            found[document.id] = extracted[document.id]
            with contextlib.suppress(OSError):
                folder.mkdir(parents=True, exist_ok=True)
                write_packed(folder / f"{keys[document.id]}.nqz", merge(extracted[document.id]))
    keep = {f"{k}.nqz" for k in keys.values()}
    with contextlib.suppress(OSError):
        for path in folder.glob("*.nqz"):
            if path.name not in keep:
                path.unlink(missing_ok=True)
    return found, [d.id for d in missing]
