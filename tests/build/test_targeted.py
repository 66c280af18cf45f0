"""The shapes' reads (kg.build.locality) and the targeted check (kg.build.targeted): which shapes
are graph-local is read from the shapes, and validating only what a change can affect finds
exactly what SHACL on the whole union finds."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, URIRef

from kg.build.chunks import chunks_of, lines
from kg.build.incremental import _union_graph
from kg.build.locality import Read, Step, analyse
from kg.build.pipeline import BuildReport
from kg.build.targeted import changed_triples, validate_changes
from kg.build.validate import violations
from kg.config import Settings
from kg.namespace import KG
from kg.ontology import ontology_graph, shapes_graph

SHAPES = "https://w3id.org/sanctions-kg/shapes#"
PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix kgsh: <https://w3id.org/sanctions-kg/shapes#> .
@prefix kg: <https://w3id.org/sanctions-kg/ontology#> .
"""


def _shapes(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def test_graph_local_and_cross_graph_shapes_are_told_apart_from_the_shapes() -> None:
    reads = {str(k).removeprefix(SHAPES): v for k, v in analyse(shapes_graph()).items()}
    assert all(r.bounded for r in reads.values())
    assert reads["S01-State"].local  # label, dates, SPARQL on its own dates only
    measure = reads["S06-Measure"]  # sh:class on kg:imposedBy: the value's rdf:type
    assert not measure.local
    assert Read((Step(KG.imposedBy, True),), RDF.type, True) in measure.reads
    mentions = reads["S32-DocumentMentions"]  # SPARQL: mentions point at the document
    assert Read((), KG.inDocument, False) in mentions.reads
    assert not mentions.local
    assert {n for n, r in reads.items() if r.local} >= {"S01-State", "S31-TenureInterval"}


def test_unboundable_shapes_are_found() -> None:
    shapes = _shapes("""
        kgsh:Star a sh:NodeShape ; sh:targetClass ex:A ;
            sh:property [ sh:path [ sh:zeroOrMorePath ex:p ] ; sh:class ex:B ] .
        kgsh:Loose a sh:NodeShape ; sh:targetClass ex:A ;
            sh:sparql [ sh:select "SELECT $this WHERE { ?x <http://example.org/q> ?y }" ] .
        kgsh:Near a sh:NodeShape ; sh:targetClass ex:A ;
            sh:property [ sh:path ( ex:p [ sh:inversePath ex:r ] ) ; sh:minCount 1 ] .
    """)
    reads = {str(k).removeprefix(SHAPES): v for k, v in analyse(shapes).items()}
    assert not reads["Star"].bounded and not reads["Loose"].bounded
    ex = "http://example.org/"
    assert reads["Near"].reads == {
        Read((), RDF.type, True),
        Read((), URIRef(ex + "p"), True),
        Read((Step(URIRef(ex + "p"), True),), URIRef(ex + "r"), False),
    }


def test_an_unbounded_shape_runs_on_the_whole_union() -> None:
    shapes = _shapes("""
        kgsh:Star a sh:NodeShape ; sh:targetClass ex:A ;
            sh:property [ sh:path [ sh:zeroOrMorePath ex:p ] ; sh:class ex:B ] .
    """)
    data = b"<http://example.org/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/A> <http://g> .\n"
    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
    union: list[bool] = []

    def whole() -> Graph:
        union.append(True)
        return _union_graph(data)

    delta = changed_triples({}, {"http://g": data})
    result = validate_changes(store, delta, shapes, Graph(), whole)
    assert union and result.whole_union == ["Star"]
    assert [v.focus for v in result.found] == ["http://example.org/a"]


def _without(chunks: dict[str, bytes], graph: str, row: bytes) -> dict[str, bytes]:
    kept = [r for r in lines(chunks[graph]) if r != row]
    return {**chunks, graph: b"\n".join(kept) + b"\n"}


MUTATIONS = [  # (predicate of the triple removed, the graph it is taken from)
    (str(RDF.type), "reference"),  # a state untyped: measures in source graphs point at it
    (str(KG.inDocument), "source/"),  # evidence with no document
    (str(RDF.type), "source/"),  # a source document untyped: evidence and variants cite it
    (str(KG.supportedBy), "source/"),  # a fact loses its evidence
]


@pytest.mark.parametrize(("predicate", "where"), MUTATIONS)
def test_the_targeted_check_finds_what_the_whole_union_finds(
    built: tuple[Settings, BuildReport], predicate: str, where: str
) -> None:
    config, _ = built
    nquads = (config.build_dir / "kg.nq").read_bytes()
    dataset_chunks = _chunks(nquads)
    graph, row = _pick(dataset_chunks, predicate, where)
    after = _without(dataset_chunks, graph, row)
    new = b"".join(after.values())
    store = ox.Store()
    store.bulk_load(new, format=ox.RdfFormat.N_QUADS)
    delta = changed_triples({graph: dataset_chunks[graph]}, {graph: after[graph]})
    targeted = validate_changes(store, delta, shapes_graph(), ontology_graph())
    whole = violations(_union_graph(new))
    assert whole, "the mutation should break a shape"
    assert targeted.found == whole
    assert targeted.region_triples < len(lines(new))  # a region, not the union


def _chunks(nquads: bytes) -> dict[str, bytes]:
    from rdflib import Dataset

    dataset = Dataset()
    dataset.parse(data=nquads, format="nquads")
    return chunks_of(dataset)


def _pick(chunks: dict[str, bytes], predicate: str, where: str) -> tuple[str, bytes]:
    """The first line (in sorted order) of a graph named like `where` with `predicate` whose
    subject has no other value for it anywhere (so removing it is felt) and whose object is one
    the shapes care about: deterministic, and no hand-picked IRI."""
    told: dict[tuple[bytes, bytes], int] = {}
    for chunk in chunks.values():
        for row in lines(chunk):
            s, p = row.split(b" ")[:2]
            told[(s, p)] = told.get((s, p), 0) + 1
    wanted = {
        str(RDF.type): (b"ontology#State>", b"ontology#SourceDocument>"),
        str(KG.inDocument): (b"",),
        str(KG.supportedBy): (b"",),
    }[predicate]
    for graph in sorted(chunks):
        if where not in graph:
            continue
        for row in lines(chunks[graph]):
            parts = row.split(b" ")
            if parts[1] != f"<{predicate}>".encode() or told[(parts[0], parts[1])] > 1:
                continue
            if any(parts[2].endswith(w) for w in wanted):
                return graph, row
    raise AssertionError(f"no {predicate} line in a graph like {where}")


def test_chunks_merge_back_to_the_built_bytes(built: tuple[Settings, BuildReport]) -> None:
    config, _ = built
    nquads = (config.build_dir / "kg.nq").read_bytes()
    from kg.build.chunks import merge

    assert merge(_chunks(nquads)) == nquads
    assert Path(config.build_dir / "incremental" / "manifest.json").exists()


def test_trig_from_cached_blocks_is_the_canonical_trig(built: tuple[Settings, BuildReport]) -> None:
    from kg.build.output import canonical_trig
    from kg.build.trig import blocks_of, joined

    config, _ = built
    nquads = (config.build_dir / "kg.nq").read_bytes()
    chunks = _chunks(nquads)
    blocks = blocks_of(chunks, config.build_dir / "incremental" / "trig")  # cached by the build
    assert blocks is not None and len(blocks) == len(chunks)
    assert (
        joined(chunks, blocks)
        == canonical_trig(nquads)
        == (config.build_dir / "kg.trig").read_bytes()
    )
