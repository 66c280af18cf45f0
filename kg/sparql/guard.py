"""Refuse what the read path must not run: updates, SERVICE, LOAD, and FROM outside our graphs.

pyoxigraph and rdflib send HTTP requests for SERVICE and read files for LOAD, so every user query
is checked before it reaches a store, on every path (CLI, Python API, endpoint, remote store).
The check reads tokens with kg.sparql.lexer, which refuses whatever two SPARQL readers could read
differently, so the guard sees what the engine will see. It is deliberately not a parser: the
engine finds syntax errors; the guard only looks for forbidden keywords and names, which keeps
it fast (well under a millisecond for a named query) and no narrower than the engine (LATERAL,
isTRIPLE, SPARQL 1.2 triple terms pass). Oxigraph reads a keyword even when a name follows with
no space (`SERVICE:x`, `serviceX:y` is SERVICE then `X:y`), so any word or prefix that starts
with a forbidden keyword is refused. Nesting is capped because Oxigraph's parser recurses (5,000
parentheses crashed it) and slows steeply on nested lists and blank nodes; the number of tokens
is capped for the same reason (long chains of operators, UNIONs or triples crashed it too).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from kg.config import GRAPH_IRI
from kg.errors import QueryError, QueryRefused
from kg.sparql.lexer import Token, position, tokenize

__all__ = ["MAX_DEPTH", "MAX_TOKENS", "check_read_query", "query_form"]

MAX_DEPTH = 64
MAX_TOKENS = (
    5_000  # Oxigraph's parser overflowed its stack on 10,000 `!` in a row, 20,000 of `1+1+...`
)
FORMS = {
    "SELECT": "SelectQuery",
    "ASK": "AskQuery",
    "CONSTRUCT": "ConstructQuery",
    "DESCRIBE": "DescribeQuery",
}
UPDATES = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
    "USING",
)
UPDATE_REFUSED = (
    "updates (INSERT, DELETE, LOAD, CLEAR, DROP, ...) are refused: this is a read-only path"
)
SERVICE_REFUSED = "SERVICE is refused: queries may not call other endpoints"
OPENERS = {"(", "[", "{", "{|", "<<", "<<("}
CLOSERS = {")", "]", "}", "|}", ">>", ")>>"}
_GRAPHS = GRAPH_IRI


def check_read_query(sparql: str) -> str:
    """Return the query form ('SelectQuery', 'AskQuery', 'ConstructQuery', 'DescribeQuery') or
    raise QueryRefused (something a read path must not run) / QueryError (cannot be read)."""
    if not isinstance(sparql, str):
        raise QueryError(f"a query is text, not {type(sparql).__name__}")
    tokens = tokenize(sparql, MAX_TOKENS)
    _check_words(sparql, tokens)
    _check_depth(sparql, tokens)
    prefixes, base, index = _prologue(sparql, tokens)
    if index == len(tokens):
        raise QueryError(
            "SPARQL syntax error: no query (expected SELECT, ASK, CONSTRUCT or DESCRIBE)"
        )
    first = tokens[index]
    form = FORMS.get(first.text.upper()) if first.kind == "word" else None
    if form is None:
        raise QueryError(
            f"SPARQL syntax error: expected SELECT, ASK, CONSTRUCT or DESCRIBE at "
            f"{position(sparql, first.start)}, found {first.text[:30]!r}"
        )
    _check_datasets(sparql, tokens, index, prefixes, base)
    return form


def query_form(sparql: str) -> str:
    return check_read_query(sparql)


def _leading_keyword(token: Token) -> str | None:
    """The forbidden keyword that Oxigraph would read at the start of a word or prefixed name."""
    if token.kind not in ("word", "pname"):
        return None
    head = token.text.split(":", 1)[0].upper() if token.kind == "pname" else token.text.upper()
    if head.startswith("SERVICE"):
        return "SERVICE"
    return next((word for word in UPDATES if head.startswith(word)), None)


def _check_words(sparql: str, tokens: list[Token]) -> None:
    for token in tokens:
        keyword = _leading_keyword(token)
        if keyword is None:
            continue
        message = SERVICE_REFUSED if keyword == "SERVICE" else UPDATE_REFUSED
        if token.text.upper() != keyword:
            message += (
                f" ({token.text[:40]!r} at {position(sparql, token.start)} starts with "
                f"{keyword}, which the engine reads as the keyword; rename the prefix)"
            )
        raise QueryRefused(message)


def _check_depth(sparql: str, tokens: list[Token]) -> None:
    depth = 0
    for token in tokens:
        if token.kind != "punct":
            continue
        if token.text in OPENERS:
            depth += 1
            if depth > MAX_DEPTH:
                raise QueryRefused(
                    f"nesting deeper than {MAX_DEPTH} levels of (), [] or {{}} at "
                    f"{position(sparql, token.start)} is refused"
                )
        elif token.text in CLOSERS:
            depth -= 1
            if depth < 0:
                raise QueryError(
                    f"SPARQL syntax error: unbalanced {token.text!r} at {position(sparql, token.start)}"
                )


def _prologue(sparql: str, tokens: list[Token]) -> tuple[dict[str, str], str | None, int]:
    """PREFIX and BASE declarations before the query form, and the index of the first token after."""
    prefixes: dict[str, str] = {}
    base: str | None = None
    index = 0
    while index < len(tokens) and tokens[index].kind == "word":
        keyword = tokens[index].text.upper()
        if keyword == "BASE" and index + 1 < len(tokens) and tokens[index + 1].kind == "iri":
            base = _resolve(tokens[index + 1].text[1:-1], base)
            index += 2
        elif (
            keyword == "PREFIX"
            and index + 2 < len(tokens)
            and tokens[index + 1].kind == "pname"
            and tokens[index + 1].text.endswith(":")
            and tokens[index + 2].kind == "iri"
        ):
            name = tokens[index + 1].text[:-1]
            prefixes[name] = _resolve(tokens[index + 2].text[1:-1], base)
            index += 3
        elif keyword in ("BASE", "PREFIX"):
            raise QueryError(
                f"SPARQL syntax error: malformed {keyword} at {position(sparql, tokens[index].start)}"
            )
        else:
            break
    return prefixes, base, index


def _resolve(iri: str, base: str | None) -> str:
    """A relative IRI against BASE (RFC 3986); an absolute one as written."""
    if base is None or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", iri):
        return iri
    return urljoin(base, iri)


def _check_datasets(
    sparql: str, tokens: list[Token], start: int, prefixes: dict[str, str], base: str | None
) -> None:
    """FROM / FROM NAMED may only name this project's own graphs."""
    for index in range(start, len(tokens)):
        token = tokens[index]
        if token.kind not in ("word", "pname") or not token.text.upper().startswith("FROM"):
            continue
        where = position(sparql, token.start)
        if token.text.upper() != "FROM":
            raise QueryRefused(f"{token.text[:40]!r} at {where}: write FROM as a word of its own")
        clause, target = "FROM", tokens[index + 1] if index + 1 < len(tokens) else None
        if (
            target is not None
            and target.kind in ("word", "pname")
            and target.text.upper().startswith("NAMED")
        ):
            if target.text.upper() != "NAMED":
                raise QueryRefused(
                    f"{target.text[:40]!r} at {where}: write NAMED as a word of its own"
                )
            clause = "FROM NAMED"
            target = tokens[index + 2] if index + 2 < len(tokens) else None
        iri = _dataset_iri(sparql, target, prefixes, base, clause)
        dotted = "/." in iri[len(_GRAPHS) - 1 :] or (target is not None and "/." in target.text)
        if not iri.startswith(_GRAPHS) or dotted:
            raise QueryRefused(
                f"{clause} <{iri}> at {where} is refused: only this graph's own named graphs "
                f"({_GRAPHS}...) may be named"
            )


def _dataset_iri(
    sparql: str, target: Token | None, prefixes: dict[str, str], base: str | None, clause: str
) -> str:
    if target is None or target.kind not in ("iri", "pname"):
        found = f"{target.text[:30]!r} at {position(sparql, target.start)}" if target else "the end"
        raise QueryError(f"SPARQL syntax error: {clause} needs an IRI, found {found}")
    if target.kind == "iri":
        return _resolve(target.text[1:-1], base)
    name, _, local = target.text.partition(":")
    if name not in prefixes:
        raise QueryError(
            f"SPARQL syntax error: prefix {name!r} is not declared ({target.text} at "
            f"{position(sparql, target.start)})"
        )
    unescaped = re.sub(r"\\(.)", r"\1", local)  # PN_LOCAL_ESC: ex:a\.b is ex:a.b
    return prefixes[name] + unescaped
