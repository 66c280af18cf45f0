"""Projections as GraphML or GEXF files for Gephi, Cytoscape and yEd.

networkx's writers reject None, lists, dicts and dates, so attributes are flattened on purpose
(`flatten`): None is left out, booleans, ints, floats and strings stay, lists and sets become
one string joined with "; ", dates their ISO form, anything else its `str`. Reading the file
back with networkx gives the flattened graph: same nodes, edges (and keys) and attributes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from kg.analyse.blocs import co_sanctioning_graph
from kg.analyse.relations import full_graph, response_graph, territory_graph
from kg.analyse.sanctions import sanction_graph, weighted
from kg.errors import KGError
from kg.store.base import GraphStore

__all__ = ["FORMATS", "PROJECTIONS", "export_projection", "flatten", "projection"]

Format = Literal["graphml", "gexf"]
FORMATS: tuple[str, ...] = ("graphml", "gexf")
LIST_SEPARATOR = "; "

PROJECTIONS: dict[str, Callable[[GraphStore], nx.Graph]] = {
    "sanctions": sanction_graph,
    "sanctions-groups": lambda store: sanction_graph(store, target_groups="keep"),
    "sanctions-weighted": lambda store: weighted(sanction_graph(store)),
    "co-sanctioning": lambda store: co_sanctioning_graph(sanction_graph(store)),
    "responses": response_graph,
    "territory": territory_graph,
    "full": full_graph,
}


def projection(store: GraphStore, name: str) -> nx.Graph:
    """A projection by name (see PROJECTIONS); a KGError listing the names otherwise."""
    try:
        build = PROJECTIONS[name]
    except KeyError:
        raise KGError(
            f"unknown projection {name!r}: choose one of {', '.join(PROJECTIONS)}"
        ) from None
    return build(store)


def _flat(value: Any) -> str | int | float | bool | None:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return LIST_SEPARATOR.join(str(_flat(v)) for v in items if v is not None)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)


def _attrs(data: dict[str, Any]) -> dict[str, str | int | float | bool]:
    return {str(k): v for k, v in ((k, _flat(v)) for k, v in data.items()) if v is not None}


def flatten(graph: nx.Graph) -> nx.Graph:
    """A copy of `graph` whose node, edge and graph attributes are all str/int/float/bool."""
    flat = graph.__class__()
    flat.graph.update(_attrs(dict(graph.graph)))
    flat.add_nodes_from((str(n), _attrs(d)) for n, d in graph.nodes(data=True))
    if graph.is_multigraph():
        flat.add_edges_from(
            (str(u), str(v), str(k), _attrs(d)) for u, v, k, d in graph.edges(keys=True, data=True)
        )
    else:
        flat.add_edges_from((str(u), str(v), _attrs(d)) for u, v, d in graph.edges(data=True))
    return flat


def write_graph(graph: nx.Graph, target: Path, fmt: Format) -> Path:
    """Write the flattened graph atomically (a temporary file renamed over the target)."""
    if fmt not in FORMATS:
        raise KGError(f"unknown export format {fmt!r}: choose graphml or gexf")
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_name(f".{target.name}.tmp")
    flat = flatten(graph)
    try:
        if fmt == "graphml":
            nx.write_graphml(flat, scratch, named_key_ids=True)
        else:
            nx.write_gexf(flat, scratch)
        os.replace(scratch, target)
    except (OSError, nx.NetworkXError) as error:
        scratch.unlink(missing_ok=True)
        raise KGError(f"{target}: cannot write {fmt}: {error}") from error
    return target


def export_projection(
    store: GraphStore, projection_name: str, target_path: str | Path, fmt: Format = "graphml"
) -> Path:
    """Build the projection `projection_name` from `store` and write it as `fmt` to
    `target_path`; returns the path. Read it back with `nx.read_graphml` / `nx.read_gexf`."""
    return write_graph(projection(store, projection_name), Path(target_path), fmt)
