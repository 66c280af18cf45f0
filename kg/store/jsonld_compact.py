"""Compaction of RDF quads to JSON-LD node objects against a fixed context, without a JSON-LD
processor: the context is flat (prefixes, and terms with an optional @type), so compaction is a
table lookup.

rdflib 7.6's JSON-LD writer loses the triples of a blank node that is the object of an
`"@type": "@id"` term (checked: `<x> kg:supportedBy _:b . _:b kg:exactText "..."` comes out with
no `_:b` node), so the project writes node objects itself. Rules:
- a predicate with a term is written by its term, else as a compact IRI (prefix:local), else in full;
- an IRI or blank node value is a plain string under an `@id` term, else `{"@id": ...}`;
- a literal is a plain string when the term's @type is its datatype (or it is an xsd:string and
  the term has no @type), else a value object with its @type or @language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from kg.errors import StoreError

__all__ = ["Compactor"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class Compactor:
    """Writes the node objects of one graph with the terms of a flat JSON-LD context."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v[-1:] in "/#"}
        self.terms: dict[str, tuple[str, str | None]] = {}  # IRI -> (term, @type)
        for name, definition in context.items():
            if name.startswith("@") or not isinstance(definition, dict | str):
                continue
            if isinstance(definition, str):
                definition = {"@id": definition}
            if name in self.prefixes:
                continue
            iri = self.expand(definition["@id"])
            coerce = definition.get("@type")
            self.terms.setdefault(iri, (name, self.expand(coerce) if coerce else None))

    def expand(self, value: str) -> str:
        if value.startswith("@"):
            return value
        prefix, sep, local = value.partition(":")
        if sep and prefix in self.prefixes and not local.startswith("//"):
            return self.prefixes[prefix] + local
        return value

    def key(self, iri: str) -> str:
        """The term for a predicate or class IRI, else a compact IRI, else the IRI itself."""
        if iri in self.terms:
            return self.terms[iri][0]
        best = max(
            ((p, ns) for p, ns in self.prefixes.items() if iri.startswith(ns) and iri != ns),
            key=lambda item: len(item[1]),
            default=None,
        )
        return f"{best[0]}:{iri[len(best[1]) :]}" if best else self._safe(iri)

    def _safe(self, iri: str) -> str:
        """An IRI written in full; refused when its scheme is a prefix (it would expand)."""
        scheme = iri.partition(":")[0]
        if scheme in self.prefixes and not iri[len(scheme) + 1 :].startswith("//"):
            raise StoreError(f"JSON-LD: IRI {iri!r} would be read as a compact IRI")
        return iri

    def nodes(self, quads: Iterable[ox.Quad]) -> list[dict[str, Any]]:
        """Node objects, sorted by @id, with properties sorted by key and values in a stable order."""
        subjects: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for quad in quads:
            subject = _id(quad.subject)
            predicate = quad.predicate.value
            if predicate == _RDF_TYPE and isinstance(quad.object, ox.NamedNode):
                subjects[subject]["@type"].append(self.key(quad.object.value))
                continue
            term = self.terms.get(predicate)
            coerce = term[1] if term else None
            subjects[subject][self.key(predicate)].append(self.value(quad.object, coerce))
        out = []
        for subject in sorted(subjects):
            node: dict[str, Any] = {"@id": self._safe(subject) if subject[:2] != "_:" else subject}
            for key in sorted(subjects[subject]):
                values = sorted(subjects[subject][key], key=_order)
                node[key] = values[0] if len(values) == 1 else values
            out.append(node)
        return out

    def value(
        self, term: ox.NamedNode | ox.BlankNode | ox.Literal | Any, coerce: str | None
    ) -> Any:
        if isinstance(term, ox.NamedNode | ox.BlankNode):
            iri = _id(term)
            iri = iri if iri[:2] == "_:" else self._safe(iri)
            return iri if coerce == "@id" else {"@id": iri}
        if not isinstance(term, ox.Literal):
            raise StoreError(f"JSON-LD: cannot write {term!r} (quoted triples are not supported)")
        if term.language:
            return {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        if coerce == datatype or (coerce is None and datatype == _XSD_STRING):
            return term.value
        if datatype == _XSD_STRING:
            return {"@value": term.value}
        return {"@value": term.value, "@type": self.key(datatype)}


def _id(term: Any) -> str:
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return term.value
    raise StoreError(f"JSON-LD: a subject must be an IRI or a blank node, not {term!r}")


def _order(value: Any) -> str:
    return value if isinstance(value, str) else repr(sorted(value.items()))
