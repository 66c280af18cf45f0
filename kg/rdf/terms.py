"""What the graph writers share: the namespaces they name in every triple, each term looked up
once, and the shapes of a triple and of a mention.

rdflib resolves `KG.title` through two Python calls on every access (the closed namespace's
check, then its cache), and `SEG["body"]` builds and checks a new URIRef each time; a document's
graph names the same few dozen terms hundreds of times. The terms are the same IRIs, and a term
the closed `KG` lacks is still an AttributeError (on its first use).
"""

from __future__ import annotations

from typing import Any, Protocol

from rdflib import RDF as _RDF
from rdflib import RDFS as _RDFS
from rdflib import SKOS as _SKOS
from rdflib import XSD as _XSD
from rdflib import URIRef
from rdflib.term import Node

from kg import namespace

__all__ = [
    "DK", "KG", "METHOD", "RDF", "RDFS", "SEG", "SKOS", "XSD", "MentionSpan", "Resolved", "Triple",
]  # fmt: skip

Triple = tuple[Node, Node, Node]


class MentionSpan(Protocol):
    """What the writer needs of a mention (kg.extract's MentionLink): read-only, so the build
    floor does not import the extractor."""

    @property
    def entity_id(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...


class Resolved:
    """A namespace whose terms are looked up once (attributes and items); only for namespaces
    of a bounded vocabulary, since every term asked for is kept."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace
        self._items: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        term: URIRef = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        term = self._items.get(name)
        if term is None:
            term = self._items[name] = self._namespace[name]
        return term


KG = Resolved(namespace.KG)
DK, METHOD, SEG = Resolved(namespace.DK), Resolved(namespace.METHOD), Resolved(namespace.SEG)
RDF, RDFS, SKOS, XSD = Resolved(_RDF), Resolved(_RDFS), Resolved(_SKOS), Resolved(_XSD)
