"""Stage: entity linking. A gazetteer of the graph's own names, and a linker to canonical nodes."""

from kg.link.gazetteer import EntityInfo, Gazetteer, build_gazetteer, reference_gazetteer
from kg.link.linker import Link, Linker, fold

__all__ = [
    "EntityInfo",
    "Gazetteer",
    "Link",
    "Linker",
    "build_gazetteer",
    "fold",
    "reference_gazetteer",
]
