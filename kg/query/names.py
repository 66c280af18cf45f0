"""The prefixes people read and write: `id:person/sergey-lavrov` for the project's own IRIs.

Tables print IRIs with these prefixes and `-p` accepts them back, so what a user copies from one
answer can be pasted into the next command.
"""

from __future__ import annotations

from kg.config import BASE_IRI as BASE

__all__ = ["PREFIXES", "expand", "shorten"]

PREFIXES = {
    "id": BASE + "id/",
    "kg": BASE + "ontology#",
    "kgv": BASE + "vocab/",
    "graph": BASE + "graph/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
}
# Longest namespace first, so that a namespace inside another one wins.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


def shorten(iri: str) -> str:
    """`iri` as prefix:local when a known namespace holds it, else unchanged."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def expand(name: str) -> str | None:
    """The IRI of a prefixed name of a known prefix ('id:state/jp'), else None."""
    prefix, sep, local = name.partition(":")
    if not sep or prefix not in PREFIXES or not local or local.startswith("//"):
        return None
    return PREFIXES[prefix] + local
