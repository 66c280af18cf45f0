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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from rdflib import RDF, RDFS, BNode, Graph, URIRef, Variable
from rdflib.collection import Collection
from rdflib.paths import AlternativePath, InvPath, Path, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

from kg.build.validate import SH

__all__ = ["Read", "ShapeReads", "Step", "analyse", "top_level_shapes"]

MAX_NESTING = 8  # sh:node chains deeper than this are treated as unbounded (recursive shapes)


@dataclass(frozen=True, order=True)
class Step:
    """One hop: along `predicate` (None: any) from subject to object, or back when not forward."""

    predicate: URIRef | None
    forward: bool


@dataclass(frozen=True, order=True)
class Read:
    """The shape reads triples with `predicate` (None: any) at the node `walk` leads to from the
    focus: as their subject when `forward`, as their object otherwise."""

    walk: tuple[Step, ...]
    predicate: URIRef | None
    forward: bool


@dataclass(frozen=True)
class ShapeReads:
    shape: URIRef
    reads: frozenset[Read]
    bounded: bool

    @property
    def local(self) -> bool:
        """Reads only the focus node's own outgoing triples (and the ontology's hierarchy)."""
        return self.bounded and all(not r.walk and r.forward for r in self.reads)


class Unbounded(Exception):
    """A construct whose reads cannot be bounded by walks from the focus node."""


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


# What this analysis understands on a shape: constraints that look at the value term alone,
# annotations, and the ones whose reads it follows. Anything else (a SPARQL-based constraint
# component, sh:qualifiedValueShapesDisjoint, sh:rule) makes the shape unbounded.
_VALUE_ONLY = {"datatype", "nodeKind", "minCount", "maxCount", "minInclusive", "maxInclusive"}
_VALUE_ONLY |= {"minExclusive", "maxExclusive", "minLength", "maxLength", "pattern", "flags"}
_VALUE_ONLY |= {"languageIn", "uniqueLang", "in", "hasValue", "qualifiedMinCount"}
_VALUE_ONLY |= {"qualifiedMaxCount", "ignoredProperties", "deactivated"}
_ANNOTATIONS = {"message", "severity", "name", "description", "order", "group", "defaultValue"}
_FOLLOWED = {"path", "class", "node", "property", "or", "and", "xone", "not", "sparql", "closed"}
_FOLLOWED |= {"qualifiedValueShape", "equals", "disjoint", "lessThan", "lessThanOrEquals"}
_TARGETS = {"targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"}
KNOWN = {SH[n] for n in _VALUE_ONLY | _ANNOTATIONS | _FOLLOWED | _TARGETS}
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
        yield from (
            (Read(walk + r.walk, r.predicate, r.forward)) for r in _sparql_reads(str(query))
        )


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


Pattern = tuple[Node, Step, Node]  # subject term, the step from it, object term
Scoped = tuple[Pattern, tuple[int, ...]]  # a pattern and the groups it sits in
_OWN_GROUP = {"LeftJoin": "p2", "Minus": "p2", "OptionalGraphPattern": "graph"}
_OWN_GROUP.update({"Builtin_NOTEXISTS": "graph", "Builtin_EXISTS": "graph"})


@cache
def _sparql_reads(query: str, prefixes: tuple[tuple[str, str], ...] = ()) -> frozenset[Read]:
    """Each triple pattern of a SELECT constraint as one read: the shortest walk from `$this` to
    one of its ends through patterns that hold whenever it does (those of its own and enclosing
    groups, not of a sibling UNION branch or OPTIONAL part). In any solution that matches the
    pattern that walk holds too, so it finds every focus a changed triple may concern."""
    try:
        algebra = prepareQuery(query, initNs=dict(prefixes)).algebra
    except Exception as error:  # rdflib raises bare Exceptions for unknown prefixes
        raise Unbounded from error
    scoped = list(_patterns(algebra, (), itertools.count(1)))
    this = Variable("this")
    reads: set[Read] = set()
    for index, ((s, step, o), scope) in enumerate(scoped):
        usable = [p for i, (p, sc) in enumerate(scoped) if i != index and scope[: len(sc)] == sc]
        walks = _shortest_walks(this, usable)
        ends = [(walks[s], step.forward), (walks.get(o), not step.forward)] if s in walks else []
        ends += [(walks[o], not step.forward)] if o in walks and s not in walks else []
        options = [(len(w), w, forward) for w, forward in ends if w is not None]
        if not options:
            raise Unbounded  # a pattern no walk from $this reaches: it may match anywhere
        _, walk, forward = min(
            options, key=lambda x: (x[0], not x[2], str(x[1]))
        )  # subjects first:
        # an object may be a literal or a node many others point at
        reads.add(Read(walk, step.predicate, forward))
    return frozenset(reads)


def _shortest_walks(start: Variable, patterns: list[Pattern]) -> dict[Node, tuple[Step, ...]]:
    """Breadth first over the variables the patterns join."""
    walks: dict[Node, tuple[Step, ...]] = {start: ()}
    frontier: list[Node] = [start]
    while frontier:
        following: list[Node] = []
        for node in frontier:
            for s, step, o in patterns:
                for near, far, hop in (
                    (s, o, step),
                    (o, s, Step(step.predicate, not step.forward)),
                ):
                    if near == node and isinstance(far, Variable) and far not in walks:
                        walks[far] = walks[node] + (hop,)
                        following.append(far)
        frontier = following
    return walks


def _patterns(algebra: object, scope: tuple[int, ...], groups: Iterator[int]) -> Iterator[Scoped]:
    """Triple patterns anywhere in the query (BGPs, OPTIONAL, UNION, FILTER EXISTS / NOT EXISTS
    blocks), each with the groups it sits in: a UNION branch, an OPTIONAL part, an EXISTS block
    or MINUS part opens a group of its own."""
    if isinstance(algebra, CompValue):
        if "triples" in algebra:
            yield from ((p, scope) for p in _triples(algebra["triples"]))
        branches = algebra.name in ("Union",) or (
            algebra.name == "GroupOrUnionGraphPattern" and len(algebra.get("graph") or []) > 1
        )
        for key, value in algebra.items():
            if key == "triples":
                continue
            own = (branches and key in ("p1", "p2", "graph")) or _OWN_GROUP.get(algebra.name) == key
            if own and algebra.name == "GroupOrUnionGraphPattern":
                for branch in value:
                    yield from _patterns(branch, (*scope, next(groups)), groups)
            else:
                yield from _patterns(value, (*scope, next(groups)) if own else scope, groups)
    elif isinstance(algebra, (list, tuple)):
        for value in algebra:
            yield from _patterns(value, scope, groups)


def _triples(triples: Iterable[object]) -> Iterator[Pattern]:
    for item in triples:
        flat = list(item) if isinstance(item, (list, tuple)) else []
        for s, p, o in zip(flat[0::3], flat[1::3], flat[2::3], strict=True):
            yield from _expand(s, p, o)


_fresh = itertools.count()


def _expand(s: Node, p: object, o: Node) -> Iterator[Pattern]:
    """One pattern per hop: sequences get fresh variables, alternatives one pattern each."""
    if isinstance(p, URIRef):
        yield (s, Step(p, True), o)
    elif isinstance(p, Variable):
        yield (s, Step(None, True), o)
    elif isinstance(p, InvPath):
        for a, step, b in _expand(o, p.arg, s):
            yield (a, step, b)
    elif isinstance(p, SequencePath):
        nodes = [s, *(Variable(f"_seq{next(_fresh)}") for _ in p.args[1:]), o]
        for arg, a, b in zip(p.args, nodes, nodes[1:], strict=False):
            yield from _expand(a, arg, b)
    elif isinstance(p, AlternativePath):
        for arg in p.args:
            yield from _expand(s, arg, o)
    elif isinstance(p, Path):
        raise Unbounded  # *, +, ?, negated property sets
    else:
        raise Unbounded
