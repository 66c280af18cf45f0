"""Untrusted text (labels, aliases, titles, quotes) reaches the page as text, never as markup."""

from __future__ import annotations

from pathlib import Path

from kg.view import SiteReport
from tests.view.conftest import Tab

IMG = "<img src=x onerror=window.__xss=1>"
HREF = 'see <a href="javascript:window.__xss=2">href</a> here'


def test_hostile_labels_titles_and_quotes_stay_text(
    tab: Tab, hostile_site: SiteReport, screenshots: Path
) -> None:
    page = next(p.path for p in hostile_site.pages if p.name == "overview")
    html = page.read_text(encoding="utf-8")
    assert "<img" not in html and "<script>window" not in html and 'href="javascript' not in html
    tab.open(page)
    labels = tab.js("kgView.data.nodes.map(n => n.label)")
    assert IMG in labels and HREF in labels  # type: ignore[operator]
    tab.page.fill("#search", "onerror")  # type: ignore[attr-defined]
    assert tab.js("document.querySelector('#results .result').textContent") == IMG
    tab.page.fill("#search", "href")  # type: ignore[attr-defined]
    assert tab.js("document.querySelector('#results .result').textContent") == HREF
    tab.page.fill("#search", "</script>")  # its alias
    assert tab.js("document.querySelector('#results .result').textContent") == IMG
    measure = tab.js("kgView.data.nodes.find(n => n.cls === 'Sanction').i")
    tab.js("(i) => kgView.showNode(i)", measure)
    panel = tab.js("document.getElementById('details').textContent")
    assert "<script>window.__xss=3</script> Evil & Co's page" in panel  # type: ignore[operator]
    assert "<img src=y onerror=window.__xss=5> said the <i>minister</i>" in panel  # type: ignore[operator]
    assert "machine-extracted, confidence 0.50" in panel  # type: ignore[operator]
    for i in tab.js("kgView.drawnIds()"):  # type: ignore[union-attr]
        tab.js("(i) => kgView.showNode(i)", i)
    for k in range(int(tab.js("kgView.data.edges.length"))):  # type: ignore[arg-type]
        tab.js("(k) => kgView.showEdge(k)", k)
    tab.page.hover("#filter-docs")  # type: ignore[attr-defined]
    assert (
        tab.js("document.querySelectorAll('img, iframe, #details a, #side a, #results a').length")
        == 0
    )
    assert tab.js("typeof window.__xss") == "undefined"
    tab.page.screenshot(path=str(screenshots / "hostile.png"))  # type: ignore[attr-defined]
    assert tab.blocked == [] and tab.errors == []
