"""The real pages in headless Chromium: offline, error-free, and doing what the panel says."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kg.view import SiteReport, dispute, focus, measures, overview, select
from tests.view.conftest import Tab

JAPAN = "https://w3id.org/sanctions-kg/id/state/jp"
VIEWS = {"overview": overview, "measures": measures, "dispute": dispute}


def _page(site: SiteReport, name: str) -> Path:
    return next(p.path for p in site.pages if p.name == name)


def _screen_point(tab: Tab, index: int) -> tuple[float, float]:
    """Where node `index` is on screen, after centring the view on it."""
    tab.js("(i) => kgView.network.focus(i, {scale: 1.5, animation: false})", index)
    point = tab.js(
        "(i) => { const p = kgView.network.getPositions([i])[i];"
        " const d = kgView.network.canvasToDOM(p);"
        " const r = document.querySelector('#network canvas').getBoundingClientRect();"
        " return [r.left + d.x, r.top + d.y]; }",
        index,
    )
    return point[0], point[1]  # type: ignore[index]


def _ids(tab: Tab, iris: set[str]) -> set[int]:
    found = tab.js(
        "(iris) => kgView.data.nodes.filter(n => iris.includes(n.iri)).map(n => n.i)", sorted(iris)
    )
    return set(found)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["overview", "focus", "measures", "dispute"])
def test_each_view_is_offline_error_free_and_draws_its_projection(
    tab: Tab, site: SiteReport, projection: nx.MultiDiGraph, screenshots: Path, name: str
) -> None:
    tab.open(_page(site, name))
    view = focus(projection, "Fumio Kishida", 2) if name == "focus" else VIEWS[name](projection)
    expected = {n for n in select(view.graph).visible}
    drawn = tab.js("kgView.drawnIds().map(i => kgView.data.nodes[i].iri)")
    assert sorted(drawn) == sorted(expected)  # type: ignore[arg-type]
    assert tab.js("kgView.edges.length") > 0
    tab.page.screenshot(path=str(screenshots / f"{name}.png"))  # type: ignore[attr-defined]
    assert tab.blocked == [] and tab.errors == []


def test_index_names_the_store_and_links_every_view(
    tab: Tab, site: SiteReport, screenshots: Path
) -> None:
    tab.open(site.index, ready=False)
    text = tab.js("document.body.innerText")
    assert "bundled" in text and f"{site.nodes} nodes" in text  # type: ignore[operator]
    links = tab.js("[...document.querySelectorAll('a')].map(a => a.getAttribute('href'))")
    assert sorted(links) == sorted(p.path.name for p in site.pages)  # type: ignore[arg-type]
    tab.page.screenshot(path=str(screenshots / "index.png"))  # type: ignore[attr-defined]
    assert tab.blocked == [] and tab.errors == []


def test_search_by_alias_finds_and_highlights_the_node(tab: Tab, site: SiteReport) -> None:
    tab.open(_page(site, "overview"))
    tab.page.fill("#search", "tokyo")  # type: ignore[attr-defined]
    results = tab.js("[...document.querySelectorAll('#results .result')].map(b => b.textContent)")
    assert "Japan" in results  # type: ignore[operator]
    tab.page.click("#results .result >> text=Japan")  # type: ignore[attr-defined]
    assert tab.js("document.querySelector('#details h2').textContent") == "Japan"
    japan = _ids(tab, {JAPAN}).pop()
    dimmed = tab.js("kgView.nodes.get().filter(n => n.opacity < 1).length")
    near = tab.js(
        "(i) => new Set(kgView.data.edges.filter(e => e.from === i || e.to === i).flatMap(e => [e.from, e.to])).size",
        japan,
    )
    assert dimmed == tab.js("kgView.drawnIds().length") - near  # type: ignore[operator]
    assert tab.errors == []


def test_class_filter_and_date_range_hide_the_expected_nodes(
    tab: Tab, site: SiteReport, projection: nx.MultiDiGraph
) -> None:
    tab.open(_page(site, "overview"))
    drawn = set(select(overview(projection).graph).visible)
    tab.page.click("#filter-classes input[data-cls=Person]")  # type: ignore[attr-defined]
    persons = {n for n in drawn if projection.nodes[n]["cls"] == "Person"}
    assert persons
    shown = set(tab.js("kgView.shownIds().map(i => kgView.data.nodes[i].iri)"))  # type: ignore[arg-type]
    assert shown == drawn - persons
    tab.page.click("#filter-classes input[data-cls=Person]")  # type: ignore[attr-defined]
    tab.page.fill("#date-from", "2023-12-01")  # type: ignore[attr-defined]
    tab.page.fill("#date-to", "2023-12-31")  # type: ignore[attr-defined]
    tab.page.dispatch_event("#date-to", "change")  # type: ignore[attr-defined]

    def outside(node: str) -> bool:
        dates = projection.nodes[node]["dates"]
        return bool(dates) and not any(
            d["value"][:7] == "2023-12" or d["value"] == "2023" for d in dates
        )

    hidden = {n for n in drawn if outside(n)}
    assert hidden and hidden != drawn
    shown = set(tab.js("kgView.shownIds().map(i => kgView.data.nodes[i].iri)"))  # type: ignore[arg-type]
    assert shown == drawn - hidden
    assert tab.errors == []


def test_clicking_a_measure_shows_its_source_title_and_quote(
    tab: Tab, site: SiteReport, projection: nx.MultiDiGraph
) -> None:
    tab.open(_page(site, "measures"))
    iri = next(
        n
        for n in sorted(select(measures(projection).graph).visible)
        if projection.nodes[n]["root"] == "Measure" and projection.nodes[n]["evidence"]
    )
    index = _ids(tab, {iri}).pop()
    point = _screen_point(tab, index)
    tab.page.mouse.click(*point)  # type: ignore[attr-defined]
    panel = tab.js("document.getElementById('details').textContent")
    data = projection.nodes[iri]
    title = projection.graph["documents"][data["evidence"][0]["doc"]]["title"]
    assert data["label"] in panel and title in panel  # type: ignore[operator]
    assert all(e["text"] in panel for e in data["evidence"])  # type: ignore[operator]
    assert tab.js("document.querySelectorAll('#details blockquote').length") >= 1
    assert tab.errors == []


def test_budget_notice_expansion_and_png_export(tab: Tab, small_site: SiteReport) -> None:
    page = next(p for p in small_site.pages if p.name == "overview")
    assert page.drawn == 25 and page.reserve == 60 and page.omitted == page.total - 85
    tab.open(page.path)
    notice = tab.js("document.getElementById('notice').textContent")
    assert "25 heaviest" in notice and "Left out of this page" in notice  # type: ignore[operator]
    japan = _ids(tab, {JAPAN}).pop()
    before = tab.js("kgView.drawnIds().length")
    tab.page.mouse.dblclick(*_screen_point(tab, japan))  # type: ignore[attr-defined]
    added = tab.js("kgView.drawnIds().length") - before  # type: ignore[operator]
    assert 0 < added <= 20
    more = tab.js("(i) => (kgView.nodes.get('more-' + i) || {}).label || ''", japan)
    waiting = tab.js(
        "(i) => new Set(kgView.data.edges.filter(e => e.from === i || e.to === i)"
        ".map(e => e.from === i ? e.to : e.from).filter(j => !kgView.drawnIds().includes(j))).size",
        japan,
    )
    assert (more == f"and {waiting} more") if waiting else more == ""
    tab.page.click("#export")  # type: ignore[attr-defined]
    href = tab.js("document.getElementById('download').getAttribute('href')")
    assert href.startswith("data:image/png;base64,") and len(href) > 5000  # type: ignore[union-attr]
    assert tab.blocked == [] and tab.errors == []
