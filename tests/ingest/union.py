"""What the shapes see for ingested documents: their N-Quads files plus the reference entities."""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kg.config import settings
from kg.rdf.assemble import assemble
from kg.reference import load_entities


def ingested_union(build_dir: Path) -> Graph:
    """The union of every `build_dir/ingested/*.nq` with the reference graph of entities.yaml."""
    union = Graph()
    for path in (build_dir / "ingested").glob("*.nq"):
        dataset = Dataset()
        dataset.parse(path, format="nquads")
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
    entities = load_entities(settings().curated_dir / "entities.yaml")
    for s, p, o, _ in assemble([], entities, []).quads((None, None, None, None)):
        union.add((s, p, o))
    return union
