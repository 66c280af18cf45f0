"""Turn the text a person types for a query parameter into the value to bind.

The CLI's `-p NAME=VALUE` and notebooks share it. A VALUE is read as:

- `<IRI>`, `http(s)://...` or `urn:...`: that IRI;
- `id:person/sergey-lavrov` (a prefixed name of kg.query.names, as the tables print it): its IRI;
- an integer: a number;
- for a parameter that takes a node (its `# param:` line says IRI): a label, resolved through the
  store to the one node whose rdfs:label or alias (skos:altLabel) it is, ignoring case; no match
  or several is a ParamError naming the candidates;
- anything else: a plain string.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from kg.errors import QueryError
from kg.query.names import expand, shorten
from kg.store.base import GraphStore
from kg.store.terms import BindingValue, Term

__all__ = [
    "ParamError",
    "parse_param",
    "read_params",
    "read_value",
    "resolve_label",
    "takes_iri",
]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ABSOLUTE = re.compile(r"(?:https?://|urn:)\S+", re.IGNORECASE)
_LABELS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?node ?label ?text WHERE {
  ?node rdfs:label|skos:altLabel ?name .
  FILTER(isIRI(?node) && LCASE(STR(?name)) = LCASE(STR(?text)))
  OPTIONAL { ?node rdfs:label ?label }
} ORDER BY ?node LIMIT 20"""


class ParamError(QueryError):
    """A parameter value that cannot be read or resolved; the message says what to give."""


def takes_iri(doc: str) -> bool:
    """Whether a parameter's `# param:` description says it takes a node (an IRI)."""
    return bool(re.search(r"\bIRI\b", doc))


def parse_param(text: str) -> tuple[str, str]:
    """'NAME=VALUE' split into its name and raw value; ParamError if it is not of that form."""
    name, sep, value = text.partition("=")
    if not sep or not _NAME.fullmatch(name):
        raise ParamError(f"expected NAME=VALUE, got {text!r}")
    return name, value


def read_value(
    value: str, *, iri: bool = False, store: GraphStore | None = None, name: str = "value"
) -> BindingValue:
    """The value to bind for `value` (see the module's rules); `iri`: the parameter takes a node,
    so a label is looked up in `store`."""
    if value.startswith("<") and value.endswith(">"):
        return Term.iri(value[1:-1])
    if _ABSOLUTE.fullmatch(value):
        return Term.iri(value)
    expanded = expand(value)
    if expanded is not None:
        return Term.iri(expanded)
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if iri:
        if store is None:
            raise ParamError(f"{name}={value!r}: give an IRI, or a store to look the label up in")
        return Term.iri(resolve_label(store, value, name=name))
    return value


def resolve_label(store: GraphStore, label: str, *, name: str = "value") -> str:
    """The IRI of the one node labelled `label` (rdfs:label or alias, any case)."""
    rows = store.query(_LABELS, {"text": label.strip()}).rows
    nodes: dict[str, str] = {}
    for node, shown, _ in rows:
        if node is not None:
            nodes.setdefault(node.value, shown.value if shown else "")
    if not nodes:
        raise ParamError(
            f"{name}={label!r}: no node has this label or alias; give an IRI "
            "(e.g. id:person/...) or look names up with `kg query --name find-by-name -p name=...`"
        )
    if len(nodes) > 1:
        listed = ", ".join(f"{shorten(iri)} ({shown})" for iri, shown in list(nodes.items())[:8])
        raise ParamError(f"{name}={label!r} names {len(nodes)} nodes: {listed}; give one IRI")
    return next(iter(nodes))


def read_params(
    texts: list[str], params: Mapping[str, str], store: GraphStore | None, query: str = "query"
) -> dict[str, BindingValue]:
    """`-p` texts for a query taking `params` (name -> description) as bindings."""
    bindings: dict[str, BindingValue] = {}
    for text in texts:
        name, value = parse_param(text)
        if name not in params:
            raise ParamError(
                f"{query} has no parameter {name!r}; it takes {', '.join(sorted(params)) or 'none'}"
            )
        bindings[name] = read_value(value, iri=takes_iri(params[name]), store=store, name=name)
    return bindings
