"""FollowTheMoney export: a round trip through the followthemoney package, counts against SPARQL."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model

from kg.interop.errors import FtmExportError
from kg.interop.ftm_export import PROVENANCE_NOTE, FtmExportReport, export_ftm
from kg.interop.ftm_schema import ftm_id, make_proxy, put
from kg.store import OxigraphStore, open_store

P = (
    "PREFIX kg: <https://w3id.org/sanctions-kg/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
# the test's own reading of the mapping: which graph nodes each FtM schema stands for
SCHEMA_QUERIES = {
    "Person": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a/rdfs:subClassOf* kg:Person }",
    "Company": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a/rdfs:subClassOf* kg:Company }",
    "PublicBody": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a/rdfs:subClassOf* ?c "
    "VALUES ?c { kg:GovernmentBody kg:MilitaryOrganization } }",
    "Organization": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a/rdfs:subClassOf* kg:Organization"
    " FILTER NOT EXISTS { ?s a/rdfs:subClassOf* ?d VALUES ?d { kg:Company kg:GovernmentBody "
    "kg:MilitaryOrganization } } }",
    "Territory": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c VALUES ?c { kg:State kg:Territory } }",
    "Event": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a kg:Event }",
    "Document": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a kg:SourceDocument }",
    "Sanction": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?m ?t WHERE { ?m a ?c "
    "VALUES ?c { kg:Sanction kg:Countermeasure } "
    "?m kg:target|(kg:targetGroup/^kg:subgroupOf*/kg:member) ?t } }",
}


@pytest.fixture(scope="module")
def exported(
    store: OxigraphStore, tmp_path_factory: pytest.TempPathFactory
) -> tuple[FtmExportReport, list[dict[str, Any]]]:
    path = tmp_path_factory.mktemp("ftm") / "kg.ftm.json"
    report = export_ftm(store, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    return report, [json.loads(line) for line in lines]


def test_every_entity_reads_back_and_validates_against_its_schema(
    exported: tuple[FtmExportReport, list[dict[str, Any]]],
) -> None:
    _, entities = exported
    assert entities
    ids = {e["id"] for e in entities}
    assert len(ids) == len(entities), "FtM ids repeat"
    for data in entities:
        schema = model.get(data["schema"])
        assert schema is not None, data["schema"]
        schema.validate(data)  # raises InvalidData on a bad value
        missing = [r for r in schema.required if not data["properties"].get(r)]
        assert not missing, f"{data['id']}: required {missing} missing"
        unknown = set(data["properties"]) - set(schema.properties)
        assert not unknown, f"{data['id']}: unknown properties {unknown}"
        proxy = model.get_proxy(data, cleaned=False)  # re-cleaned by followthemoney
        assert proxy.to_dict()["properties"] == data["properties"], f"{data['id']} changes on read"
        for prop in proxy.iterprops():
            if prop.type.name == "entity":
                dangling = set(proxy.get(prop)) - ids
                assert not dangling, f"{data['id']}.{prop.name} -> {dangling} not exported"


def test_counts_per_schema_match_the_graph(
    store: OxigraphStore, exported: tuple[FtmExportReport, list[dict[str, Any]]]
) -> None:
    report, entities = exported
    counts = Counter(e["schema"] for e in entities)
    assert set(counts) == set(SCHEMA_QUERIES), counts
    for schema, query in SCHEMA_QUERIES.items():
        expected = store.query(P + query).values()[0][0]
        assert counts[schema] == expected, (
            f"{schema}: {counts[schema]} exported, {expected} in graph"
        )
    assert report.counts == dict(counts)


def test_a_sanction_carries_the_measure_fields(
    store: OxigraphStore, exported: tuple[FtmExportReport, list[dict[str, Any]]]
) -> None:
    _, entities = exported
    by_id = {e["id"]: e for e in entities}
    rows = store.query(
        P + "SELECT ?m ?t ?eff ?ann ?pkg ?doc WHERE { ?m a kg:Sanction ; kg:target ?t ; "
        "kg:effectiveDate ?eff ; kg:partOfPackage/<http://www.w3.org/2000/01/rdf-schema#label> ?pkg ;"
        " kg:supportedBy/kg:inDocument ?doc OPTIONAL { ?m kg:announcedDate ?ann } } ORDER BY ?m"
    ).rows
    assert rows, "the corpus has a dated sanction with a named target"
    m, t, eff, ann, pkg, doc = rows[0]
    sanction = next(
        e
        for e in entities
        if e["schema"] == "Sanction"
        and e["properties"]["entity"] == [ftm_id(t.value)]
        and e["id"].startswith(ftm_id(m.value) + ".")
    )
    props = sanction["properties"]
    assert eff.value in props["startDate"]
    if ann is not None:
        assert ann.value in props["listingDate"]
    assert pkg.value in props["program"]
    assert ftm_id(doc.value) in props["proof"]
    assert by_id[ftm_id(doc.value)]["schema"] == "Document"
    assert props["provisions"] and props["authority"] and props["country"]


def test_the_export_says_where_per_sentence_provenance_lives(
    exported: tuple[FtmExportReport, list[dict[str, Any]]],
) -> None:
    report, _ = exported
    meta = json.loads(report.meta_path.read_text(encoding="utf-8"))
    assert meta["provenance"] == PROVENANCE_NOTE
    assert "one origin per (entity, property, value)" in meta["provenance"]
    assert meta["counts"] == report.counts


def test_put_refuses_what_followthemoney_would_drop() -> None:
    proxy = make_proxy("Sanction", "kg.test")
    with pytest.raises(FtmExportError, match="not a valid FtM date"):
        put(proxy, "startDate", "not a date", "https://example.org/m")
    with pytest.raises(FtmExportError, match="no property"):
        put(proxy, "birthDate", "2020-01-01", "https://example.org/m")
    put(proxy, "startDate", "2014-07", "https://example.org/m")
    assert proxy.get("startDate") == ["2014-07"]


def test_a_bad_value_in_the_graph_fails_the_export_and_names_the_node(tmp_path: Path) -> None:
    graph = "https://w3id.org/sanctions-kg/graph/test"
    node = "https://w3id.org/sanctions-kg/id/measure/bad"
    target = "https://w3id.org/sanctions-kg/id/person/someone"
    kg = "https://w3id.org/sanctions-kg/ontology#"
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    nquads = "\n".join(
        [
            f"<{target}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{kg}Person> <{graph}> .",
            f'<{target}> <{label}> "Someone" <{graph}> .',
            f"<{node}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{kg}Sanction> <{graph}> .",
            f"<{node}> <{kg}target> <{target}> <{graph}> .",
            f'<{node}> <{kg}effectiveDate> "sometime in spring" <{graph}> .',
        ]
    )
    store = open_store("memory")
    store.replace_graphs(nquads.encode(), [graph])
    out = tmp_path / "bad.ftm.json"
    with pytest.raises(FtmExportError, match=r"measure/bad.*sometime in spring"):
        export_ftm(store, out)
    assert not out.exists()
