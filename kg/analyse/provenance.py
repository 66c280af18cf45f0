"""How the story is told: measures per actor and year, facts resting on one source or several,
and contradictions (`kg:Discrepancy`) per source."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
import pandas as pd

from kg.dates import PartialDate
from kg.graphread import local_name, select, short, source_id
from kg.store.base import GraphStore

__all__ = ["contradictions_per_source", "measures_per_actor_per_year", "source_support"]

_SUPPORT = """
SELECT DISTINCT ?f ?class ?g WHERE {
  GRAPH ?g { ?f kg:supportedBy ?e }
  ?f a ?class .
  FILTER(STRSTARTS(STR(?class), STR(kg:)) && ?class NOT IN (kg:Variant, kg:Discrepancy))
  FILTER NOT EXISTS { ?f a ?c2 . FILTER(?c2 != ?class) ?c2 rdfs:subClassOf+ ?class }
}
"""
_DISCREPANCIES = """
SELECT DISTINCT ?d ?fact ?source ?title WHERE {
  ?d a kg:Discrepancy ; kg:variant ?v .
  OPTIONAL { ?d kg:concerns ?fact }
  ?v kg:reportedIn ?source .
  OPTIONAL { ?source kg:title ?title }
}
"""


def measures_per_actor_per_year(graph: nx.MultiDiGraph) -> pd.DataFrame:
    """Distinct measures each imposer sent per year (long form: actor, label, year, measures).

    The year is that of the announced date, else the effective date, at any precision; measures
    with neither date are left out (they cannot be placed on a timeline).
    """
    seen: dict[tuple[str, int], set[str]] = defaultdict(set)
    for u, _, key, data in graph.edges(keys=True, data=True):
        iso = data.get("announced") or data.get("effective")
        if iso:
            seen[u, PartialDate(iso).first_day.year].add(key)
    frame = pd.DataFrame(
        [
            {
                "actor": actor,
                "label": graph.nodes[actor].get("label", actor),
                "year": year,
                "measures": len(keys),
            }
            for (actor, year), keys in sorted(seen.items())
        ],
        columns=["actor", "label", "year", "measures"],
    )
    return frame


def source_support(store: GraphStore) -> pd.DataFrame:
    """Every fact with evidence: fact, class, n_sources, sources ("; "-joined), sorted by the
    number of sources, highest first. A fact told by one source rests on that one article."""
    found: dict[str, set[str]] = defaultdict(set)
    classes: dict[str, str] = {}
    for row in select(store, _SUPPORT):
        fact = short(row["f"].value)  # type: ignore[union-attr]
        classes[fact] = local_name(row["class"].value)  # type: ignore[union-attr]
        source = source_id(row["g"].value)  # type: ignore[union-attr]
        if source:
            found[fact].add(source)
    frame = pd.DataFrame(
        [
            {"fact": f, "class": classes[f], "n_sources": len(s), "sources": "; ".join(sorted(s))}
            for f, s in found.items()
        ],
        columns=["fact", "class", "n_sources", "sources"],
    )
    return frame.sort_values(["n_sources", "fact"], ascending=[False, True]).reset_index(drop=True)


def contradictions_per_source(store: GraphStore) -> pd.DataFrame:
    """Per source document: the discrepancies it takes part in (one of their variants is
    reported in it) and the distinct facts they concern, most contested first."""
    discrepancies: dict[str, set[str]] = defaultdict(set)
    facts: dict[str, set[str]] = defaultdict(set)
    titles: dict[str, str] = {}
    for row in select(store, _DISCREPANCIES):
        source = source_id(row["source"].value) or short(row["source"].value)  # type: ignore[union-attr]
        discrepancies[source].add(short(row["d"].value))  # type: ignore[union-attr]
        if row["fact"] is not None:
            facts[source].add(short(row["fact"].value))
        if row["title"] is not None:
            titles[source] = row["title"].value
    frame = pd.DataFrame(
        [
            {
                "source": source,
                "title": titles.get(source, ""),
                "discrepancies": len(found),
                "facts": len(facts[source]),
            }
            for source, found in discrepancies.items()
        ],
        columns=["source", "title", "discrepancies", "facts"],
    )
    return frame.sort_values(["discrepancies", "source"], ascending=[False, True]).reset_index(
        drop=True
    )
