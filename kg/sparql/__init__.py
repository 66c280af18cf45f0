"""SPARQL text before any engine reads it: the lexer, the read-only guard, syntax messages.

They sit below the store (kg.store guards every query it runs) and kg.query, and import
neither, so the endpoint and the stores share one guard without importing each other.
"""

from kg.sparql.guard import check_read_query
from kg.sparql.syntax import describe_syntax_error

__all__ = ["check_read_query", "describe_syntax_error"]
