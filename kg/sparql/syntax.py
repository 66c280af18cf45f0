"""SPARQL syntax errors as a person can act on them: where (line, column), what was found there,
and what the engine expected, with the line and a caret under the place.

pyoxigraph reports `error at LINE:COLUMN: expected one of ...`; the guard's lexer supplies the
token found there.
"""

from __future__ import annotations

import re

from kg.errors import QueryError
from kg.sparql.lexer import tokenize

__all__ = ["describe_syntax_error"]

_AT = re.compile(r"error at (\d+):(\d+)(?:-\d+:\d+)?:\s*(.*)", re.DOTALL)
_MAX_EXPECTED = 8


def _offset(sparql: str, line: int, column: int) -> int:
    starts = [0] + [m.end() for m in re.finditer("\n", sparql)]
    line = min(max(line, 1), len(starts))
    return min(starts[line - 1] + max(column - 1, 0), len(sparql))


def _found(sparql: str, offset: int) -> str:
    """The token at `offset`, else the last one before it; 'the end of the query' past the end."""
    try:
        tokens = tokenize(sparql)
    except QueryError:
        tokens = []
    before = [t for t in tokens if t.start <= offset]
    if before and before[-1].start + len(before[-1].text) > offset:
        return repr(before[-1].text[:30])
    if not sparql[offset:].strip():
        return "the end of the query"
    return repr(sparql[offset:].split(None, 1)[0][:30])


def _expected(text: str) -> str:
    text = text.strip().splitlines()[0] if text.strip() else ""
    match = re.match(r"expected one of (.*)", text)
    if not match:
        return text
    items = [i.strip() for i in match.group(1).split(", ") if i.strip() not in ("[_]", "")]
    shown = ", ".join(items[:_MAX_EXPECTED]) + (", ..." if len(items) > _MAX_EXPECTED else "")
    return f"expected one of {shown}" if len(items) > 1 else f"expected {shown}"


def describe_syntax_error(sparql: str, message: str) -> str:
    """'SPARQL syntax error at line L, column C, at TOKEN: expected ...' and the line with a
    caret; the engine's message as it is when it names no position."""
    match = _AT.search(message)
    if not match:
        return f"SPARQL syntax error: {message}"
    line, column = int(match.group(1)), int(match.group(2))
    offset = _offset(sparql, line, column)
    end = len(sparql.rstrip())
    if offset >= end:  # past the last token (Oxigraph counts the final line end): point there
        offset = end
        line = sparql.count("\n", 0, end) + 1
        column = end - (sparql.rfind("\n", 0, end) + 1) + 1
    lines = sparql.splitlines() or [""]
    shown = lines[min(line, len(lines)) - 1]
    caret = " " * min(max(column - 1, 0), len(shown)) + "^"
    return (
        f"SPARQL syntax error at line {line}, column {column}, at {_found(sparql, offset)}: "
        f"{_expected(match.group(3))}\n  {shown}\n  {caret}"
    )
