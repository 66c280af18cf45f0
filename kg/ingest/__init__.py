"""Stage 1: read source documents and their metadata."""

from kg.ingest.documents import read_corpus, read_document

__all__ = ["read_corpus", "read_document"]
