"""Stage: network analysis of the graph with networkx, fed from the store through SPARQL.

Projections (each documented with what its nodes and edges mean):

    g = sanction_graph(store)             # imposer → target, one edge per measure (MultiDiGraph)
    w = weighted(g)                       # the same as a DiGraph, weight = measures
    r = response_graph(store)             # measure → what it responds to, with lags
    t = territory_graph(store)            # claims, administration, names
    f = full_graph(store)                 # everything but schema and evidence

Metrics (DataFrames, one family per module): `strength`, `pagerank`, `betweenness`,
`reciprocity`, `response_chains`, `blocs`, `measures_per_actor_per_year`, `source_support`,
`contradictions_per_source`. Time: `as_of(store, "2022-06-30")`, `changes(store, d1, d2)`.
Files: `export_projection(store, "sanctions", "out.graphml", "graphml")`, `analyse(store, dir)`.
"""

from __future__ import annotations

from kg.analyse.blocs import blocs, co_sanctioning_graph
from kg.analyse.centrality import betweenness, pagerank, strength
from kg.analyse.chains import response_chains
from kg.analyse.export import FORMATS, PROJECTIONS, export_projection, flatten, projection
from kg.analyse.figures import draw_sanction_graph, plot_timeline
from kg.analyse.periods import Lag, lag, last_day
from kg.analyse.provenance import (
    contradictions_per_source,
    measures_per_actor_per_year,
    source_support,
)
from kg.analyse.reciprocity import Reciprocity, reciprocity
from kg.analyse.relations import full_graph, response_graph, territory_graph
from kg.analyse.report import AnalysisReport, analyse
from kg.analyse.sanctions import TargetGroups, sanction_graph, weighted
from kg.analyse.timeline import Status, as_of, changes, status_on

__all__ = [
    "FORMATS",
    "PROJECTIONS",
    "AnalysisReport",
    "Lag",
    "Reciprocity",
    "Status",
    "TargetGroups",
    "analyse",
    "as_of",
    "betweenness",
    "blocs",
    "changes",
    "co_sanctioning_graph",
    "contradictions_per_source",
    "draw_sanction_graph",
    "export_projection",
    "flatten",
    "full_graph",
    "lag",
    "last_day",
    "measures_per_actor_per_year",
    "pagerank",
    "plot_timeline",
    "projection",
    "reciprocity",
    "response_chains",
    "response_graph",
    "sanction_graph",
    "source_support",
    "status_on",
    "strength",
    "territory_graph",
    "weighted",
]
