"""Print query results as a table, CSV or SPARQL 1.1 JSON results."""

from __future__ import annotations

import csv
import io
import json

from rich.markup import escape
from rich.table import Table

from kg.namespace import BASE
from kg.store.terms import QueryResult, Term

__all__ = ["FORMATS", "to_csv", "to_json", "to_table"]

FORMATS = ("table", "csv", "json")


def _cell(term: Term | None) -> str:
    return "" if term is None else term.value


# Tables are for people: show our own IRIs as short prefixed names (CSV and JSON keep them whole).
_SHORT = (
    (BASE + "id/", "id:"),
    (BASE + "ontology#", "kg:"),
    (BASE + "vocab/", "kgv:"),
    (BASE + "graph/", "graph:"),
)


def _short_cell(term: Term | None) -> str:
    text = _cell(term)
    if term is not None and term.kind == "uri":
        for long, short in _SHORT:
            if text.startswith(long):
                return short + text[len(long) :]
    return text


def to_table(result: QueryResult, title: str | None = None) -> Table:
    table = Table(title=title, show_lines=False)
    for variable in result.variables:
        table.add_column(variable, overflow="fold")
    for row in result.rows:
        # rich renders [markup]: escape so that data cannot style or hide itself
        table.add_row(*(escape(_short_cell(t)) for t in row))
    return table


def to_csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.variables)
    writer.writerows([_cell(t) for t in row] for row in result.rows)
    return buffer.getvalue()


def _json_term(term: Term) -> dict[str, str]:
    out = {"type": term.kind, "value": term.value}
    if term.lang:
        out["xml:lang"] = term.lang
    elif term.datatype:
        out["datatype"] = term.datatype
    return out


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON Format."""
    bindings = [
        {v: _json_term(t) for v, t in zip(result.variables, row, strict=True) if t is not None}
        for row in result.rows
    ]
    return json.dumps(
        {"head": {"vars": result.variables}, "results": {"bindings": bindings}},
        ensure_ascii=False,
        indent=1,
    )
