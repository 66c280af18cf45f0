"""Print query results for people (a table) and for programs (CSV, TSV, SPARQL JSON).

Tables show IRIs as prefixed names (kg.query.names: what `-p` accepts back) and keep each row on
one line at the terminal's width, cutting long cells with an ellipsis; `wide` shows every cell
whole. CSV and JSON follow the SPARQL 1.1 results formats (whole IRIs). TSV is for pipes
(`cut`, `sort`, `awk`): one row per line, plain values, tabs, line ends and backslashes escaped
as \\t, \\n, \\\\. rich is loaded only for a table: CSV, TSV and JSON print without it.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

from kg.query.names import shorten

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

    from kg.store.terms import QueryResult, Term

__all__ = [
    "FORMATS",
    "fit_widths",
    "fits",
    "render_text",
    "short_cell",
    "to_csv",
    "to_json",
    "to_records",
    "to_table",
    "to_tsv",
    "wide_width",
]

FORMATS = ("table", "csv", "json", "tsv")
_NARROW_CELL = 60  # a cell longer than this is cut in a table (unless wide)


def _cell(term: Term | None) -> str:
    return "" if term is None else term.value


def short_cell(term: Term | None) -> str:
    """A cell as a table shows it: IRIs as prefixed names, literals as their text."""
    if term is None:
        return ""
    return shorten(term.value) if term.kind == "uri" else term.value


def fit_widths(natural: list[int], available: int) -> list[int]:
    """Column widths within `available`: the widest columns give way first (water-filling), so a
    short IRI stays whole while a long text is cut."""
    if sum(natural) <= available or not natural:
        return natural
    low, high = 1, max(natural)
    while low < high:  # the largest cap whose widths fit
        cap = (low + high + 1) // 2
        if sum(min(n, cap) for n in natural) <= available:
            low = cap
        else:
            high = cap - 1
    return [min(n, max(low, 3)) for n in natural]


def _rows(result: QueryResult) -> list[list[Text]]:
    from rich.text import Text

    # Text, not markup strings: data must not style itself, nor turn :x: into an emoji.
    # Whitespace runs (tabs, line ends) become one space: a row stays one line.
    return [[Text(" ".join(c.split())) for c in map(short_cell, row)] for row in result.rows]


def _natural(result: QueryResult, rows: list[list[Text]]) -> list[int]:
    return [max([len(v), *(r[i].cell_len for r in rows)]) for i, v in enumerate(result.variables)]


def wide_width(result: QueryResult) -> int:
    """The width a `wide` table of `result` needs, borders included."""
    natural = _natural(result, _rows(result))
    return sum(natural) + 1 + 3 * len(natural)


def to_table(
    result: QueryResult, title: str | None = None, *, width: int = 80, wide: bool = False
) -> Table:
    """A table of `result` within `width` columns, one line a row (`wide`: cells whole)."""
    from rich.table import Table

    rows = _rows(result)
    natural = _natural(result, rows)
    if not wide:
        natural = [min(n, _NARROW_CELL) for n in natural]
        # each column takes a border and a space of padding on each side
        natural = fit_widths(natural, width - 1 - 3 * len(natural))
    table = Table(title=title, show_lines=False, pad_edge=True)
    for variable, size in zip(result.variables, natural, strict=True):
        table.add_column(variable, no_wrap=True, overflow="ellipsis", width=size)
    for row in rows:
        table.add_row(*row)
    return table


MIN_CELL = 14  # narrower than this, a table is unreadable: rows are shown as records instead


def fits(result: QueryResult, width: int) -> bool:
    """Whether a table of `result` within `width` keeps every cut column at least MIN_CELL wide."""
    natural = [min(n, _NARROW_CELL) for n in _natural(result, _rows(result))]
    widths = fit_widths(natural, width - 1 - 3 * len(natural))
    return all(w >= min(n, MIN_CELL) for w, n in zip(widths, natural, strict=True))


def to_records(result: QueryResult, title: str | None = None, *, width: int = 80) -> Text:
    """Each row as 'name  value' lines under a rule (psql's expanded view), for results too wide
    to be a table: long values are cut at `width`."""
    from rich.text import Text

    label = max((len(v) for v in result.variables), default=0)
    text = Text()
    if title:
        text.append(f"{title}\n", style="bold")
    for number, row in enumerate(_rows(result), 1):
        text.append(f"-- row {number} " + "-" * max(0, min(width, 40) - 11 - len(str(number))))
        text.append("\n")
        for variable, cell in zip(result.variables, row, strict=True):
            value = cell.plain
            room = max(width - label - 2, 10)
            shown = value if len(value) <= room else value[: room - 1] + "…"
            text.append(f"{variable:<{label}}  ", style="bold")
            text.append(f"{shown}\n")
    text.rstrip()
    return text


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
