"""Ingested document graphs for the build tests, as `kg ingest` would write them."""

from __future__ import annotations

import hashlib

from kg.iris import graph_iri

K = "https://w3id.org/sanctions-kg/ontology#"
ID = "https://w3id.org/sanctions-kg/id/"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
KIND = "https://w3id.org/sanctions-kg/vocab/document-kind/news-article"


def document_graph(name: str, *extra: str, title: str | None = None) -> str:
    """A valid ingested graph `name`: one source document and its metadata (titled `title`,
    else its name), and the `extra` rows, each as N-Quads in that graph."""
    graph, doc, title = str(graph_iri(name)), f"{ID}source/{name}", title or name
    rows = [
        f"<{doc}> <{TYPE}> <{K}SourceDocument>",
        f'<{doc}> <{K}title> "{title}"',
        f'<{doc}> <{K}publishedDate> "2024"^^<{XSD}gYear>',
        f'<{doc}> <{K}contentHash> "{hashlib.sha256(title.encode()).hexdigest()}"',
        f"<{doc}> <{K}documentKind> <{KIND}>",
        *extra,
    ]
    return "".join(f"{row} <{graph}> .\n" for row in rows)
