"""`kg view`: the static site. One page per view, index.html naming the store and the build, and
lib/ with vis-network (copied from the pyvis wheel) and our own script and style, so that the
site opens from the file system with no server and no network."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from jinja2 import Environment, FileSystemLoader, select_autoescape

from kg.atomic import atomic_write_bytes
from kg.store import GraphStore
from kg.view.budget import BUDGET, RESERVE, select
from kg.view.graph import project
from kg.view.layout import layout
from kg.view.page import json_for_html, page_data, render_page
from kg.view.views import View, dispute, focus, measures, overview

__all__ = ["PageReport", "SiteReport", "describe_store", "write_site"]

_HERE = Path(__file__).parent
_VIS = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
_ASSETS = {
    "vis-network.min.js": _VIS / "vis-network.min.js",
    "vis-network.css": _VIS / "vis-network.css",
    "kgview.js": _HERE / "static" / "kgview.js",
    "kgview.css": _HERE / "static" / "kgview.css",
}


@dataclass(frozen=True)
class PageReport:
    name: str
    path: Path
    total: int  # nodes of the view
    drawn: int
    reserve: int
    omitted: int
    bytes: int


@dataclass
class SiteReport:
    index: Path
    pages: list[PageReport] = field(default_factory=list)
    nodes: int = 0
    edges: int = 0
    seconds: float = 0.0


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(_HERE / "templates"),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
    )
    env.filters["inert_json"] = json_for_html
    return env


def describe_store(spec: str) -> dict[str, str | None]:
    """The store as the index names it: the spec, the version folder a symlink points to, and
    when that version was built (its folder's modification time)."""
    path = Path(spec.removeprefix("oxigraph:")) if "://" not in spec else None
    if path is None or spec == "memory" or not path.exists():
        return {"store": spec, "resolved": None, "built": None}
    resolved = path.resolve()
    built = dt.datetime.fromtimestamp(resolved.stat().st_mtime, dt.UTC)
    return {
        "store": spec,
        "resolved": str(resolved) if resolved != path.absolute() else None,
        "built": built.isoformat(timespec="seconds"),
    }


def _views(graph: nx.MultiDiGraph, focus_name: str | None, hops: int) -> list[View]:
    chosen = [overview(graph)]
    if focus_name:
        chosen.append(focus(graph, focus_name, hops))
    return [*chosen, measures(graph), dispute(graph)]


def write_site(
    store: GraphStore,
    out: Path,
    *,
    store_name: str = "memory",
    focus_name: str | None = None,
    hops: int = 2,
    budget: int = BUDGET,
    reserve: int = RESERVE,
    graph: nx.MultiDiGraph | None = None,
) -> SiteReport:
    """Write the site under `out` and return where index.html is and what each page holds.

    A focus name that matches no node or several raises FocusNotFound / FocusAmbiguous before
    anything is written.
    """
    started = time.perf_counter()
    graph = graph if graph is not None else project(store)
    views = _views(graph, focus_name, hops)
    classes = graph.graph.get("classes", {})
    by_class = Counter(
        classes.get(d["cls"], {}).get("label", d["cls"]) for _, d in graph.nodes(data=True)
    )
    meta: dict[str, Any] = {
        **describe_store(store_name),
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "documents": len(graph.graph.get("documents", {})),
        "classes": sorted(by_class.items(), key=lambda kv: (-kv[1], kv[0])),
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / "lib").mkdir(exist_ok=True)
    for name, source in _ASSETS.items():
        shutil.copyfile(source, out / "lib" / name)
    if not focus_name and (out / "focus.html").exists():
        (out / "focus.html").unlink()  # a focus page of an earlier run would name another node
    env = _environment()
    report = SiteReport(out / "index.html", nodes=meta["nodes"], edges=meta["edges"])
    entries = []
    for view in views:
        selection = select(view.graph, budget, reserve, keep=(view.centre,) if view.centre else ())
        drawn = view.graph.subgraph(selection.embedded).copy()  # own graph dict for the axis
        positions = layout(drawn, view.layout)
        data = page_data(view, selection, positions, meta, drawn.graph.get("axis", []))
        html = render_page(env, data).encode("utf-8")
        path = out / f"{view.name}.html"
        atomic_write_bytes(path, html)
        omitted = sum(selection.omitted.values())
        report.pages.append(
            PageReport(
                view.name,
                path,
                view.graph.number_of_nodes(),
                len(selection.visible),
                len(selection.reserve),
                omitted,
                len(html),
            )
        )
        entries.append(
            {
                "file": path.name,
                "title": view.title,
                "description": view.description,
                "drawn": len(selection.visible),
                "reserve": len(selection.reserve),
                "omitted": omitted,
            }
        )
    index = env.get_template("index.html").render(meta=meta, pages=entries)
    atomic_write_bytes(report.index, index.encode("utf-8"))
    report.seconds = time.perf_counter() - started
    return report
