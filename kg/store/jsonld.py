"""Compact JSON-LD with the published context (ontology/context.jsonld), one @graph per named graph.

The context is derived from ontology/kg.ttl (`derive_context`): a term per class and property,
`"@type": "@id"` for object properties, the XSD datatype for datatype properties whose range is
one (dates keep their own datatype per value: their precision is in it). The output embeds the
context rather than pointing at its URL, so no reader ever needs to fetch it; the project reads
JSON-LD only through kg.rdfio, which never loads a remote context. Node objects are written by
kg.store.jsonld_compact (rdflib's JSON-LD writer loses blank-node triples under @id terms).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from kg.atomic import atomic_write
from kg.errors import StoreError
from kg.namespace import DK, GOODS, GRAPH, ID, KG, KGV, METHOD, MT, QK, SEG, STANCE, UNIT
from kg.resources import bundled_dir
from kg.store.jsonld_compact import Compactor

__all__ = [
    "CONTEXT_PATH",
    "PREFIXES",
    "derive_context",
    "load_context",
    "quads_to_dataset",
    "write_jsonld",
    "write_jsonld_quads",
]

CONTEXT_PATH = bundled_dir("ontology") / "context.jsonld"
# prefix names avoid the ontology's term names (kg:graph, kg:method, kg:stance, kg:unit)
PREFIXES = {
    "kg": str(KG),
    "id": str(ID),
    "graphs": str(GRAPH),
    "kgv": str(KGV),
    "mt": str(MT),
    "goods": str(GOODS),
    "stances": str(STANCE),
    "qk": str(QK),
    "units": str(UNIT),
    "dk": str(DK),
    "methods": str(METHOD),
    "seg": str(SEG),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "ftm": "https://w3id.org/ftm#",
    "sssom": "https://w3id.org/sssom/",
    "wd": "http://www.wikidata.org/entity/",
}
_SKOS = PREFIXES["skos"]
# terms of other vocabularies that the graph uses on most nodes
_COMMON = {
    "label": {"@id": "rdfs:label"},
    "comment": {"@id": "rdfs:comment"},
    "sameAs": {"@id": "owl:sameAs", "@type": "@id"},
    "prefLabel": {"@id": "skos:prefLabel"},
    "definition": {"@id": "skos:definition"},
    "inScheme": {"@id": "skos:inScheme", "@type": "@id"},
}


def derive_context(ontology: Path | Graph) -> dict[str, Any]:
    """The JSON-LD context for the ontology: prefixes, then a term per class and property."""
    graph = ontology if isinstance(ontology, Graph) else Graph().parse(ontology)
    terms: dict[str, Any] = {"@version": 1.1, **PREFIXES, **_COMMON}
    ns = str(KG)
    for cls in sorted(graph.subjects(RDF.type, OWL.Class), key=str):
        if isinstance(cls, URIRef) and str(cls).startswith(ns):
            _define(terms, str(cls)[len(ns) :], "kg:" + str(cls)[len(ns) :])
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in sorted(graph.subjects(RDF.type, kind), key=str):
            if not (isinstance(prop, URIRef) and str(prop).startswith(ns)):
                continue
            local = str(prop)[len(ns) :]
            definition: dict[str, str] = {"@id": "kg:" + local}
            if kind == OWL.ObjectProperty:
                definition["@type"] = "@id"
            else:
                ranges = [r for r in graph.objects(prop, RDFS.range) if str(r).startswith(str(XSD))]
                if len(ranges) == 1 and ranges[0] != XSD.string:
                    definition["@type"] = "xsd:" + str(ranges[0])[len(str(XSD)) :]
            _define(terms, local, definition)
    return {"@context": terms}


def _define(terms: dict[str, Any], name: str, definition: Any) -> None:
    if name in terms and terms[name] != definition:
        raise StoreError(f"JSON-LD context: term {name!r} is defined twice (prefix or term)")
    terms[name] = definition


def load_context(path: Path = CONTEXT_PATH) -> dict[str, Any]:
    """The published context, read from the repository (never fetched)."""
    try:
        context = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise StoreError(f"{path}: cannot read the JSON-LD context: {error}") from error
    if not isinstance(context, dict) or not isinstance(context.get("@context"), dict):
        raise StoreError(f"{path}: not a JSON-LD context document (no @context object)")
    return context


def quads_to_dataset(quads: Iterable[ox.Quad]) -> Dataset:
    """pyoxigraph quads as an rdflib Dataset (named graphs kept; default-graph quads dropped)."""
    dataset = Dataset()
    graphs: dict[str, Graph] = {}
    for quad in quads:
        if isinstance(quad.graph_name, ox.DefaultGraph):
            continue
        name = quad.graph_name.value
        graph = graphs.get(name) or graphs.setdefault(name, dataset.graph(URIRef(name)))
        graph.add((_term(quad.subject), URIRef(quad.predicate.value), _term(quad.object)))
    return dataset


def _term(term: Any) -> Any:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise StoreError(f"JSON-LD: unsupported term {term!r}")


def write_jsonld(dataset: Dataset, path: Path | str, context_path: Path = CONTEXT_PATH) -> int:
    """Write `dataset` as compact JSON-LD with the context embedded; return the quads written.

    Only named graphs are written, each as {"@id": graph, "@graph": [...]}; the default graph of
    a store is the merge of the named graphs and is rebuilt by whoever loads the file.
    """
    return write_jsonld_quads(_dataset_quads(dataset), path, context_path)


def write_jsonld_quads(
    quads: Iterable[ox.Quad], path: Path | str, context_path: Path = CONTEXT_PATH
) -> int:
    """`write_jsonld` for pyoxigraph quads (what kg.store.exporting reads from a store or a file)."""
    document, count = jsonld_document(quads, context_path)
    with atomic_write(Path(path)) as handle:
        handle.write(document)
    return count


def jsonld_document(
    quads: Iterable[ox.Quad], context_path: Path = CONTEXT_PATH
) -> tuple[bytes, int]:
    """Compact JSON-LD of the named-graph quads (one `@graph` per graph, the context embedded),
    and how many quads it holds."""
    context = load_context(context_path)["@context"]
    graphs: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            graphs[quad.graph_name.value].append(quad)
    compactor = Compactor(context)
    body = [{"@id": name, "@graph": compactor.nodes(graphs[name])} for name in sorted(graphs)]
    document = {"@context": context, "@graph": body}
    text = json.dumps(document, indent=1, ensure_ascii=False).encode("utf-8")
    return text, sum(len(g) for g in graphs.values())


def _dataset_quads(dataset: Dataset) -> list[ox.Quad]:
    quads = []
    for graph in dataset.graphs():
        if str(graph.identifier) == "urn:x-rdflib:default":
            continue
        name = ox.NamedNode(str(graph.identifier))
        for s, p, o in graph:
            quads.append(ox.Quad(_ox(s), ox.NamedNode(str(p)), _ox(o), name))
    return quads


def _ox(term: Any) -> Any:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        datatype = str(term.datatype) if term.datatype else str(XSD.string)
        return ox.Literal(str(term), datatype=ox.NamedNode(datatype))
    raise StoreError(f"JSON-LD: unsupported term {term!r}")
