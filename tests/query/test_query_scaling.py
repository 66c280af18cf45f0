"""The named queries rewritten for big stores give the answer of their plain form, row for row.

`measure-dates` sorts on a string key made once per row instead of on the measure's IRI
(bench/query_scale.py). PLAIN holds the queries as they were; both forms run on the bundled
store and on a seeded synthetic store made to hit what a rewrite could get wrong: measures of
subclasses, blank-node measures, two labels, imposers or dates, none, many ties on the date
(rows of one measure that differ in another column are ordered by the plan, not by ORDER BY:
rewriting the OPTIONALs as sub-SELECTs, 2x faster, reordered those and failed here).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

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
}

KG = "https://w3id.org/sanctions-kg/ontology#"
ID = "https://w3id.org/sanctions-kg/id/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


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


@pytest.fixture(scope="module")
def synthetic() -> OxigraphStore:
    rng = random.Random(20)
    store = OxigraphStore()
    store.raw.extend(ox.Quad(*t) for t in _measures(rng, 3000))
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
