"""Read RDF files from outside safely: no network, no file access, no entity expansion, all or nothing.

pyoxigraph's parsers never fetch remote JSON-LD contexts (no document loader is set) and never
touch the file system; RDF/XML with a DOCTYPE is refused outright, since entity declarations are
how XML bombs and external-entity reads work. A file is parsed completely before anything is
returned, so a malformed file can never leave half its triples in a store.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError

__all__ = ["RDF_FORMATS", "RdfInputError", "parse_rdf"]

RDF_FORMATS = {
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
MAX_BYTES = 2 * 1024**3


class RdfInputError(KGError):
    """An RDF file is malformed or asks for something unsafe; names the file."""


def parse_rdf(path: Path, graph: str | None = None) -> list[ox.Quad]:
    """Every quad of `path` (triples go to `graph` if given, else the default graph)."""
    path = Path(path)
    rdf_format = RDF_FORMATS.get(path.suffix.lower())
    if rdf_format is None:
        raise RdfInputError(
            f"{path}: unknown RDF format; use one of {', '.join(sorted(RDF_FORMATS))}"
        )
    try:
        if path.stat().st_size > MAX_BYTES:
            raise RdfInputError(f"{path}: larger than {MAX_BYTES} bytes; split it")
        data = path.read_bytes()
    except OSError as error:
        raise RdfInputError(f"{path}: cannot read: {error.strerror or error}") from error
    if rdf_format == ox.RdfFormat.RDF_XML and (b"<!DOCTYPE" in data or b"<!ENTITY" in data):
        raise RdfInputError(f"{path}: RDF/XML with DOCTYPE or ENTITY declarations is refused")
    try:
        quads = list(ox.parse(data, format=rdf_format, rename_blank_nodes=True))
    except (SyntaxError, ValueError) as error:
        raise RdfInputError(f"{path}: not valid {path.suffix[1:]}: {error}") from error
    if graph is None:
        return quads
    target = ox.NamedNode(graph)
    return [
        ox.Quad(q.subject, q.predicate, q.object, target)
        if isinstance(q.graph_name, ox.DefaultGraph)
        else q
        for q in quads
    ]
