"""Open-world mentions of the bundled sources: every entity the extractor recognises in a
curated article, as `kg:Mention` nodes and `kg:mentions` links (and the nodes minted for names
outside the gazetteer), the same triples `kg ingest` writes for an article it reads.

This module imports the extractor (and so spaCy): kg.build reaches it through the package's
lazy attribute (`kg.build.mentions`) only when a document's mentions are not in the build
cache, so a build with nothing new to read never imports spaCy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

from kg.build.chunks import Chunks, chunks_of
from kg.extract import Extractor
from kg.link.gazetteer import reference_gazetteer
from kg.model import SourceDocument
from kg.rdf.writer import GraphWriter

__all__ = ["mention_chunks"]


@cache
def _extractor(entities: Path, kinds: tuple[tuple[str, str], ...]) -> Extractor:
    """One extractor per gazetteer and id set (the model itself is loaded once per process)."""
    return Extractor(reference_gazetteer(entities), known_ids=dict(kinds))


def mention_chunks(
    documents: Sequence[SourceDocument], kinds: Mapping[str, str], entities: Path
) -> dict[str, Chunks]:
    """Document id -> the chunks of its mentions (its own graph only)."""
    extractor = _extractor(entities, tuple(sorted(kinds.items())))
    found: dict[str, Chunks] = {}
    for document in documents:
        result = extractor.extract(document)
        minted = [*result.entities, *result.mentioned]
        index = dict(kinds)
        index.update({e.id: e.kind for e in minted})
        writer = GraphWriter(index)
        linked = {link.entity_id for link in result.mention_links}
        for entity in minted:
            if entity.id in linked:  # a node the document names; facts are the curators' own
                writer.add_entity(entity)
        for link in result.mention_links:
            writer.add_mention(document.id, link)
        found[document.id] = chunks_of(writer.dataset)
    return found
