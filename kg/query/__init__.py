"""Stage: queries. Named SPARQL queries (queries/*.rq), run against any store, formatted."""

from kg.query.library import NamedQuery, find_query, list_queries, run_named

__all__ = ["NamedQuery", "find_query", "list_queries", "run_named"]
