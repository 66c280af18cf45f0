"""One view as one HTML page: pyvis holds the nodes as vis-network wants them, edges are compact
(each names its relation; the relation table says how it is drawn, the page builds the vis edge),
our own template (autoescaped Jinja) renders the page, and all data reaches it as one JSON
document.

Why not pyvis's template: it links CDNs in every mode and sets `innerHTML` from node titles. Here
nothing from the data is ever markup: the JSON sits in a `<script type="application/json">` with
`<`, `>`, `&` and `/` escaped (so neither `</script>` nor an `http://` can appear in the page),
nodes have no `title` (no vis tooltips), and kgview.js writes every text with `textContent`.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from typing import Any

import networkx as nx
from jinja2 import Environment
from markupsafe import Markup
from pyvis.network import Network

from kg.view.budget import Selection
from kg.view.layout import Positions
from kg.view.style import edge_style, node_size, style_of
from kg.view.views import View

__all__ = ["OPTIONS", "json_for_html", "page_data", "render_page"]

_LABEL_CHARS = 42
OPTIONS: dict[str, Any] = {
    "autoResize": True,
    "physics": {
        "enabled": False,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120},
        "stabilization": {"enabled": False},
    },
    "layout": {"improvedLayout": False},
    "interaction": {"hover": True, "tooltipDelay": 3600000, "hideEdgesOnDrag": False},
    "nodes": {
        "borderWidth": 1,
        "font": {"size": 13, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
    },
    "edges": {
        "smooth": False,
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "font": {"size": 10, "color": "#555555", "strokeWidth": 3, "align": "middle"},
    },
}


def json_for_html(value: Any) -> Markup:
    """JSON that is inert inside an HTML script element: no '<', '>', '&' or '/' characters."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("/", "\\/")):
        text = text.replace(char, escaped)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)  # escaped above: the one place where data becomes page text


def _short(text: str) -> str:
    return text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 1].rstrip() + "…"


def _vis_node(net: Network, index: int, data: dict[str, Any], xy: tuple[float, float]) -> None:
    colour, shape = style_of(data["cls"], data["root"])
    net.add_node(
        index,
        label=_short(data["label"]),
        shape=shape,
        color={"background": colour, "border": "#333333", "highlight": colour},
        size=node_size(data["weight"]),
        font={
            "size": round(12 + 2.5 * math.sqrt(data["weight"]))
        },  # hubs readable at overview zoom
        x=round(xy[0], 1),
        y=round(xy[1], 1),
    )


def _relation(key: str, label: str) -> dict[str, Any]:
    """How one relation is drawn; edges name their relation instead of repeating this."""
    colour, width, dashed = edge_style(key)
    return {"label": label, "color": colour, "width": width, "dashes": dashed}


def page_data(
    view: View,
    selection: Selection,
    positions: Positions,
    meta: dict[str, Any],
    axis: list[tuple[float, str]] | None = None,
) -> dict[str, Any]:
    """Everything the page's script needs: vis nodes/edges (built with pyvis) and details."""
    graph: nx.MultiDiGraph = view.graph
    properties: dict[str, str] = graph.graph.get("properties", {})
    classes: dict[str, dict[str, Any]] = graph.graph.get("classes", {})
    documents: dict[str, dict[str, Any]] = graph.graph.get("documents", {})
    order = selection.embedded
    index = {node: i for i, node in enumerate(order)}
    doc_index = {iri: i for i, iri in enumerate(sorted(documents))}
    quotes: list[dict[str, Any]] = []
    quote_index: dict[tuple[Any, ...], int] = {}

    def quote_ids(items: list[dict[str, Any]]) -> list[int]:
        ids = []
        for item in items:
            key = (item["doc"], item["text"], item["method"], item["confidence"])
            if key not in quote_index:
                quote_index[key] = len(quotes)
                quotes.append({**item, "doc": doc_index.get(item["doc"], -1)})
            ids.append(quote_index[key])
        return ids

    drawn = Network(directed=True)
    waiting = Network(directed=True)
    nodes = []
    for i, node in enumerate(order):
        data = graph.nodes[node]
        _vis_node(drawn if i < len(selection.visible) else waiting, i, data, positions[node])
        nodes.append(
            {
                "i": i,
                "iri": node,
                "label": data["label"],
                "cls": data["cls"],
                "aliases": data["aliases"],
                "dates": data["dates"],
                "counts": data["counts"],
                "texts": data["texts"],
                "concepts": data["concepts"],
                "ev": quote_ids(data["evidence"]),
                "src": [doc_index[d] for d in data["sources"] if d in doc_index],
                "w": data["weight"],
                "imposed": data["imposed"],
                "received": data["received"],
                "drawn": i < len(selection.visible),
            }
        )
    vis_nodes = drawn.get_network_data()[0] + waiting.get_network_data()[0]
    for item, vis in zip(nodes, vis_nodes, strict=True):
        item["v"] = vis
    edges: list[dict[str, Any]] = []
    relations: dict[str, dict[str, Any]] = {}
    for source, target, key, data in graph.edges(keys=True, data=True):
        if source not in index or target not in index:
            continue
        if key not in relations:
            relations[key] = _relation(key, data.get("label") or properties.get(key, key))
        edge: dict[str, Any] = {
            "i": len(edges),
            "from": index[source],
            "to": index[target],
            "p": key,
        }
        if data.get("evidence"):
            edge["ev"] = quote_ids(data["evidence"])
        if data.get("docs"):
            edge["src"] = [doc_index[d] for d in data["docs"] if d in doc_index]
        if data.get("dates"):
            edge["dates"] = data["dates"]
        edges.append(edge)
    present = Counter(graph.nodes[n]["cls"] for n in order)
    legend = {}
    for cls, count in sorted(present.items(), key=lambda kv: (-kv[1], kv[0])):
        colour, shape = style_of(cls, classes.get(cls, {}).get("root", cls))
        label = classes.get(cls, {}).get("label", cls)
        legend[cls] = {"label": label, "color": colour, "shape": shape, "count": count}
    return {
        "view": {
            "name": view.name,
            "title": view.title,
            "description": view.description,
            "centre": index.get(view.centre) if view.centre else None,
        },
        "meta": meta,
        "options": OPTIONS,
        "classes": legend,
        "properties": properties,
        "docs": [{"iri": iri, **documents[iri]} for iri in sorted(documents)],
        "quotes": quotes,
        "nodes": nodes,
        "edges": edges,
        "relations": relations,
        "axis": axis or [],
        "notice": {
            "total": graph.number_of_nodes(),
            "drawn": len(selection.visible),
            "reserve": len(selection.reserve),
            "omitted": sorted(selection.omitted.items(), key=lambda kv: (-kv[1], kv[0])),
        },
    }


def render_page(env: Environment, data: dict[str, Any]) -> str:
    """The HTML of one view (template kg/view/templates/view.html)."""
    return env.get_template("view.html").render(
        title=data["view"]["title"], description=data["view"]["description"], data=data
    )
