"""The reads of a SPARQL constraint (sh:sparql / sh:select): its triple patterns as walks from
`$this`, for kg.build.locality.

`Read` and `Step` are defined here, one floor below locality, which re-exports them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from rdflib import URIRef, Variable
from rdflib.paths import AlternativePath, InvPath, Path, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

__all__ = ["Read", "Step", "Unbounded", "sparql_reads"]


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


class Unbounded(Exception):
    """A construct whose reads cannot be bounded by walks from the focus node."""


Pattern = tuple[Node, Step, Node]  # subject term, the step from it, object term
Scoped = tuple[Pattern, tuple[int, ...]]  # a pattern and the groups it sits in
_OWN_GROUP = {"LeftJoin": "p2", "Minus": "p2", "OptionalGraphPattern": "graph"}
_OWN_GROUP.update({"Builtin_NOTEXISTS": "graph", "Builtin_EXISTS": "graph"})


@cache
def sparql_reads(query: str, prefixes: tuple[tuple[str, str], ...] = ()) -> frozenset[Read]:
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
