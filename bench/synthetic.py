"""Synthetic graphs shaped like ours, of any size, made from our own build.

The bundled build is a few thousand quads; stores must be judged at 100k and 1M. So the real
graph is copied until the size is reached: the ontology, vocabularies and reference entities
(states, people, organisations) once, shared by every copy as real sources share them; each
source graph and the curation graph once per copy, with the IRIs of its facts, evidence, target
groups and documents made unique (`...-c7`), so that every copy adds measures, target groups,
statements and evidence of the real shapes and proportions, in a named graph per source. Dates
move by a year per copy (over seven years), so date filters stay about as selective as on the
real data. The same size always gives the same bytes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kg.iris import ONTOLOGY_GRAPH, REFERENCE_GRAPH
from kg.namespace import GRAPH, ID

__all__ = ["real_graph", "write_synthetic"]

_SHARED_GRAPHS = {str(ONTOLOGY_GRAPH), str(REFERENCE_GRAPH)}
_DATES = {
    "http://www.w3.org/2001/XMLSchema#date",
    "http://www.w3.org/2001/XMLSchema#gYear",
    "http://www.w3.org/2001/XMLSchema#gYearMonth",
}
_YEAR = re.compile(r'^"(\d{4})')
_MARK = "\x00c"  # where a copy's suffix goes; no IRI or literal of ours holds a NUL


def real_graph() -> bytes:
    """The bundled corpus, built (without writing anything) as canonical N-Quads."""
    from kg.build.pipeline import build_dataset
    from kg.config import settings
    from kg.rdf.canonical import canonical_nquads

    dataset, _ = build_dataset(settings())
    return canonical_nquads(dataset)


def write_synthetic(path: Path, quads: int, seed: bytes | None = None) -> int:
    """Write at least `quads` quads to `path` as N-Quads; return how many were written."""
    parsed = list(ox.parse(seed or real_graph(), format=ox.RdfFormat.N_QUADS))
    shared = [q for q in parsed if str(q.graph_name.value) in _SHARED_GRAPHS]
    own = [q for q in parsed if str(q.graph_name.value) not in _SHARED_GRAPHS]
    keep = {q.subject for q in shared}  # entities and concepts every copy refers to
    templates = [_template(q, keep) for q in own]
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for quad in shared:
            out.write(f"{quad} .\n")
            count += 1
        copy = 0
        while count < quads:
            suffix = f"-c{copy}" if copy else ""
            for line, dated in templates:
                text = line.replace(_MARK, suffix)
                if dated and copy:
                    text = _shift_year(text, copy % 7)
                out.write(text)
            count += len(templates)
            copy += 1
    return count


def _template(quad: ox.Quad, keep: set[object]) -> tuple[str, bool]:
    """The quad as an N-Quads line, with a suffix mark after each IRI a copy must rename."""

    def term(node: object) -> str:
        if (
            isinstance(node, ox.NamedNode)
            and node not in keep
            and node.value.startswith((str(ID), str(GRAPH)))
        ):
            return f"<{node.value}{_MARK}>"
        return str(node)

    obj = quad.object
    dated = isinstance(obj, ox.Literal) and obj.datatype.value in _DATES
    line = f"{term(quad.subject)} {quad.predicate} {term(obj)} {term(quad.graph_name)} .\n"
    return line, dated


def _shift_year(line: str, years: int) -> str:
    """Move the date literal (the object: third term) of an N-Quads line by `years` years."""
    head, _, rest = line.partition("> <")
    predicate, _, tail = rest.partition("> ")
    return f"{head}> <{predicate}> " + _YEAR.sub(lambda m: f'"{int(m.group(1)) + years}', tail, 1)
