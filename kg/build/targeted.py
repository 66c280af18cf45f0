"""SHACL on what a change can affect: the focus nodes each shape must see again, and the triples
it reads for them.

For every triple added or removed (in a changed graph) and every read of a shape with that
triple's predicate (kg.build.locality), the read's walk taken backwards from the triple's anchor
gives the focus nodes whose verdict may change; for a graph-local shape that is the triple's
subject. Those nodes, kept when they are targets of the shape, are validated on a region of the
union: the ontology graph plus, for every read, the triples at the nodes its walk reaches from
them, which is all the shape can look at, so the verdict is the one the whole union gives.
Violations of other nodes in the region are dropped: their verdict did not change and the last
build passed. Unbounded shapes (and any whose focus is a blank node) run on the whole union.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, URIRef

from kg.build.chunks import lines
from kg.build.locality import Read, ShapeReads, Step, analyse
from kg.build.validate import SH, Violation, short, violations
from kg.iris import ONTOLOGY_GRAPH

__all__ = ["Targeted", "changed_triples", "validate_changes"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple  # what a quad may hold


@dataclass
class Targeted:
    """What an incremental validation did, for the build report and the tests."""

    changed_triples: int = 0
    focus: dict[str, int] = field(default_factory=dict)  # shape -> focus nodes validated
    whole_union: list[str] = field(default_factory=list)  # unbounded shapes run on everything
    region_triples: int = 0
    seconds: float = 0.0
    found: list[Violation] = field(default_factory=list)


def changed_triples(old: dict[str, bytes], new: dict[str, bytes]) -> list[ox.Triple]:
    """Triples of lines in one version of a graph and not the other (a superset of the union's
    change: a triple also told by an unchanged graph is still counted)."""
    rows: set[bytes] = set()
    for graph in set(old) | set(new):
        before, after = set(lines(old.get(graph, b""))), set(lines(new.get(graph, b"")))
        rows |= before ^ after
    quads = ox.parse(b"\n".join(sorted(rows)), format=ox.RdfFormat.N_QUADS)
    return sorted({q.triple for q in quads}, key=str)


def _step_back(store: ox.Store, nodes: set[Term], step: Step) -> set[Term]:
    """The nodes from which `step` leads into `nodes`."""
    p = ox.NamedNode(step.predicate) if step.predicate else None
    found: set[Term] = set()
    for node in nodes:
        if step.forward:
            found.update(q.subject for q in store.quads_for_pattern(None, p, node))
        elif not isinstance(node, ox.Literal):
            found.update(q.object for q in store.quads_for_pattern(node, p, None))
    return found


def _step(store: ox.Store, nodes: set[Term], step: Step) -> set[Term]:
    return _step_back(store, nodes, Step(step.predicate, not step.forward))


def _anchored(store: ox.Store, nodes: set[Term], read: Read) -> Iterable[ox.Quad]:
    p = ox.NamedNode(read.predicate) if read.predicate else None
    for node in nodes:
        if not read.forward:
            yield from store.quads_for_pattern(None, p, node)
        elif not isinstance(node, ox.Literal):
            yield from store.quads_for_pattern(node, p, None)


def _focus(store: ox.Store, shape: ShapeReads, delta: list[ox.Triple]) -> set[Term]:
    """Focus nodes of `shape` whose reads include a changed triple."""
    focus: set[Term] = set()
    for read in shape.reads:
        anchors: set[Term] = set()
        wanted = None if read.predicate is None else str(read.predicate)  # URIRef != str
        for t in delta:
            if wanted is None or t.predicate.value == wanted:
                anchors.add(t.subject if read.forward else t.object)
        for step in reversed(read.walk):
            anchors = _step_back(store, anchors, step)
        focus |= anchors
    return {n for n in focus if not isinstance(n, ox.Literal)}


def _targets(shapes: Graph, ontology: Graph, shape: URIRef) -> set[str] | None:
    """The classes whose instances `shape` targets (subclasses included), None if it has
    targets of another kind."""
    if any((shape, t, None) in shapes for t in (SH.targetNode, SH.targetSubjectsOf)):
        return None
    if (shape, SH.targetObjectsOf, None) in shapes:
        return None
    classes: set[str] = set()
    for c in shapes.objects(shape, SH.targetClass):
        classes |= {str(x) for x in ontology.transitive_subjects(RDFS.subClassOf, c)}
    return classes


def _is_target(store: ox.Store, node: Term, classes: set[str] | None) -> bool:
    if classes is None:
        return True
    if isinstance(node, ox.Literal):
        return False
    rdf_type = ox.NamedNode(str(RDF.type))
    found = store.quads_for_pattern(node, rdf_type, None)
    return any(isinstance(q.object, ox.NamedNode) and q.object.value in classes for q in found)


def _region(store: ox.Store, shape: ShapeReads, focus: set[Term]) -> set[ox.Triple]:
    triples: set[ox.Triple] = set()
    for read in shape.reads:
        nodes = set(focus)
        for step in read.walk:
            nodes = _step(store, nodes, step)
        triples.update(q.triple for q in _anchored(store, nodes, read))
    return triples


def _as_graph(triples: Iterable[ox.Triple]) -> Graph:
    data = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES) or b""
    graph = Graph()
    graph.parse(data=data, format="nt")
    return graph


def validate_changes(
    store: ox.Store,
    delta: list[ox.Triple],
    shapes: Graph,
    ontology: Graph,
    whole_union: Callable[[], Graph] | None = None,
) -> Targeted:
    """Validate what `delta` may have changed; `store` holds the new union (all graphs).
    `whole_union` (makes an rdflib graph of everything) is called only for unbounded shapes."""
    started = time.perf_counter()
    result = Targeted(changed_triples=len(delta))
    if not delta:
        return result
    focus_by_shape: dict[URIRef, set[Term]] = {}
    region: set[ox.Triple] = set()
    analysis = analyse(shapes)
    unbounded: list[URIRef] = []
    for iri, shape in analysis.items():
        focus = set()
        if shape.bounded:
            classes = _targets(shapes, ontology, iri)
            focus = {n for n in _focus(store, shape, delta) if _is_target(store, n, classes)}
        if not shape.bounded or any(isinstance(n, ox.BlankNode) for n in focus):
            unbounded.append(iri)  # blank nodes: the region's copy renames them
            result.whole_union.append(short(iri))
        elif focus:
            focus_by_shape[iri] = focus
            result.focus[short(iri)] = len(focus)
            region |= _region(store, shape, focus)
    found: list[Violation] = []
    if focus_by_shape:
        ontology_quads = store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH))
        region.update(q.triple for q in ontology_quads)
        result.region_triples = len(region)
        wanted = {
            (short(s), n.value)
            for s, nodes in focus_by_shape.items()
            for n in nodes
            if isinstance(n, ox.NamedNode)  # blank nodes are renamed by the rdflib copy
        }
        for v in violations(_as_graph(region), shapes, use_shapes=sorted(focus_by_shape)):
            if (v.shape, v.focus) in wanted:
                found.append(v)
    if result.whole_union:
        assert whole_union is not None, "unbounded shapes need the whole union"
        found += violations(whole_union(), shapes, use_shapes=unbounded)
    result.found = sorted(found)
    result.seconds = time.perf_counter() - started
    return result
