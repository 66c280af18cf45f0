"""Stable IRIs: derived from ids and names, never from run order."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from kg.namespace import GRAPH, ID

__all__ = [
    "CURATION_GRAPH",
    "ID_PATTERN",
    "ONTOLOGY_GRAPH",
    "REFERENCE_GRAPH",
    "evidence_iri",
    "graph_iri",
    "node_iri",
    "slugify",
    "source_iri",
]

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

REFERENCE_GRAPH = GRAPH["reference"]
ONTOLOGY_GRAPH = GRAPH["ontology"]
CURATION_GRAPH = GRAPH["curation"]


def slugify(text: str) -> str:
    """A readable, stable id for a name: 'Sergey V. Lavrov' -> 'sergey-v-lavrov'.

    Names with no Latin letters (Cyrillic, Japanese) get a hash-based slug, so that two different
    names never collapse to the same empty id.
    """
    normal = unicodedata.normalize("NFKC", text).strip()
    folded = unicodedata.normalize("NFKD", normal).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if len(slug) < max(1, len(normal.replace(" ", "")) // 2):
        digest = hashlib.sha1(normal.casefold().encode("utf-8")).hexdigest()[:10]
        slug = f"{slug}-{digest}" if slug else f"x-{digest}"
    return slug


def node_iri(kind: str, node_id: str) -> URIRef:
    """IRI of an entity or fact: https://w3id.org/sanctions-kg/id/<kind>/<id>, the kind's
    underscores as hyphens in the path (name_usage -> name-usage)."""
    return ID[f"{kind.replace('_', '-')}/{node_id}"]


def source_iri(source_id: str) -> URIRef:
    return ID[f"source/{source_id}"]


def graph_iri(source_id: str) -> URIRef:
    """The named graph that holds what one source says."""
    return GRAPH[f"source/{source_id}"]


def evidence_iri(source_id: str, start: int, end: int) -> str:
    """The IRI of a span of a source as a plain string: its writer makes the node of it
    (GraphWriter.named), which a writer of N-Quads text makes without an rdflib term."""
    return f"{ID}evidence/{source_id}/{start}-{end}"
