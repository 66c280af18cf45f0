"""The model as RDF: the terms every triple names, the writer that turns documents, entities and
facts into one named graph per source, the assembled graph, and its canonical bytes.

Both `kg ingest` (a graph per machine-read document) and `kg build` (the whole graph) write
through it, so it sits below the two and imports neither.
"""

from kg.rdf.assemble import assemble
from kg.rdf.canonical import canonical_nquads
from kg.rdf.writer import GraphWriter

__all__ = ["GraphWriter", "assemble", "canonical_nquads"]
