"""The canonical bytes of a graph, so that the same graph always gives the same file and hash."""

from __future__ import annotations

from rdflib import Dataset

__all__ = ["canonical_nquads"]


def canonical_nquads(dataset: Dataset) -> bytes:
    """N-Quads, one quad per line, sorted: the same graph always gives the same bytes."""
    data = dataset.serialize(format="nquads", encoding="utf-8")
    lines = sorted(set(data.splitlines()))
    return b"\n".join(line for line in lines if line.strip()) + b"\n"
