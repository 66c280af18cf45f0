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
from collections.abc import Iterator, Mapping

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


def _structure(sparql: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, char, paren depth) of each '{' and '}' outside strings, IRIs and comments."""
    depth, i, n = 0, start, len(sparql)
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
        elif char in "{}":
            yield i, char, depth
        i += 1


_SHORT_CONSTRUCT = re.compile(r"\bCONSTRUCT\s+WHERE\b", re.IGNORECASE)


def _long_construct(sparql: str) -> str:
    """`CONSTRUCT WHERE { P }` as `CONSTRUCT { P } WHERE { P }`: the short form allows no VALUES."""
    match = _SHORT_CONSTRUCT.search(sparql)
    if match is None:
        return sparql
    start, depth = where_group_start(sparql), 0
    for index, char, _ in _structure(sparql, start):
        depth += 1 if char == "{" else -1
        if depth == 0:
            group = sparql[start : index + 1]
            return f"{sparql[: match.start()]}CONSTRUCT {group} WHERE {group}{sparql[index + 1 :]}"
    raise QueryError("the WHERE group of the CONSTRUCT is not closed")


def where_group_start(sparql: str, *, construct_template: bool = False) -> int:
    """Index of the '{' that opens the outermost group pattern; QueryError if there is none.

    With `construct_template`, the query is a CONSTRUCT whose first group is its template (unless
    it is the short form `CONSTRUCT WHERE { ... }`): the WHERE group is the next one.
    """
    if construct_template and not _SHORT_CONSTRUCT.search(sparql):
        braces = 0
        for index, char, _ in _structure(sparql):
            braces += 1 if char == "{" else -1
            if braces == 0:
                return where_group_start(sparql[index + 1 :]) + index + 1
        raise QueryError("the CONSTRUCT template is not closed")
    for index, char, depth in _structure(sparql):
        if char == "{" and depth == 0:
            return index
    raise QueryError("the query has no group pattern ({ ... }) to bind values in")


def with_values(
    sparql: str, bindings: Mapping[str, BindingValue] | None, *, construct: bool = False
) -> str:
    """`sparql` with `bindings` as a one-row VALUES block at the start of its WHERE group
    (`construct`: the query is a CONSTRUCT, whose template comes first)."""
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
    if construct:
        sparql = _long_construct(sparql)
    start = where_group_start(sparql, construct_template=construct) + 1
    return sparql[:start] + block + sparql[start:]
