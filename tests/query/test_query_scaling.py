"""The named queries rewritten for big stores give the answer of their plain form, row for row.

`measure-dates`, `target-group-totals` and `fact-provenance` sort on a string key made once per
row instead of on an IRI that pyoxigraph 0.5 reads from the store at every comparison
(bench/query_scale.py). PLAIN holds the queries as they were; both forms run on the bundled
store and on a seeded synthetic store made to hit what a rewrite could get wrong: blank nodes
(no key: they must still sort first, among themselves by node), measures of subclasses, two
labels, imposers or dates or none, many ties on the date, groups told twice, without a count or
a kind, evidence at the same offsets, long and short file names. Rows that tie on every sort
key are ordered by the plan: rewriting measure-dates' OPTIONALs as sub-SELECTs (2x faster)
reordered those on the in-memory store and failed here.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from bench.query_scale import scale
from kg.query import find_query
from kg.store import OxigraphStore

PREFIXES = """PREFIX kg:   <https://w3id.org/sanctions-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
PLAIN = {
    "measure-dates": PREFIXES
    + """SELECT ?measure ?label ?imposerName ?announced ?inheritedFrom ?effective ?notBefore ?notAfter
WHERE {
  ?measure a/rdfs:subClassOf* kg:Measure .
  OPTIONAL { ?measure rdfs:label ?label }
  OPTIONAL { ?measure kg:imposedBy/rdfs:label ?imposerName }
  OPTIONAL { ?measure kg:announcedDate ?announced }
  OPTIONAL { ?measure kg:dateInheritedFrom ?inheritedFrom }
  OPTIONAL { ?measure kg:effectiveDate ?effective }
  OPTIONAL { ?measure kg:notBefore ?notBefore }
  OPTIONAL { ?measure kg:notAfter ?notAfter }
}
ORDER BY ?announced ?measure""",
    "target-group-totals": PREFIXES
    + """SELECT ?measure ?memberKind (SUM(?count) AS ?total) (COUNT(DISTINCT ?group) AS ?groups)
WHERE {
  ?measure kg:targetGroup ?group .
  ?group kg:memberCount ?count .
  OPTIONAL { ?group kg:memberKind ?kindClass }
  BIND(COALESCE(STRAFTER(STR(?kindClass), "#"), "") AS ?memberKind)
  FILTER NOT EXISTS {
    ?group (kg:sameGroupAs|^kg:sameGroupAs)+ ?other .
    ?measure kg:targetGroup ?other .
    ?other kg:memberCount ?otherCount .
    FILTER(STR(?other) < STR(?group))
  }
}
GROUP BY ?measure ?memberKind
ORDER BY ?measure ?memberKind""",
    "fact-provenance": PREFIXES
    + """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?fact ?file ?start ?end ?text ?method ?segment
WHERE {
  ?fact kg:supportedBy ?evidence .
  ?evidence kg:inDocument ?doc ; kg:startOffset ?start ; kg:endOffset ?end ; kg:exactText ?text .
  ?doc kg:fileName ?file .
  OPTIONAL { ?evidence kg:method/skos:prefLabel ?method }
  OPTIONAL { ?evidence kg:segmentKind/skos:prefLabel ?segment }
}
ORDER BY ?fact ?file ?start""",
}

KG = "https://w3id.org/sanctions-kg/ontology#"
ID = "https://w3id.org/sanctions-kg/id/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
INT = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")


def _kg(name: str) -> ox.NamedNode:
    return ox.NamedNode(KG + name)


def _measures(rng: random.Random, count: int) -> Iterator[ox.Triple]:
    """Measures of kg:Measure and its subclasses, some blank nodes, with 0-2 of each value."""
    for cls in ("Sanction", "Countermeasure"):
        yield ox.Triple(_kg(cls), SUBCLASS, _kg("Measure"))
    states = [ox.NamedNode(f"{ID}state/s{i}") for i in range(6)]
    for state in states[:5]:  # one imposer without a label
        yield ox.Triple(state, LABEL, ox.Literal(f"State {state.value[-1]}"))
    dates = [ox.Literal(f"2023-{m:02d}-{d:02d}", datatype=DATE) for m in (1, 2) for d in (1, 2)]
    for i in range(count):
        node = ox.BlankNode(f"m{i}") if i % 17 == 0 else ox.NamedNode(f"{ID}measure/m{i:05d}")
        yield ox.Triple(node, RDF_TYPE, _kg(rng.choice(["Measure", "Sanction", "Countermeasure"])))
        values = {
            LABEL: [ox.Literal(f"measure {i}"), ox.Literal(f"mesure {i}", language="fr")],
            _kg("imposedBy"): states,
            _kg("announcedDate"): dates,
            _kg("dateInheritedFrom"): [ox.NamedNode(f"{ID}package/p{i % 7}")],
            _kg("effectiveDate"): dates,
            _kg("notBefore"): [ox.Literal("2023-01", datatype=DATE)],
            _kg("notAfter"): [ox.Literal("2023-06", datatype=DATE)],
        }
        for predicate, choices in values.items():
            for value in rng.sample(choices, min(len(choices), rng.choice([0, 0, 1, 1, 1, 2]))):
                yield ox.Triple(node, predicate, value)


def _groups(rng: random.Random, count: int) -> Iterator[ox.Triple]:
    """Target groups of measures: counts, kinds or none, some told twice (kg:sameGroupAs)."""
    kinds = [_kg("Person"), _kg("Organization")]
    for i in range(count):
        measure = ox.BlankNode(f"g{i}") if i % 13 == 0 else ox.NamedNode(f"{ID}measure/g{i:05d}")
        groups = [ox.NamedNode(f"{ID}target-group/g{i:05d}-{k}") for k in range(rng.randint(1, 4))]
        for group in groups:
            yield ox.Triple(measure, _kg("targetGroup"), group)
            if rng.random() < 0.9:
                yield ox.Triple(group, _kg("memberCount"), ox.Literal(str(rng.randint(1, 50))))
            for kind in rng.sample(kinds, rng.choice([0, 1, 1, 1])):
                yield ox.Triple(group, _kg("memberKind"), kind)
        if len(groups) > 1 and rng.random() < 0.4:
            yield ox.Triple(groups[-1], _kg("sameGroupAs"), groups[0])


def _evidence(rng: random.Random, count: int) -> Iterator[ox.Triple]:
    """Facts with 1-3 pieces of evidence in documents with long and short file names, some at
    the same offsets of the same document, with a method and a segment kind or not."""
    docs = [ox.NamedNode(f"{ID}source/d{i:02d}") for i in range(30)]
    for i, doc in enumerate(docs):
        name = f"{i:03d}_{i * 7919:016x}.txt" if i % 2 else f"{i:02d}.md"
        yield ox.Triple(doc, _kg("fileName"), ox.Literal(name))
    concepts = [ox.NamedNode(f"{ID}concept/c{i}") for i in range(3)]
    for concept in concepts:
        yield ox.Triple(concept, PREF_LABEL, ox.Literal(concept.value[-2:]))
    for i in range(count):
        fact = ox.BlankNode(f"f{i}") if i % 19 == 0 else ox.NamedNode(f"{ID}fact/f{i:05d}")
        for k in range(rng.randint(1, 3)):
            evidence = ox.NamedNode(f"{ID}evidence/f{i:05d}-{k}")
            start = rng.choice([0, 10, 20])
            yield ox.Triple(fact, _kg("supportedBy"), evidence)
            yield ox.Triple(evidence, _kg("inDocument"), rng.choice(docs[:4]))
            yield ox.Triple(evidence, _kg("startOffset"), ox.Literal(str(start), datatype=INT))
            yield ox.Triple(evidence, _kg("endOffset"), ox.Literal(str(start + 9), datatype=INT))
            yield ox.Triple(evidence, _kg("exactText"), ox.Literal(f"text {i} {k}"))
            for predicate in (_kg("method"), _kg("segmentKind")):
                if rng.random() < 0.7:
                    yield ox.Triple(evidence, predicate, rng.choice(concepts))


@pytest.fixture(scope="module")
def synthetic() -> OxigraphStore:
    rng = random.Random(20)
    store = OxigraphStore()
    triples = [*_measures(rng, 3000), *_groups(rng, 900), *_evidence(rng, 2000)]
    store.raw.extend(ox.Quad(*t) for t in triples)
    return store


def _rows(store: OxigraphStore, text: str) -> list[tuple[object, ...]]:
    return store.query(text, timeout_s=None, max_rows=None).rows


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_rewrite_answers_as_the_plain_query_on_the_bundled_store(
    store: OxigraphStore, name: str
) -> None:
    plain = _rows(store, PLAIN[name])
    assert plain, f"{name}: the bundled store gives no rows; the comparison would prove nothing"
    assert _rows(store, find_query(name).text) == plain


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_rewrite_answers_as_the_plain_query_on_a_synthetic_store(
    synthetic: OxigraphStore, name: str
) -> None:
    plain = _rows(synthetic, PLAIN[name])
    assert len(plain) > 1000, f"{name}: {len(plain)} rows; the synthetic store is too small"
    assert _rows(synthetic, find_query(name).text) == plain


def test_the_synthetic_store_has_the_cases_a_rewrite_could_get_wrong(
    synthetic: OxigraphStore,
) -> None:
    rows = _rows(synthetic, PLAIN["measure-dates"])
    measures = [row[0] for row in rows]
    assert any(m is not None and m.kind == "bnode" for m in measures)
    assert len(set(measures)) < len(measures)  # measures with two labels, dates, imposers
    assert any(row[3] is None for row in rows) and any(row[3] is not None for row in rows)
    totals = _rows(synthetic, PLAIN["target-group-totals"])
    assert any(row[0] is not None and row[0].kind == "bnode" for row in totals)
    assert len({row[0] for row in totals}) < len(totals)  # two member kinds of one measure
    evidence = _rows(synthetic, PLAIN["fact-provenance"])
    keys = [(row[0], row[1], row[2]) for row in evidence]
    assert len(set(keys)) < len(keys)  # ties on every sort key


def test_scaled_store_renames_documents_and_keeps_shared_entities(tmp_path: Path) -> None:
    """bench/query_scale.scale: copies of each document under new ids, the canonical entities
    and the ontology graph shared, the merged default graph written."""
    ingested = tmp_path / "build" / "ingested"
    ingested.mkdir(parents=True)
    state = f"<{ID}state/jp>"
    for i in range(2):
        doc, graph = (
            f"<{ID}source/syn-00000{i}>",
            f"<https://w3id.org/sanctions-kg/graph/source/syn-00000{i}>",
        )
        (ingested / f"syn-00000{i}.nq").write_text(
            f'{doc} <{KG}fileName> "syn-00000{i}.md" {graph} .\n'
            f"<{ID}evidence/syn-00000{i}/0-9/mention> <{KG}mentionOf> {state} {graph} .\n"
        )
    ontology = OxigraphStore(tmp_path / "build" / "store")
    ontology.replace_graphs(
        f"<{KG}Measure> <{RDF_TYPE.value}> <{KG}Class> <https://w3id.org/sanctions-kg/graph/ontology> .\n".encode(),
        ["https://w3id.org/sanctions-kg/graph/ontology"],
    )
    ontology.close()
    quads = scale(tmp_path / "build", 5, tmp_path / "scaled")
    scaled = OxigraphStore(tmp_path / "scaled", read_only=True)
    files = _rows(scaled, f"SELECT ?file WHERE {{ ?doc <{KG}fileName> ?file }} ORDER BY ?file")
    assert [row[0].value for row in files] == [f"syn-00000{i}.md" for i in range(5)]
    mentions = _rows(scaled, f"SELECT ?m WHERE {{ ?m <{KG}mentionOf> {state} }}")
    assert len(mentions) == 5  # five documents' mentions of the one shared state
    assert len(scaled.named_graphs()) == 6  # five documents and the ontology
    assert quads == 2 * (5 * 2 + 1)  # each quad in its graph and in the merged default graph
