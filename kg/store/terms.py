"""Backend-neutral query results: terms shaped like SPARQL 1.1 JSON results, and bindings.

Every backend returns `QueryResult`; every backend takes bindings as `Term`s (or plain Python
values, rdflib terms), so user values never become query text.

Python values (`Term.to_python`): numbers, booleans, and dates as `kg.dates.PartialDate` for all
three precisions (xsd:date, xsd:gYearMonth, xsd:gYear), so that one column of dates has one type
that sorts ('2014' < '2014-05' < '2014-05-02', coarser first) and keeps its precision. Everything
else is its string. A `str` binding is always a literal, even when it looks like an IRI: that is
said with an `IriLikeLiteral` warning; bind `Term.iri(...)` for a node.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias

import pyoxigraph as ox

from kg.dates import PartialDate
from kg.errors import QueryError
from kg.store.frames import to_dataframe

if (
    TYPE_CHECKING
):  # rdflib is imported only where a caller already uses it (a cold start saves 0.1 s)
    from rdflib import Literal, URIRef

__all__ = ["BindingValue", "IriLikeLiteral", "QueryResult", "Term", "to_term"]

XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC: dict[str, type] = {
    **dict.fromkeys(
        (
            f"{XSD}{n}"
            for n in [
                "integer",
                "int",
                "long",
                "short",
                "byte",
                "nonNegativeInteger",
                "positiveInteger",
                "nonPositiveInteger",
                "negativeInteger",
                "unsignedInt",
                "unsignedLong",
            ]
        ),
        int,
    ),
    f"{XSD}decimal": Decimal,
    f"{XSD}double": float,
    f"{XSD}float": float,
}
DATE_TYPES = (f"{XSD}date", f"{XSD}gYearMonth", f"{XSD}gYear")
# What a person means as a node when they write it as text: <...>, scheme://..., urn:...
_IRI_LIKE = re.compile(r"<[^<>\s]+>|[A-Za-z][A-Za-z0-9+.-]*://\S+|urn:\S+", re.IGNORECASE)


class IriLikeLiteral(UserWarning):
    """A `str` bound as a value looks like an IRI; it stays a literal (bind Term.iri for a node)."""


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
        """int, Decimal, float, bool; PartialDate for dates of any precision; else the string.

        A literal whose text does not fit its datatype ("abc"^^xsd:integer) stays a string.
        """
        if self.kind != "literal" or self.datatype is None:
            return self.value
        try:
            if self.datatype in _NUMERIC:
                return _NUMERIC[self.datatype](self.value)
            if self.datatype == f"{XSD}boolean":
                return self.value in ("true", "1")
            if self.datatype in DATE_TYPES:
                return PartialDate(self.value)
        except (ValueError, ArithmeticError):
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


BindingValue: TypeAlias = (
    "Term | URIRef | Literal | str | int | float | bool | Decimal | dt.date | PartialDate"
)


def to_term(value: BindingValue) -> Term:
    """A binding value as a Term: rdflib terms keep their kind; a str is a plain literal."""
    if isinstance(value, Term):
        return value
    if isinstance(value, str) and type(value).__module__ == "builtins":
        if _IRI_LIKE.fullmatch(value.strip()):
            warnings.warn(
                f"{value[:80]!r} is bound as a string literal, not a node; "
                "bind Term.iri(...) to mean the IRI",
                IriLikeLiteral,
                stacklevel=3,
            )
        return Term.literal(value, f"{XSD}string")
    if "rdflib" in sys.modules:  # an rdflib term can only exist once rdflib is imported
        from rdflib import Literal, URIRef

        if isinstance(value, URIRef):
            return Term.iri(str(value))
        if isinstance(value, Literal):
            datatype = str(value.datatype) if value.datatype else None
            if value.language is None and datatype is None:
                datatype = f"{XSD}string"
            return Term.literal(str(value), datatype, value.language)
    return _python_term(value)


def _python_term(value: object) -> Term:
    if isinstance(value, bool):
        return Term.literal("true" if value else "false", f"{XSD}boolean")
    if isinstance(value, int):
        return Term.literal(str(value), f"{XSD}integer")
    if isinstance(value, float):
        text = "NaN" if value != value else {float("inf"): "INF", float("-inf"): "-INF"}.get(value)
        return Term.literal(text or repr(value), f"{XSD}double")
    if isinstance(value, Decimal):
        return Term.literal(str(value), f"{XSD}decimal")
    if isinstance(value, dt.datetime):
        return Term.literal(value.isoformat(), f"{XSD}dateTime")
    if isinstance(value, dt.date):
        return Term.literal(value.isoformat(), f"{XSD}date")
    if isinstance(value, PartialDate):
        return Term.literal(value.iso, value.datatype)
    if isinstance(value, str):  # a str subclass
        return Term.literal(str(value), f"{XSD}string")
    raise QueryError(f"{value!r}: a {type(value).__name__} cannot be bound; give a Term or a str")


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
        """A typed pandas DataFrame: see kg.store.frames.to_dataframe (pd.NA for every gap)."""
        return to_dataframe(self.variables, self.values())

    @classmethod
    def from_rows(
        cls, variables: Sequence[str], rows: Sequence[Mapping[str, Term]], truncated: bool = False
    ) -> QueryResult:
        return cls(list(variables), [tuple(r.get(v) for v in variables) for r in rows], truncated)
