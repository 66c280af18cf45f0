"""Refuse what the read path must not run: updates, SERVICE, LOAD, and FROM outside our graphs.

pyoxigraph and rdflib would happily send HTTP requests for SERVICE and read files for LOAD, so
every user query is parsed (with rdflib's parser, which evaluates nothing) before it reaches a store.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kg.errors import QueryError, QueryRefused
from kg.namespace import GRAPH

__all__ = ["check_read_query", "query_form"]


def _walk(node: Any) -> Iterator[CompValue]:
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, (list, tuple)) or hasattr(node, "asList"):
        for value in node:
            yield from _walk(value)


@lru_cache(maxsize=512)
def check_read_query(sparql: str) -> str:
    """Return the query form ('SelectQuery', 'AskQuery', ...) or raise QueryRefused / QueryError."""
    try:
        parsed = parseQuery(sparql)
    except ParseException as error:
        try:
            parseUpdate(sparql)
        except ParseException:
            raise QueryError(f"SPARQL syntax error: {error}") from None
        raise QueryRefused(
            "updates (INSERT, DELETE, LOAD, CLEAR, DROP, ...) are refused: this is a read-only path"
        ) from None
    form = "Query"
    for node in _walk(parsed):
        if node.name.endswith("Query"):
            form = node.name
        if node.name == "ServiceGraphPattern":
            raise QueryRefused("SERVICE is refused: queries may not call other endpoints")
        if node.name == "DatasetClause":
            iri = node.get("default") or node.get("named")
            if not str(iri).startswith(str(GRAPH)):
                raise QueryRefused(
                    f"FROM <{iri}> is refused: only this graph's own named graphs ({GRAPH}...) may be named"
                )
    return form


def query_form(sparql: str) -> str:
    return check_read_query(sparql)
