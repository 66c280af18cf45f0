"""`kg analyse`: the analysis of one store as CSV tables and PNG figures in one folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kg.analyse.blocs import blocs
from kg.analyse.centrality import betweenness, pagerank, strength
from kg.analyse.chains import response_chains
from kg.analyse.figures import draw_sanction_graph, plot_timeline
from kg.analyse.provenance import (
    contradictions_per_source,
    measures_per_actor_per_year,
    source_support,
)
from kg.analyse.reciprocity import reciprocity
from kg.analyse.sanctions import sanction_graph
from kg.analyse.timeline import as_of as graph_as_of
from kg.store.base import GraphStore

__all__ = ["AnalysisReport", "analyse"]


@dataclass
class AnalysisReport:
    """What `analyse` computed and where it wrote it (tables by name, as in `<name>.csv`)."""

    out_dir: Path
    as_of: str | None
    overall_reciprocity: float
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def analyse(store: GraphStore, out_dir: Path, as_of: str | dt.date | None = None) -> AnalysisReport:
    """Compute every metric of kg.analyse and write `<table>.csv` and two PNG figures.

    With `as_of`, the sanction graph is the graph as of that day (`kg.analyse.as_of`) and a
    `status` table gives each measure's status; response chains, source support and
    contradictions are about the whole record and do not change with it.
    """
    graph = sanction_graph(store)
    day = None
    if as_of is not None:
        graph = graph_as_of(graph, as_of)
        day = graph.graph["as_of"]
    found = reciprocity(graph)
    per_year = measures_per_actor_per_year(graph)
    tables: dict[str, pd.DataFrame] = {
        "strength": strength(graph),
        "pagerank": pagerank(graph),
        "betweenness": betweenness(graph),
        "reciprocity": found.dyads,
        "blocs": blocs(graph),
        "measures_per_year": per_year,
        "response_chains": response_chains(store),
        "source_support": source_support(store),
        "contradictions": contradictions_per_source(store),
    }
    if day is not None:
        tables["status"] = pd.DataFrame(
            [
                {
                    "measure": k,
                    "imposer": u,
                    "target": v,
                    "status": d["status"],
                    "possibly": d["possibly"],
                }
                for u, v, k, d in graph.edges(keys=True, data=True)
            ],
            columns=["measure", "imposer", "target", "status", "possibly"],
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    report = AnalysisReport(out_dir, day, found.overall, tables)
    for name, table in tables.items():
        path = out_dir / f"{name}.csv"
        table.to_csv(path, index=False)
        report.files.append(path)
    for name, figure in (
        ("sanction_graph.png", draw_sanction_graph(graph)),
        ("timeline.png", plot_timeline(per_year)),
    ):
        figure.savefig(out_dir / name, dpi=110)
        report.files.append(out_dir / name)
    return report
