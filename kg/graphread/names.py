"""Names in the store: the IRI bases of ids and graphs, the PREFIX block every read starts with,
and the short forms projections key their nodes by."""

from __future__ import annotations

from kg.namespace import GRAPH, ID, KG

__all__ = [
    "ID_BASE",
    "KG_BASE",
    "ONTOLOGY_GRAPH",
    "PREFIXES",
    "SOURCE_GRAPH",
    "local_name",
    "short",
    "source_id",
]

KG_BASE = str(KG._NS)
ID_BASE = str(ID)
SOURCE_GRAPH = str(GRAPH) + "source/"
ONTOLOGY_GRAPH = str(GRAPH) + "ontology"
PREFIXES = (
    f"PREFIX kg: <{KG_BASE}>\n"
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)


def local_name(iri: str) -> str:
    """The last segment of an IRI: 'Sanction' for kg:Sanction, 'asset-freeze' for a concept.

    >>> local_name("https://w3id.org/sanctions-kg/ontology#Sanction")
    'Sanction'
    """
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def short(iri: str) -> str:
    """A node key: the IRI's path under id/ ('state/jp'); other IRIs stay whole."""
    return iri[len(ID_BASE) :] if iri.startswith(ID_BASE) else iri


def source_id(graph_iri: str) -> str | None:
    """'000_6dda27f3a0c12004' for a source graph (or a source document IRI), else None."""
    for prefix in (SOURCE_GRAPH, ID_BASE + "source/"):
        if graph_iri.startswith(prefix):
            return graph_iri[len(prefix) :]
    return None
