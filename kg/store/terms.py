"""Backend-neutral query results: terms shaped like SPARQL 1.1 JSON results, and bindings.

Every backend returns `QueryResult`; every backend takes bindings as `Term`s (or plain Python
values, rdflib terms), so user values never become query text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import QueryError

__all__ = ["BindingValue", "QueryResult", "Term", "to_term"]

_NUMERIC = {
    str(XSD.integer): int,
    str(XSD.int): int,
    str(XSD.long): int,
    str(XSD.nonNegativeInteger): int,
    str(XSD.decimal): Decimal,
    str(XSD.double): float,
    str(XSD.float): float,
}


@dataclass(frozen=True)
class Term:
    """An RDF term: kind is 'uri', 'literal' or 'bnode' (as in SPARQL JSON results)."""

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    def __str__(self) -> str:
        return self.value

    @classmethod
    def iri(cls, value: str) -> Term:
        return cls("uri", value)

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, lang: str | None = None) -> Term:
        return cls("literal", value, None if lang else datatype, lang)

    def to_python(self) -> Any:
        """Numbers, booleans and day dates as Python values; everything else as its string."""
        if self.kind != "literal" or self.datatype is None:
            return self.value
        try:
            if self.datatype in _NUMERIC:
                return _NUMERIC[self.datatype](self.value)
            if self.datatype == str(XSD.boolean):
                return self.value in ("true", "1")
            if self.datatype == str(XSD.date):
                return dt.date.fromisoformat(self.value)
        except ValueError:
            return self.value
        return self.value

    def n3(self) -> str:
        """N-Triples form, escaped by pyoxigraph's strict writer: the one safe way into query text.

        An IRI that N-Triples cannot hold (a space, '>', '{', ...) is a QueryError, not text that
        could close the term early and rewrite the query around it.
        """
        try:
            if self.kind == "uri":
                return str(ox.NamedNode(self.value))
            if self.kind == "bnode":
                return str(ox.BlankNode(self.value))
            if self.lang:
                return str(ox.Literal(self.value, language=self.lang))
            datatype = ox.NamedNode(self.datatype) if self.datatype else None
            return str(ox.Literal(self.value, datatype=datatype))
        except ValueError as error:
            raise QueryError(f"{self.value!r} cannot be a {self.kind} term: {error}") from None


BindingValue = Term | URIRef | Literal | str | int | float | bool | Decimal | dt.date


def to_term(value: BindingValue) -> Term:
    """A binding value as a Term: rdflib terms keep their kind; str is a plain literal."""
    if isinstance(value, Term):
        return value
    if isinstance(value, URIRef):
        return Term.iri(str(value))
    if not isinstance(value, Literal):
        value = Literal(value)
    datatype = str(value.datatype) if value.datatype else None
    if value.language is None and datatype is None:
        datatype = str(XSD.string)
    return Term.literal(str(value), datatype, value.language)


@dataclass
class QueryResult:
    """A SELECT result: variable names and rows of terms (None where a variable is unbound)."""

    variables: list[str]
    rows: list[tuple[Term | None, ...]]
    truncated: bool = False

    def __iter__(self) -> Iterator[tuple[Term | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[Term | None]:
        index = self.variables.index(name)
        return [row[index] for row in self.rows]

    def values(self) -> list[tuple[Any, ...]]:
        """Rows as Python values (see Term.to_python), None for unbound."""
        return [tuple(t.to_python() if t else None for t in row) for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.values()]

    def to_dataframe(self) -> Any:
        import pandas as pd

        return pd.DataFrame(self.values(), columns=self.variables)

    @classmethod
    def from_rows(
        cls, variables: Sequence[str], rows: Sequence[Mapping[str, Term]], truncated: bool = False
    ) -> QueryResult:
        return cls(list(variables), [tuple(r.get(v) for v in variables) for r in rows], truncated)
