"""Ontology documentation: one self-contained page, every term labelled and defined, SKOS schemes."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.interop.docs import DocsReport, external_resources, render_docs, undocumented_terms
from kg.namespace import KG


@pytest.fixture(scope="module")
def docs(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[DocsReport, str]:
    report = render_docs(repo / "ontology", tmp_path_factory.mktemp("docs"))
    return report, report.path.read_text(encoding="utf-8")


def test_the_page_loads_nothing_from_outside(docs: tuple[DocsReport, str]) -> None:
    _, page = docs
    assert external_resources(page) == []
    assert "<html" in page and "</html>" in page


def test_the_check_finds_external_resources() -> None:
    page = (
        '<script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="//cdn/x.css">'
        "<style>body { background: url('http://e.example/i.png') }</style>"
        '<img src="data:image/png;base64,AAAA"><a href="https://example.org/">a link is fine</a>'
    )
    assert len(external_resources(page)) == 3


def test_every_class_and_property_is_on_the_page(repo: Path, docs: tuple[DocsReport, str]) -> None:
    report, page = docs
    ontology = Graph().parse(repo / "ontology" / "kg.ttl")
    terms = [
        t
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for t in ontology.subjects(RDF.type, kind)
        if str(t).startswith(str(KG))
    ]
    assert report.classes + report.properties == len(set(terms))
    for term in terms:
        label = ontology.value(term, RDFS.label)
        if label is not None:
            assert html.escape(str(label), quote=False) in page, term


def test_the_skos_schemes_are_listed(repo: Path, docs: tuple[DocsReport, str]) -> None:
    report, page = docs
    vocab = Graph()
    for path in (repo / "ontology" / "vocab").glob("*.ttl"):
        vocab.parse(path)
    schemes = set(vocab.subjects(RDF.type, SKOS.ConceptScheme))
    assert schemes and len(report.schemes) == len(schemes)
    assert 'id="conceptschemes"' in page
    for scheme in schemes:
        assert html.escape(str(scheme)) in page, scheme
        assert html.escape(str(vocab.value(scheme, SKOS.prefLabel))) in page
    for concept in vocab.subjects(RDF.type, SKOS.Concept):
        assert html.escape(str(concept)) in page, concept


def test_every_class_and_property_has_a_label_and_a_definition(repo: Path) -> None:
    problems = undocumented_terms(Graph().parse(repo / "ontology" / "kg.ttl"))
    assert not problems, (
        f"{len(problems)} ontology terms lack a label or definition:\n" + "\n".join(problems)
    )


def test_a_browser_loads_nothing_but_the_file(docs: tuple[DocsReport, str], tmp_path: Path) -> None:
    """Chromium opens the page with every request recorded: only the file itself (and data: URIs)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian chromium is not installed (make system-packages)")
    report, _ = docs
    requested: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox"]
        )
        page = browser.new_page()
        page.on("request", lambda request: requested.append(request.url))
        page.goto(report.path.as_uri(), wait_until="load")
        schemes = page.locator("#conceptschemes h3").count()
        page.screenshot(path=str(tmp_path / "docs.png"), full_page=False)
        browser.close()
    outside = [u for u in requested if not u.startswith(("file://", "data:"))]
    assert not outside, outside
    assert report.path.as_uri() in requested
    assert schemes == len(report.schemes)
