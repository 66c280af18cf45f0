"""The sanction graph as of a day, and what changed between two days.

A measure passes through up to three stages, each dated at day, month or year precision:
**announced** (`kg:announcedDate`), **in force** (`kg:effectiveDate`) and **ended**
(`kg:endDate`). On day D a stage is reached when its whole date period lies on or before D
(see `kg.analyse.periods`): "from January 2024" is not in force on 2023-12-31, *possibly* in
force on 2024-01-15 (the edge says `possibly="in force"` and keeps the status it is sure of,
here "announced"), and in force on 2024-02-01. A measure in force is taken to have been
announced by then; one that has ended is no longer in force from its end date on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pandas as pd

from kg.analyse.periods import parse_day, possibly_reached, reached
from kg.analyse.sanctions import sanction_graph
from kg.dates import PartialDate
from kg.store.base import GraphStore

__all__ = ["Status", "as_of", "changes", "status_on"]

_STAGES = (("announced", "announced"), ("effective", "in force"), ("end", "ended"))


@dataclass(frozen=True)
class Status:
    """Where a measure stands on a day: `status` is the latest stage surely reached ("announced",
    "in force", "ended") or None; `possibly` a later stage whose date period contains the day."""

    status: str | None
    possibly: str | None


def _date(data: dict[str, Any], name: str) -> PartialDate | None:
    value = data.get(name)
    return PartialDate(value) if value else None


def status_on(data: dict[str, Any], day: str | dt.date) -> Status:
    """The status of a measure (edge attributes of the sanction graph) on `day`."""
    when = parse_day(day)
    status = possibly = None
    for name, stage in _STAGES:
        date = _date(data, name)
        if reached(date, when):
            status, possibly = stage, None
        elif possibly is None and status != "ended" and possibly_reached(date, when):
            possibly = stage
    return Status(status, possibly)


def as_of(
    source: GraphStore | nx.MultiDiGraph,
    day: str | dt.date,
    *,
    include_ended: bool = False,
    include_possible: bool = False,
) -> nx.MultiDiGraph:
    """The sanction graph keeping the measures announced or in force on `day`.

    Each kept edge gets `status` and `possibly` (see `Status`). Measures without any date are
    left out (nothing places them before the day); ended ones only with `include_ended`; ones
    only possibly announced by then only with `include_possible`. Nodes left without edges are
    dropped. `source` is a store or a sanction graph (e.g. with target_groups="keep").
    """
    graph = source if isinstance(source, nx.MultiDiGraph) else sanction_graph(source)
    when = parse_day(day)
    kept = nx.MultiDiGraph(**graph.graph, as_of=when.isoformat())
    for u, v, key, data in graph.edges(keys=True, data=True):
        found = status_on(data, when)
        keep = (
            found.status in ("announced", "in force")
            or (found.status == "ended" and include_ended)
            or (found.status is None and found.possibly is not None and include_possible)
        )
        if not keep:
            continue
        for node in (u, v):
            if node not in kept:
                kept.add_node(node, **graph.nodes[node])
        kept.add_edge(u, v, key=key, **data, status=found.status, possibly=found.possibly)
    return kept


def changes(
    source: GraphStore | nx.MultiDiGraph, start: str | dt.date, end: str | dt.date
) -> pd.DataFrame:
    """What appeared, took effect or ended after `start` and up to `end` (start < D <= end).

    One row per measure and stage reached in that window (by the rule of this module): measure,
    label, imposer(s), targets, change ("announced", "in force", "ended"), date, precision.
    Sorted by date.
    """
    graph = source if isinstance(source, nx.MultiDiGraph) else sanction_graph(source)
    first, last = parse_day(start), parse_day(end)
    if last < first:
        raise ValueError(f"changes: end {last} is before start {first}")
    measures: dict[str, dict[str, Any]] = {}
    for u, v, key, data in graph.edges(keys=True, data=True):
        entry = measures.setdefault(key, {"data": data, "imposers": set(), "targets": set()})
        entry["imposers"].add(graph.nodes[u].get("label", u))
        entry["targets"].add(graph.nodes[v].get("label", v))
    records = []
    for key, entry in sorted(measures.items()):
        data = entry["data"]
        for name, stage in _STAGES:
            date = _date(data, name)
            if date is not None and reached(date, last) and not reached(date, first):
                records.append(
                    {
                        "measure": key,
                        "label": data.get("label", key),
                        "imposer": "; ".join(sorted(entry["imposers"])),
                        "targets": "; ".join(sorted(entry["targets"])),
                        "change": stage,
                        "date": date.iso,
                        "precision": date.precision,
                    }
                )
    columns = ["measure", "label", "imposer", "targets", "change", "date", "precision"]
    frame = pd.DataFrame(records, columns=columns)
    return frame.sort_values(["date", "measure"]).reset_index(drop=True)
