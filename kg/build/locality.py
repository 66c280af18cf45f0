"""What each SHACL shape reads, worked out from the shapes themselves.

An incremental build validates only the focus nodes whose verdict a change can alter. For that
it needs, per top-level shape, every triple pattern the shape may match relative to its focus
node: a `Read` is a walk from the focus (steps along predicates, forwards or backwards) to an
anchor node and the predicate read there. Property paths, `sh:class` (the value's `rdf:type`;
the class hierarchy lives in the ontology graph), nested shapes (`sh:node`, `sh:or`, `sh:and`,
`sh:xone`, `sh:not`, `sh:qualifiedValueShape`) and SPARQL constraints (their triple patterns,
`FILTER NOT EXISTS` included, walked from `$this`) all give reads. A shape whose reads cannot be
bounded (`*` paths, patterns not connected to `$this`, `$PATH`, recursion) is `bounded=False`
and is validated on the whole union. A shape is graph-local when it reads only its focus node's
own outgoing triples: its verdict changes only where a changed triple has the focus as subject.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import RDF, RDFS, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.build.sparql_reads import Read, Step, Unbounded, sparql_reads
from kg.build.validate import SH

__all__ = ["Read", "ShapeReads", "Step", "analyse", "top_level_shapes"]

MAX_NESTING = 8  # sh:node chains deeper than this are treated as unbounded (recursive shapes)


@dataclass(frozen=True)
class ShapeReads:
    shape: URIRef
    reads: frozenset[Read]
    bounded: bool

    @property
    def local(self) -> bool:
        """Reads only the focus node's own outgoing triples (and the ontology's hierarchy)."""
        return self.bounded and all(not r.walk and r.forward for r in self.reads)


def top_level_shapes(shapes: Graph) -> list[URIRef]:
    """Shapes with a target: the ones whose violations kg.build.validate reports."""
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    found = {s for t in targets for s in shapes.subjects(t, None) if isinstance(s, URIRef)}
    return sorted(found)


def analyse(shapes: Graph) -> dict[URIRef, ShapeReads]:
    """The reads of every top-level shape."""
    result = {}
    for shape in top_level_shapes(shapes):
        reads: set[Read] = set()
        try:
            reads.update(_target_reads(shapes, shape))
            reads.update(_node_reads(shapes, shape, (), 0))
            bounded = True
        except Unbounded:
            bounded = False
        result[shape] = ShapeReads(shape, frozenset(reads), bounded)
    return result


def _target_reads(shapes: Graph, shape: Node) -> Iterator[Read]:
    if (shape, SH.targetClass, None) in shapes:
        yield Read((), RDF.type, True)
    for p in shapes.objects(shape, SH.targetSubjectsOf):
        yield Read((), _iri(p), True)
    for p in shapes.objects(shape, SH.targetObjectsOf):
        yield Read((), _iri(p), False)


def _iri(node: Node) -> URIRef:
    if not isinstance(node, URIRef):
        raise Unbounded
    return node


def _list(shapes: Graph, head: Node) -> list[Node]:
    return list(Collection(shapes, head))


# What this analysis understands on a shape: targets, annotations, constraints that look at the
# value term alone, and the ones whose reads it follows. Anything else (a SPARQL-based constraint
# component, sh:qualifiedValueShapesDisjoint, sh:rule) makes the shape unbounded.
_VALUE_ONLY = """datatype nodeKind minCount maxCount minInclusive maxInclusive minExclusive
maxExclusive minLength maxLength pattern flags languageIn uniqueLang in hasValue qualifiedMinCount
qualifiedMaxCount ignoredProperties deactivated message severity name description order group
defaultValue targetClass targetNode targetSubjectsOf targetObjectsOf""".split()  # noqa: SIM905 (a word list)
_FOLLOWED = """path class node property or and xone not sparql closed qualifiedValueShape equals
disjoint lessThan lessThanOrEquals""".split()  # noqa: SIM905 (a word list, as above)
KNOWN = {SH[n] for n in (*_VALUE_ONLY, *_FOLLOWED)}
KNOWN |= {RDF.type, RDFS.label, RDFS.comment}
KNOWN_SPARQL = {SH.select, SH.message, SH.prefixes, SH.deactivated, SH.severity, RDF.type}


def _known(shapes: Graph, node: Node, allowed: set[URIRef]) -> None:
    if any(p not in allowed for p in shapes.predicates(node, None)):
        raise Unbounded


def _node_reads(shapes: Graph, shape: Node, walk: tuple[Step, ...], depth: int) -> Iterator[Read]:
    """Reads of `shape` applied to the node at `walk` (a node shape, or a property shape)."""
    if depth > MAX_NESTING:
        raise Unbounded
    _known(shapes, shape, KNOWN)
    if (shape, SH.path, None) in shapes:
        yield from _property_reads(shapes, shape, walk, depth)
        return
    yield from _value_reads(shapes, shape, walk, depth)
    for prop in shapes.objects(shape, SH.property):
        yield from _property_reads(shapes, prop, walk, depth + 1)
    if (shape, SH.closed, None) in shapes:
        yield Read(walk, None, True)


def _value_reads(shapes: Graph, shape: Node, walk: tuple[Step, ...], depth: int) -> Iterator[Read]:
    """Reads of the constraints that look at the node at `walk` itself (a focus or value node)."""
    if (shape, SH["class"], None) in shapes:
        yield Read(walk, RDF.type, True)
    nested = [*shapes.objects(shape, SH.node), *shapes.objects(shape, SH["not"])]
    nested += shapes.objects(shape, SH.qualifiedValueShape)
    for key in (SH["or"], SH["and"], SH.xone):
        for head in shapes.objects(shape, key):
            nested += _list(shapes, head)
    for other in nested:
        yield from _node_reads(shapes, other, walk, depth + 1)
    for constraint in shapes.objects(shape, SH.sparql):
        _known(shapes, constraint, KNOWN_SPARQL)
        query = shapes.value(constraint, SH.select)
        if query is None or "$PATH" in str(query):
            raise Unbounded
        yield from ((Read(walk + r.walk, r.predicate, r.forward)) for r in sparql_reads(str(query)))


def _property_reads(
    shapes: Graph, prop: Node, walk: tuple[Step, ...], depth: int
) -> Iterator[Read]:
    _known(shapes, prop, KNOWN)
    path = shapes.value(prop, SH.path)
    if path is None:
        raise Unbounded
    for sequence in _path(shapes, path):
        for i, step in enumerate(sequence):
            yield Read(walk + sequence[:i], step.predicate, step.forward)
        value = walk + sequence
        yield from _value_reads(shapes, prop, value, depth)
        for key in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
            for other in shapes.objects(prop, key):
                yield Read(walk, _iri(other), True)


def _path(shapes: Graph, path: Node) -> list[tuple[Step, ...]]:
    """A SHACL property path as the step sequences it may follow (alternatives expanded)."""
    if isinstance(path, URIRef):
        return [(Step(path, True),)]
    if not isinstance(path, BNode):
        raise Unbounded
    inverse = shapes.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        return [(Step(inverse, False),)]
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return [s for a in _list(shapes, alternatives) for s in _path(shapes, a)]
    if (path, RDF.first, None) in shapes:
        parts = [_path(shapes, p) for p in _list(shapes, path)]
        return [tuple(itertools.chain(*combo)) for combo in itertools.product(*parts)]
    raise Unbounded  # zeroOrMore, oneOrMore, zeroOrOne: no fixed length
