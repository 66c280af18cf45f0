"""Bindings for servers: the SPARQL protocol has none, so values travel in a VALUES block.

Each value is written as an N-Triples term by pyoxigraph's strict writer (Term.n3), and the block
is put first in the query's outermost group, where it constrains every pattern as pyoxigraph's
substitutions do on the embedded store. No raw value is ever pasted into query text.

Finding that group needs a small scanner: the first '{' outside strings, IRIs, comments and
parentheses (a SELECT expression may hold EXISTS { ... }) opens the WHERE clause of a SELECT or
ASK query.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kg.errors import QueryError
from kg.store.terms import BindingValue, to_term

__all__ = ["where_group_start", "with_values"]

_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_STRING = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r'|"(?:[^"\\\n\r]|\\.)*"',
    re.DOTALL,
)


def where_group_start(sparql: str) -> int:
    """Index of the '{' that opens the outermost group pattern; QueryError if there is none."""
    depth, i, n = 0, 0, len(sparql)
    while i < n:
        char = sparql[i]
        if char == "#":
            end = sparql.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if char in "'\"":
            match = _STRING.match(sparql, i)
            if not match:
                raise QueryError("unterminated string in the query")
            i = match.end()
            continue
        if char == "<":
            match = _IRIREF.match(sparql, i)
            i = match.end() if match else i + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "{" and depth == 0:
            return i
        i += 1
    raise QueryError("the query has no group pattern ({ ... }) to bind values in")


def with_values(sparql: str, bindings: Mapping[str, BindingValue] | None) -> str:
    """`sparql` with `bindings` as a one-row VALUES block at the start of its WHERE group."""
    if not bindings:
        return sparql
    names, terms = [], []
    for name, value in bindings.items():
        if not _VARNAME.fullmatch(name):
            raise QueryError(f"{name!r} is not a variable name that can be bound")
        if not re.search(rf"[?$]{name}\b", sparql):
            raise QueryError(f"the query has no variable ?{name} to bind")
        term = to_term(value)
        if term.kind == "bnode":
            raise QueryError(
                f"?{name}: a blank node cannot be bound (it names nothing outside its graph)"
            )
        names.append(f"?{name}")
        terms.append(term.n3())
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }} "
    start = where_group_start(sparql) + 1
    return sparql[:start] + block + sparql[start:]
