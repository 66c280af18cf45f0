"""The ontology, vocabularies and shapes as graphs, read once from ontology/."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import RDF, SKOS, Graph, URIRef

from kg.config import settings
from kg.errors import KGError

__all__ = ["concepts", "ontology_files", "ontology_graph", "shape_files", "shapes_graph"]


def ontology_files(folder: Path | None = None) -> list[Path]:
    """kg.ttl, alignments.ttl and the SKOS vocabularies, in a stable order."""
    folder = folder or settings().ontology_dir
    return [folder / "kg.ttl", folder / "alignments.ttl", *sorted((folder / "vocab").glob("*.ttl"))]


def shape_files(folder: Path | None = None) -> list[Path]:
    folder = folder or settings().ontology_dir
    return sorted((folder / "shapes").glob("*.ttl"))


def _parse(paths: list[Path]) -> Graph:
    graph = Graph()
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except Exception as error:  # rdflib raises many types; all mean a broken file
            raise KGError(f"{path}: cannot parse ontology file: {error}") from error
    return graph


@cache
def ontology_graph(folder: Path | None = None) -> Graph:
    return _parse(ontology_files(folder))


@cache
def shapes_graph(folder: Path | None = None) -> Graph:
    return _parse(shape_files(folder))


@cache
def concepts(folder: Path | None = None) -> frozenset[URIRef]:
    """Every SKOS concept the vocabularies define."""
    graph = ontology_graph(folder)
    return frozenset(s for s in graph.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef))
