"""Rows of a SELECT, read through `GraphStore.query` (so any backend serves), and the literal
values every projection reads the same way: text, and dates with their precision."""

from __future__ import annotations

from collections.abc import Mapping

from kg.dates import PartialDate
from kg.graphread.names import PREFIXES
from kg.store.base import DEFAULT_TIMEOUT_S, GraphStore
from kg.store.terms import BindingValue, Term

__all__ = ["DATE_PRECISION", "Row", "partial_date", "select", "text"]

Row = dict[str, Term | None]

# Datatype IRI -> precision, from PartialDate itself: xsd:date day, xsd:gYearMonth month, ...
DATE_PRECISION = {
    date.datatype: date.precision for date in map(PartialDate, ("2000-01-01", "2000-01", "2000"))
}


def select(
    store: GraphStore,
    sparql: str,
    bindings: Mapping[str, BindingValue] | None = None,
    *,
    timeout_s: float | None = DEFAULT_TIMEOUT_S,
) -> list[Row]:
    """Every row of a SELECT written against `PREFIXES`, by variable name (no row cap: a
    projection must not be cut silently)."""
    result = store.query(PREFIXES + sparql, bindings, timeout_s=timeout_s, max_rows=None)
    names = result.variables
    return [dict(zip(names, row, strict=True)) for row in result.rows]


def text(term: Term | None) -> str | None:
    """The lexical value of a bound term; None when unbound."""
    return None if term is None else term.value


def partial_date(term: Term | None) -> PartialDate | None:
    """A date literal as a PartialDate; None when unbound or not a date of a known precision."""
    if term is None:
        return None
    try:
        return PartialDate(term.value)
    except ValueError:
        return None
