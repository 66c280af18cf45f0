"""Content negotiation and result conversion for the endpoint.

A query worker cuts a SELECT answer at the row cap as SPARQL TSV (one line per row), then hands
the kept lines to pyoxigraph, which writes them in whatever format the client asked for (JSON,
XML, CSV, TSV); graphs (Turtle, N-Triples, RDF/XML, JSON-LD) are written by pyoxigraph from the
kept triples. pyoxigraph does all escaping; nothing here writes RDF by hand.
"""

from __future__ import annotations

import pyoxigraph as ox

__all__ = ["GRAPH_TYPES", "RESULT_TYPES", "convert_results", "negotiate"]

RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The offered media type that the Accept header gives the highest quality (the first
    offered on a tie, or when there is no header); None when it accepts none (HTTP 406)."""
    if not accept or not accept.strip():
        return offered[0]
    ranges: list[tuple[str, float]] = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))

    def quality_of(candidate: str) -> float:
        specific, quality = -1, 0.0
        for media, q in ranges:
            level = (
                2 if media == candidate
                else 1 if media == candidate.split("/")[0] + "/*"
                else 0 if media == "*/*"
                else -1
            )  # fmt: skip
            if level > specific:
                specific, quality = level, q
        return quality

    scored = [(quality_of(c), -i, c) for i, c in enumerate(offered)]
    best = max(scored)
    return best[2] if best[0] > 0 else None


def convert_results(tsv: bytes, media_type: str) -> bytes:
    """SPARQL TSV results (header line, one line per row) in the format of `media_type`."""
    solutions = ox.parse_query_results(tsv, ox.QueryResultsFormat.TSV)
    return solutions.serialize(format=RESULT_TYPES[media_type]) or b""
