"""Stage 1: read source documents (articles as text, Markdown or HTML) and their metadata.

Every later stage reads documents through it: `kg build` the bundled corpus, `kg ingest` any
folder of articles, the evaluation its corpus; it imports none of them.
"""

from kg.sources.documents import read_corpus, read_document

__all__ = ["read_corpus", "read_document"]
