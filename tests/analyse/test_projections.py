"""Projections of the hand-made graph (tiny.trig) and of the bundled corpus."""

from __future__ import annotations

from kg.analyse import full_graph, response_graph, sanction_graph, territory_graph, weighted
from kg.store import GraphStore


def test_sanction_graph_has_one_edge_per_measure_and_target(tiny: GraphStore) -> None:
    graph = sanction_graph(tiny)
    assert sorted(graph["state/a"]["state/b"]) == ["measure/a1", "measure/a2", "measure/a3"]
    assert sorted(graph["state/b"]["state/a"]) == ["measure/b1", "measure/b2"]
    edge = graph.edges["state/a", "state/b", "measure/a1"]
    assert edge["label"] == "A's first sanction"
    assert edge["class"] == "Sanction"
    assert edge["measure_type"] == "asset-freeze"
    assert (edge["announced"], edge["announced_precision"]) == ("2020-01-10", "day")
    assert (edge["effective"], edge["effective_precision"]) == ("2020-02", "month")
    assert edge["end"] is None
    assert edge["sources"] == ["s1", "s2"] and edge["n_sources"] == 2
    assert graph.nodes["state/a"]["label"] == "A" and graph.nodes["state/a"]["class"] == "State"


def test_groups_collapse_onto_their_affiliation_without_double_counting(tiny: GraphStore) -> None:
    graph = sanction_graph(tiny)
    edge = graph.edges["state/a", "organization/o", "measure/a4"]
    assert edge["via"] == "group"
    assert edge["groups"] == ["target-group/g1", "target-group/g2", "target-group/g3"]
    assert edge["member_count"] == 15  # s1: 10 + 5, s2: 15; the same people, not 30
    assert not any(n.startswith("target-group/") for n in graph)


def test_groups_kept_are_nodes_of_their_own(tiny: GraphStore) -> None:
    graph = sanction_graph(tiny, target_groups="keep")
    assert graph.nodes["target-group/g1"]["class"] == "TargetGroup"
    assert graph.edges["state/a", "target-group/g1", "measure/a4"]["member_count"] == 10
    assert "organization/o" not in graph


def test_support_measures_without_targets_stay_out(store: GraphStore) -> None:
    # 002: "Japan ... is actively involved in military assistance to Ukraine": a support
    # measure with a beneficiary, not a target.
    keys = {k for _, _, k in sanction_graph(store).edges(keys=True)}
    assert "measure/jp-military-aid-ukraine" not in keys
    assert "measure/jp-2023-12-export-ban" in keys


def test_weighted_counts_measures(tiny: GraphStore) -> None:
    simple = weighted(sanction_graph(tiny))
    assert simple.edges["state/a", "state/b"]["weight"] == 3
    assert simple.edges["state/b", "state/a"]["weight"] == 2
    assert simple.edges["state/d", "state/e"]["weight"] == 5  # d1 and the four timeline measures


def test_response_graph_lags(tiny: GraphStore) -> None:
    graph = response_graph(tiny)
    assert set(graph.edges) == {
        ("measure/b1", "measure/a1"),
        ("measure/b2", "measure/a1"),
        ("measure/a3", "measure/b1"),
    }
    assert graph.edges["measure/b1", "measure/a1"]["lag_days"] == 10  # 2020-01-10 → 01-20
    month = graph.edges["measure/b2", "measure/a1"]  # 2020-01-10 → some day of March 2020
    assert month["lag_days"] is None
    assert (month["lag_min_days"], month["lag_max_days"]) == (51, 81)
    assert graph.nodes["measure/b1"]["imposer"] == "state/b"


def test_territory_graph(tiny: GraphStore) -> None:
    graph = territory_graph(tiny)
    relations = {(u, v, d["relation"]) for u, v, d in graph.edges(data=True)}
    assert relations == {
        ("state/a", "territory/t", "claims"),
        ("state/b", "territory/t", "administers"),
        ("state/a", "territory/t", "names"),
        ("territory/t", "territory/big", "part of"),
    }
    assert graph.edges["state/a", "territory/t", "name-usage/na"]["name"] == "North T"
    admin = graph.edges["state/b", "territory/t", "administration/xb"]
    assert (admin["start"], admin["start_precision"]) == ("1945-09", "month")


def test_territory_graph_of_the_kurils(store: GraphStore) -> None:
    # 001: "the Soviet Union claimed sovereignty over the South Kuril Islands, but the Japanese
    # side always called this land the 'North Four Islands'".
    graph = territory_graph(store)
    edges = graph.get_edge_data("state/su", "territory/south-kuril-islands").values()
    assert any(e["relation"] == "claims" for e in edges)
    names = {
        e["name"]
        for e in graph.get_edge_data("state/jp", "territory/south-kuril-islands").values()
        if e["relation"] == "names"
    }
    assert "North Four Islands" in names


def test_full_graph_leaves_schema_and_evidence_out(tiny: GraphStore, store: GraphStore) -> None:
    for source in (tiny, store):
        graph = full_graph(source)
        classes = {d.get("class") for _, d in graph.nodes(data=True)}
        assert not classes & {"Evidence", "SourceDocument", "Segment", "Variant", "Discrepancy"}
        assert not any(n.startswith("https://w3id.org/sanctions-kg/ontology#") for n in graph)
        assert not {k for _, _, k in graph.edges(keys=True)} & {"type", "supportedBy"}
        everything = full_graph(source, include_schema=True)
        assert everything.number_of_edges() > graph.number_of_edges()
    graph = full_graph(tiny)
    assert graph.nodes["measure/a1"]["measureType"] == "asset-freeze"
    assert graph.has_edge("measure/a1", "state/b", key="target")
