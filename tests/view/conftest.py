"""Fixtures of the view tests: the projection and sites of the bundled build, a site of a hostile
hand-made graph, and one headless Chromium (Debian's) for the whole session."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.iris import ONTOLOGY_GRAPH
from kg.store import OxigraphStore, open_store
from kg.view import SiteReport, project, write_site

HERE = Path(__file__).parent
CHROMIUM = "/usr/bin/chromium"
HOSTILE_GRAPH = "https://w3id.org/sanctions-kg/graph/source/evil"


@pytest.fixture(scope="session")
def projection(store: OxigraphStore) -> nx.MultiDiGraph:
    return project(store)


@pytest.fixture(scope="session")
def site(store: OxigraphStore, tmp_path_factory: pytest.TempPathFactory) -> SiteReport:
    """The site of the bundled build, with a focus page on Fumio Kishida."""
    out = tmp_path_factory.mktemp("site")
    return write_site(store, out, store_name="bundled", focus_name="Fumio Kishida", hops=2)


@pytest.fixture(scope="session")
def small_site(store: OxigraphStore, tmp_path_factory: pytest.TempPathFactory) -> SiteReport:
    """The same graph under a budget of 25 nodes: aggregation, reserve and expansion."""
    return write_site(store, tmp_path_factory.mktemp("small"), budget=25, reserve=60)


@pytest.fixture(scope="session")
def hostile_store(repo: Path) -> OxigraphStore:
    """A memory store with the ontology and vocabularies, and one source of hostile text."""
    graph = open_store("memory")
    assert isinstance(graph, OxigraphStore)
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
    quads = []
    for ttl in [repo / "ontology" / "kg.ttl", *sorted((repo / "ontology" / "vocab").glob("*.ttl"))]:
        for triple in ox.parse(path=ttl, format=ox.RdfFormat.TURTLE):
            quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, ontology))
    quads.extend(ox.parse(path=HERE / "hostile.trig", format=ox.RdfFormat.TRIG))
    nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert nquads is not None
    graph.replace_graphs(nquads, [str(ONTOLOGY_GRAPH), HOSTILE_GRAPH])
    return graph


@pytest.fixture(scope="session")
def hostile_site(
    hostile_store: OxigraphStore, tmp_path_factory: pytest.TempPathFactory
) -> SiteReport:
    return write_site(hostile_store, tmp_path_factory.mktemp("hostile"), store_name="memory")


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("KG_TEST_OUTPUT")
    path = Path(folder) / "views" if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make system-packages)")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@dataclass
class Tab:
    """One browser page with every non-file request aborted and counted, and errors collected."""

    page: object
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(self, path: Path, ready: bool = True) -> None:
        self.page.goto(path.as_uri())  # type: ignore[attr-defined]
        if not ready:
            return
        deadline = time.monotonic() + 20
        # Polled with evaluate: wait_for_function compiles its predicate, which the page's CSP forbids.
        while not self.page.evaluate("window.kgReady === true"):  # type: ignore[attr-defined]
            assert time.monotonic() < deadline, f"{path.name}: no ready signal after 20 s"
            time.sleep(0.02)

    def js(self, expression: str, arg: object = None) -> object:
        return self.page.evaluate(expression, arg)  # type: ignore[attr-defined]


@pytest.fixture
def tab(browser: object) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    opened = Tab(page)

    def route(request_route: object) -> None:
        url = request_route.request.url  # type: ignore[attr-defined]
        if url.startswith("file://"):
            request_route.continue_()  # type: ignore[attr-defined]
        else:
            opened.blocked.append(url)
            request_route.abort()  # type: ignore[attr-defined]

    page.route("**/*", route)
    page.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: opened.errors.append(str(e)))
    yield opened
    context.close()
