"""FollowTheMoney import: a small OpenSanctions-style file made here, linked into a copy of the graph."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model

from kg.build.pipeline import BuildReport
from kg.config import Settings
from kg.interop.errors import FtmImportError
from kg.interop.ftm_export import export_ftm
from kg.interop.ftm_import import import_ftm, import_graph_iri
from kg.interop.ftm_link import LINK_THRESHOLD
from kg.store import GraphStore, Term, load, open_store

P = (
    "PREFIX kg: <https://w3id.org/sanctions-kg/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX sssom: <https://w3id.org/sssom/>\n"
)


@pytest.fixture
def copy(built: tuple[Settings, BuildReport]) -> GraphStore:
    """The built graph in a private in-memory store."""
    config, _ = built
    store = open_store("memory")
    load(store, config.build_dir / "kg.nq")
    return store


def _people(store: GraphStore) -> list[tuple[str, str, str]]:
    """(IRI, label, ISO code) of persons with a nationality, from the graph itself."""
    rows = store.query(
        P
        + "SELECT ?p ?l ?iso WHERE { ?p a kg:Person ; rdfs:label ?l ; kg:nationality/kg:isoCode ?iso }"
        " ORDER BY ?p"
    ).rows
    return [(p.value, name.value, iso.value.lower()) for p, name, iso in rows if p and name and iso]


def _entity(schema: str, entity_id: str, **props: list[str]) -> dict[str, Any]:
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    for prop, values in props.items():
        proxy.add(prop, values)
    data = proxy.to_dict()
    # what OpenSanctions' exports add around the FtM entity
    data.update(
        caption=proxy.caption, datasets=["test_list"], referents=[], first_seen="2024-01-01"
    )
    return data


def _write(path: Path, entities: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entities), "utf-8")
    return path


def _quads(store: GraphStore) -> set[tuple[str, ...]]:
    rows = store.query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", max_rows=None).rows
    return {tuple(t.n3() for t in row if t) for row in rows}


def test_import_links_known_entities_and_keeps_the_rest_apart(
    copy: GraphStore, tmp_path: Path
) -> None:
    people = _people(copy)
    (known, known_name, known_iso), (_, other_name, other_iso) = people[0], people[-1]
    wrong_iso = "br" if other_iso != "br" else "ar"
    entities = [
        _entity("Person", "os-known", name=[known_name.upper()], nationality=[known_iso]),
        _entity("Person", "os-conflict", name=[other_name], nationality=[wrong_iso]),
        _entity("Person", "os-new", name=["Zzyzx Qwertyuiop"], nationality=["ru"]),
        _entity(
            "Sanction",
            "os-s1",
            entity=["os-known"],
            authority=["Test Authority"],
            program=["Test program"],
            listingDate=["2022-02-25"],
            country=["jp"],
        ),
        _entity("Sanction", "os-s2", entity=["os-new"], startDate=["2023-05"]),
        _entity("Address", "os-addr", full=["1 Test Street, Moscow"]),
    ]
    before = _quads(copy)
    report = import_ftm(copy, _write(tmp_path / "test-list.ftm.json", entities))
    graph = import_graph_iri("test-list")
    assert report.graph == graph
    decisions = {d.ftm_id: d for d in report.decisions}
    assert decisions["os-known"].linked and decisions["os-known"].candidate == known
    assert decisions["os-known"].score >= LINK_THRESHOLD
    assert "name" in decisions["os-known"].method
    assert not decisions["os-conflict"].linked
    assert "country-conflict" in decisions["os-conflict"].method
    assert not decisions["os-new"].linked
    assert (report.linked, report.new, report.sanctions) == (1, 2, 2)
    assert report.skipped == {"Address": 1}

    # nothing outside the import graph changed
    after = _quads(copy)
    assert {q for q in after if q[0] != f"<{graph}>"} == before
    assert any(q[0] == f"<{graph}>" for q in after)
    # every decision is recorded with its score and method
    recorded = copy.query(
        P + "SELECT ?g ?subject ?score ?method ?object WHERE { GRAPH ?g { ?d a sssom:Mapping ; "
        "sssom:subject_label ?subject ; sssom:confidence ?score ; sssom:similarity_measure ?method"
        " OPTIONAL { ?d sssom:object_id ?object } } }",
        {"g": Term.iri(graph)},
    ).records()
    assert len(recorded) == len(report.decisions)
    assert {(r["method"], r["score"]) for r in recorded} == {
        (d.method, float(f"{d.score:.3f}")) for d in report.decisions
    }
    # linked: the sanction targets the canonical node; new: a kg:Person of the import graph
    targets = copy.query(
        P
        + "SELECT ?g ?label ?t WHERE { GRAPH ?g { ?s a kg:Sanction ; rdfs:label ?label ; kg:target ?t } }"
        " ORDER BY ?label",
        {"g": Term.iri(graph)},
    ).records()
    assert {r["t"] for r in targets} >= {known}
    new_target = next(r["t"] for r in targets if r["t"] != known)
    assert copy.query(
        "ASK { GRAPH ?g { ?t a <https://w3id.org/sanctions-kg/ontology#Person> } }",
        {
            "g": Term.iri(graph),
            "t": Term.iri(new_target),
        },
    ).values() == [(True,)]


def test_importing_again_replaces_the_import_graph(copy: GraphStore, tmp_path: Path) -> None:
    path = _write(tmp_path / "again.ftm.json", [_entity("Person", "x1", name=["Nobody Known"])])
    count = (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{import_graph_iri('again')}> {{ ?s ?p ?o }} }}"
    )
    import_ftm(copy, path)
    first = copy.query(count).values()
    import_ftm(copy, path)
    assert copy.query(count).values() == first != [(0,)]


def test_the_graphs_own_export_links_back_by_id(copy: GraphStore, tmp_path: Path) -> None:
    exported = tmp_path / "own.ftm.json"
    export_ftm(copy, exported)
    report = import_ftm(copy, exported, name="own")
    assert report.decisions and all(d.linked for d in report.decisions)
    assert {d.method for d in report.decisions} == {"kg-id"}


def test_a_malformed_line_is_named_and_changes_nothing(copy: GraphStore, tmp_path: Path) -> None:
    good = json.dumps(_entity("Person", "ok", name=["Some One"]))
    path = tmp_path / "broken.ftm.json"
    path.write_text(good + "\n" + '{"id": "x", "schema": "NoSuchSchema", "properties": {}}\n')
    graphs = copy.named_graphs()
    with pytest.raises(FtmImportError, match=r"broken\.ftm\.json:2"):
        import_ftm(copy, path)
    assert copy.named_graphs() == graphs


def test_values_followthemoney_cannot_clean_are_reported(copy: GraphStore, tmp_path: Path) -> None:
    raw = {
        "id": "os-dirty",
        "schema": "Person",
        "properties": {
            "name": ["Dirty Record"],
            "birthDate": ["not a date", "1970-01-02"],
            "noSuchProperty": ["x"],
        },
    }
    path = tmp_path / "dirty.ftm.json"
    path.write_text(json.dumps(raw) + "\n")
    report = import_ftm(copy, path)
    assert report.dropped == [
        "dirty.ftm.json:1: os-dirty.birthDate = 'not a date'",
        "dirty.ftm.json:1: os-dirty.noSuchProperty = 'x'",
    ]


def test_a_name_with_a_patronymic_links_by_its_words(copy: GraphStore, tmp_path: Path) -> None:
    known, name, iso = next(p for p in _people(copy) if len(p[1].split()) == 2)
    first, last = name.split()
    entities = [
        _entity("Person", "os-p", name=[f"{first} Ivanovich {last}"], nationality=[iso]),
        _entity("Person", "os-q", name=[last], nationality=[iso]),  # one word is not enough
    ]
    report = import_ftm(copy, _write(tmp_path / "patronymic.ftm.json", entities))
    decisions = {d.ftm_id: d for d in report.decisions}
    assert decisions["os-p"].linked and decisions["os-p"].candidate == known
    assert decisions["os-p"].method == "name-tokens+country"
    assert decisions["os-q"].method != "name-tokens+country"
