"""Node positions computed in Python, so pages open with physics off (vis-network's physics takes
minutes on 1,500 nodes). Three layouts:

- force: networkx's spring layout on the heaviest nodes (at most `HUBS`: its dense solver is
  quadratic and the sparse one needs scipy), every other node on a ring around its heaviest
  placed neighbour; what is still unplaced goes in a grid below;
- timeline: x is the date (else the date of the earliest source telling it), one lane per
  imposing actor (measures view), with year ticks for the page to draw;
- layered: fixed rows by class, statements ordered by date (dispute view).
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

__all__ = ["HUBS", "Positions", "first_date", "layout", "year_fraction"]

HUBS = 300
Positions = dict[str, tuple[float, float]]
_GAP = 220.0
_DATE_ORDER = ("announcedDate", "effectiveDate", "date", "startDate", "asOf", "publishedDate")


def layout(graph: nx.MultiDiGraph, kind: str, seed: int = 7) -> Positions:
    """Positions in pixels for every node of `graph`, by layout kind.

    The timeline also leaves its year ticks, (x, year), in `graph.graph["axis"]`.
    """
    if kind == "timeline":
        return _timeline(graph)
    if kind == "layered":
        return _layered(graph)
    return _force(graph, seed)


def _force(graph: nx.MultiDiGraph, seed: int) -> Positions:
    if not graph:
        return {}
    simple = nx.Graph(graph.to_undirected(as_view=True))
    ranked = sorted(simple, key=lambda n: (-graph.nodes[n]["weight"], n))
    hubs = simple.subgraph(ranked[:HUBS])
    scale = 140.0 * math.sqrt(len(hubs)) + 200.0
    raw = nx.spring_layout(hubs, seed=seed, iterations=120, k=3.0 / math.sqrt(len(hubs) + 1))
    pos: Positions = {n: (float(x) * scale, float(y) * scale) for n, (x, y) in raw.items()}
    # Rings around placed nodes, breadth first from the heaviest.
    children: dict[str, int] = defaultdict(int)
    frontier = [n for n in ranked if n in pos]
    while frontier:
        following = []
        for parent in frontier:
            neighbours = sorted(
                (n for n in simple[parent] if n not in pos),
                key=lambda n: (-graph.nodes[n]["weight"], n),
            )
            for node in neighbours:
                index = children[parent]
                children[parent] += 1
                ring, slot = divmod(index, 12)
                angle = 2 * math.pi * slot / 12 + ring * 0.4 + len(parent) % 7
                radius = 70.0 + 45.0 * ring
                px, py = pos[parent]
                pos[node] = (px + radius * math.cos(angle), py + radius * math.sin(angle))
                following.append(node)
        frontier = following
    _grid(graph, [n for n in ranked if n not in pos], pos)
    return pos


def _grid(graph: nx.MultiDiGraph, nodes: list[str], pos: Positions) -> None:
    if not nodes:
        return
    bottom = max((y for _, y in pos.values()), default=0.0) + 200.0
    left = min((x for x, _ in pos.values()), default=0.0)
    columns = max(1, int(math.sqrt(len(nodes)) * 2))
    for index, node in enumerate(nodes):
        row, column = divmod(index, columns)
        pos[node] = (left + 120.0 * column, bottom + 90.0 * row)


def year_fraction(value: str) -> float | None:
    """'2023', '2023-12' or '2023-12-14' as a fractional year, at the start of its period."""
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2][:2]) if len(parts) > 2 else 1
    except ValueError:
        return None
    return year + (month - 1) / 12 + (day - 1) / 366


def first_date(data: dict[str, object]) -> str | None:
    """The date a node is placed at in time: announced, else effective, else any other."""
    dates = data.get("dates") or []
    assert isinstance(dates, list)
    for name in _DATE_ORDER:
        for item in dates:
            if item["p"] == name:
                return str(item["value"])
    return str(dates[0]["value"]) if dates else None


def _when(graph: nx.MultiDiGraph, node: str) -> float | None:
    """A node's place in time: its own date, else the earliest date of a source that tells it."""
    data = graph.nodes[node]
    own = first_date(data)
    if own:
        return year_fraction(own)
    documents = graph.graph.get("documents", {})
    published = sorted(
        documents[d]["published"] for d in data["sources"] if documents.get(d, {}).get("published")
    )
    return year_fraction(published[0]) if published else None


def _timeline(graph: nx.MultiDiGraph) -> Positions:
    when = {n: _when(graph, n) for n in graph}
    years = [y for y in when.values() if y is not None]
    low, high = (math.floor(min(years)), math.ceil(max(years) + 1e-9)) if years else (0, 1)
    width = max(1600.0, 450.0 * len(graph) ** 0.5)
    span = max(high - low, 1)

    def x_of(year: float) -> float:
        return float((year - low) / span * width)

    graph.graph["axis"] = [(round(x_of(y), 1), str(y)) for y in range(low, high + 1)]

    lanes: dict[str, list[str]] = defaultdict(list)
    actors = set()
    for node, data in graph.nodes(data=True):
        if data["root"] == "Measure" or data["cls"] == "MeasurePackage":
            imposers = sorted(t for _, t, k in graph.out_edges(node, keys=True) if k == "imposedBy")
            lanes[imposers[0] if imposers else ""].append(node)
        elif data["root"] == "Event":
            lanes["\x00events"].append(node)
        else:
            actors.add(node)
    order = sorted(lanes, key=lambda lane: (lane != "\x00events", -len(lanes[lane]), lane))
    pos: Positions = {}
    top = 0.0
    for lane in order:
        members = sorted(lanes[lane], key=lambda n: (when[n] is None, when[n] or 0.0, n))
        rows: list[float] = []  # the right end of each sub-row, to stack nodes of close dates
        for node in members:
            year = when[node]
            x = x_of(year) if year is not None else -250.0
            row = next((i for i, end in enumerate(rows) if x - end > 140.0), len(rows))
            if row == len(rows):
                rows.append(x)
            rows[row] = x
            pos[node] = (x, top + 80.0 * row)
        if lane in actors:
            pos[lane] = (-450.0, top + 40.0 * max(0, len(rows) - 1))
        top += 80.0 * max(1, len(rows)) + 140.0
    for node in sorted(actors - set(pos)):
        pos[node] = (-450.0, top)
        top += 80.0
    return pos


def _layered(graph: nx.MultiDiGraph) -> Positions:
    rows: dict[int, list[str]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        cls = data["cls"]
        if cls in ("Claim", "Administration", "NameUsage"):
            rows[1].append(node)
        elif cls in ("Territory", "TerritorialDispute"):
            rows[2].append(node)
        elif cls == "Statement":
            rows[3].append(node)
        else:
            rows[0].append(node)
    tree = nx.DiGraph()
    tree.add_nodes_from(rows[2])
    tree.add_edges_from((s, t) for s, t, k in graph.edges(keys=True) if k == "partOf")
    depth = {n: len(nx.descendants(tree, n)) for n in rows[2]}
    pos: Positions = {}
    top = 0.0
    for row, members in sorted(rows.items()):
        if row == 3:
            members.sort(key=lambda n: (first_date(graph.nodes[n]) or "9999", n))
        elif row == 2:
            members.sort(key=lambda n: (graph.nodes[n]["cls"] != "TerritorialDispute", n))
        else:
            members.sort(key=lambda n: (graph.nodes[n]["cls"], graph.nodes[n]["label"], n))
        per_line = 8 if row < 3 else 10
        lines = [members[i : i + per_line] for i in range(0, len(members), per_line)]
        for line_no, line in enumerate(lines):
            start = -_GAP * (len(line) - 1) / 2
            for index, node in enumerate(line):
                lift = 70.0 * depth.get(node, 0) if row == 2 else 0.0
                pos[node] = (start + _GAP * index, top + 110.0 * line_no + lift)
        top += (
            110.0 * len(lines) + 150.0 + (70.0 * max(depth.values(), default=0) if row == 2 else 0)
        )
    return pos
