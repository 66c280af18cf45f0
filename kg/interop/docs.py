"""HTML documentation of the ontology: pyLODE's OntPub page for kg.ttl (with its alignments), plus
a section listing the SKOS concept schemes of ontology/vocab/, in one self-contained file.

The vocabularies are not fed to OntPub itself: pyLODE 3.3.4 folds every scheme's label into the
page title. The page must load nothing from outside (`external_resources` checks scripts,
stylesheets, images, frames and CSS urls); links in the text to external IRIs are fine.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.atomic import atomic_write
from kg.interop.errors import InteropError
from kg.namespace import KG

__all__ = ["DocsReport", "external_resources", "render_docs", "undocumented_terms"]

_TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
_LOADING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "source": ("src", "srcset"),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "input": ("src",),
}
_LINK_LOADS = {"stylesheet", "icon", "preload", "prefetch", "modulepreload", "manifest"}
_REMOTE = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
_CSS_URL = re.compile(
    r"url\(\s*['\"]?\s*((?:https?:)?//[^)'\"]+)|@import\s+['\"]?((?:https?:)?//[^;'\"]+)"
)


@dataclass
class DocsReport:
    path: Path
    classes: int
    properties: int
    schemes: list[str] = field(default_factory=list)
    undocumented: list[str] = field(default_factory=list)


def undocumented_terms(graph: Graph) -> list[str]:
    """'IRI: no label' / 'IRI: no definition' for each kg class or property that lacks one."""
    problems = []
    for kind in _TERM_TYPES:
        for term in sorted(set(graph.subjects(RDF.type, kind)), key=str):
            if not str(term).startswith(str(KG)):
                continue
            if graph.value(term, RDFS.label) is None:
                problems.append(f"{term}: no rdfs:label")
            if (
                graph.value(term, RDFS.comment) is None
                and graph.value(term, SKOS.definition) is None
            ):
                problems.append(f"{term}: no rdfs:comment or skos:definition")
    return problems


class _Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        names = _LOADING.get(tag, ())
        if tag == "link" and _LINK_LOADS & set(values.get("rel", "").lower().split()):
            names = ("href",)
        for name in names:
            for value in values.get(name, "").split(","):
                if _REMOTE.match(value):
                    self.found.append(f"<{tag} {name}={value.strip()}>")
        if "style" in values:
            self.found += [m.group(1) or m.group(2) for m in _CSS_URL.finditer(values["style"])]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += [m.group(1) or m.group(2) for m in _CSS_URL.finditer(data)]


def external_resources(page: str) -> list[str]:
    """Everything the page would load from another host (scripts, styles, images, frames)."""
    parser = _Loads()
    parser.feed(page)
    return parser.found


def render_docs(ontology_dir: Path, out_dir: Path) -> DocsReport:
    """Write out_dir/index.html for the ontology in `ontology_dir`; raise if it loads anything."""
    ontology = Graph()
    vocab = Graph()
    try:
        ontology.parse(ontology_dir / "kg.ttl")
        if (ontology_dir / "alignments.ttl").exists():
            ontology.parse(ontology_dir / "alignments.ttl")
        for path in sorted((ontology_dir / "vocab").glob("*.ttl")):
            vocab.parse(path)
    except (OSError, SyntaxError, ValueError) as error:
        raise InteropError(f"{ontology_dir}: cannot read the ontology: {error}") from error
    page = _ontpub()(ontology).make_html()
    schemes = sorted(set(vocab.subjects(RDF.type, SKOS.ConceptScheme)), key=str)
    page = _with_schemes(page, vocab, [s for s in schemes if isinstance(s, URIRef)])
    loads = external_resources(page)
    if loads:
        raise InteropError(f"ontology docs would load external resources: {', '.join(loads[:5])}")
    path = out_dir / "index.html"
    out_dir.mkdir(parents=True, exist_ok=True)
    with atomic_write(path) as handle:
        handle.write(page.encode("utf-8"))

    def count(kind: URIRef) -> int:
        return sum(1 for t in set(ontology.subjects(RDF.type, kind)) if str(t).startswith(str(KG)))

    return DocsReport(
        path,
        classes=count(OWL.Class),
        properties=count(OWL.ObjectProperty) + count(OWL.DatatypeProperty),
        schemes=[str(vocab.value(s, SKOS.prefLabel) or s) for s in schemes],
        undocumented=undocumented_terms(ontology),
    )


def _ontpub() -> Any:
    """pyLODE's OntPub, imported so that the root logger stays as it was.

    pyLODE 3.3.4 calls logging.basicConfig(level=DEBUG) on import (profiles/supermodel/loader.py),
    which would make every library of the process log at DEBUG to stderr.
    """
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    from pylode import OntPub

    root.setLevel(level)
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
    return OntPub


def _with_schemes(page: str, vocab: Graph, schemes: list[URIRef]) -> str:
    """The page with a 'SKOS concept schemes' section and its table-of-contents entry."""
    esc = html.escape
    parts = ['<div class="section" id="conceptschemes">', "<h2>SKOS concept schemes</h2>"]
    toc = ['<li>\n<h4><a href="#conceptschemes">SKOS concept schemes</a></h4>\n<ul class="second">']
    for number, scheme in enumerate(schemes):
        label = str(vocab.value(scheme, SKOS.prefLabel) or scheme)
        anchor = f"scheme-{number}"
        toc.append(f'<li><a href="#{anchor}">{esc(label)}</a></li>')
        parts.append(f'<div class="property entity" id="{anchor}"><h3>{esc(label)}</h3>')
        parts.append(f"<p><code>{esc(str(scheme))}</code></p>")
        definition = vocab.value(scheme, SKOS.definition)
        if definition is not None:
            parts.append(f"<p>{esc(str(definition))}</p>")
        parts.append("<table><tr><th>Concept</th><th>IRI</th><th>Definition</th></tr>")
        concepts = sorted(set(vocab.subjects(SKOS.inScheme, scheme)), key=str)
        for concept in concepts:
            name = vocab.value(concept, SKOS.prefLabel) or concept
            text = vocab.value(concept, SKOS.definition) or ""
            parts.append(
                f"<tr><td>{esc(str(name))}</td><td><code>{esc(str(concept))}</code></td>"
                f"<td>{esc(str(text))}</td></tr>"
            )
        parts.append("</table></div>")
    parts.append("</div>")
    toc.append("</ul>\n</li>")
    section, entry = "\n".join(parts) + "\n", "\n".join(toc) + "\n"
    anchor_at = page.find('<div id="namespaces">')
    toc_match = re.search(r'<li>\s*<h4>\s*<a href="#namespaces">', page)
    if anchor_at < 0 or toc_match is None:
        raise InteropError("pyLODE page layout changed: no namespaces section to insert before")
    page = page[: toc_match.start()] + entry + page[toc_match.start() :]
    anchor_at = page.find('<div id="namespaces">')
    return page[:anchor_at] + section + page[anchor_at:]
