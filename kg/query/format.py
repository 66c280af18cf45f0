"""Print query results for people (a table) and for programs (CSV, TSV, SPARQL JSON).

Tables show IRIs as prefixed names (kg.query.names: what `-p` accepts back) and keep each row on
one line at the terminal's width, cutting long cells with an ellipsis; `wide` shows every cell
whole. CSV and JSON follow the SPARQL 1.1 results formats (whole IRIs). TSV is for pipes
(`cut`, `sort`, `awk`): one row per line, plain values, tabs, line ends and backslashes escaped
as \\t, \\n, \\\\.
"""

from __future__ import annotations

import csv
import io
import json

from rich.markup import escape
from rich.table import Table

from kg.query.names import shorten
from kg.store.terms import QueryResult, Term

__all__ = ["FORMATS", "render_text", "to_csv", "to_json", "to_table", "to_tsv"]

FORMATS = ("table", "csv", "json", "tsv")
_NARROW_CELL = 60  # a cell longer than this is cut in a table (unless wide)


def _cell(term: Term | None) -> str:
    return "" if term is None else term.value


def short_cell(term: Term | None) -> str:
    """A cell as a table shows it: IRIs as prefixed names, literals as their text."""
    if term is None:
        return ""
    return shorten(term.value) if term.kind == "uri" else term.value


def to_table(result: QueryResult, title: str | None = None, *, wide: bool = False) -> Table:
    table = Table(title=title, show_lines=False, pad_edge=False, collapse_padding=True)
    for variable in result.variables:
        if wide:
            table.add_column(variable, no_wrap=True, overflow="fold")
        else:
            table.add_column(variable, no_wrap=True, overflow="ellipsis", max_width=_NARROW_CELL)
    for row in result.rows:
        # rich renders [markup]: escape so that data cannot style or hide itself
        cells = (short_cell(t) for t in row)
        table.add_row(*(escape(c if wide else " ".join(c.split())) for c in cells))
    return table


def to_csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(result.variables)
    writer.writerows([_cell(t) for t in row] for row in result.rows)
    return buffer.getvalue()


def _tsv_cell(term: Term | None) -> str:
    return (
        _cell(term)
        .replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\r", "\\r")
        .replace("\n", "\\n")
    )


def to_tsv(result: QueryResult) -> str:
    lines = ["\t".join(result.variables)]
    lines += ["\t".join(_tsv_cell(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


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


def render_text(result: QueryResult, fmt: str) -> str:
    """The result in a text format: csv, json or tsv."""
    if fmt == "csv":
        return to_csv(result)
    if fmt == "json":
        return to_json(result) + "\n"
    if fmt == "tsv":
        return to_tsv(result)
    raise ValueError(f"{fmt!r} is not a text format; use one of csv, json, tsv")
