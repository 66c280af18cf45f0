"""The projection, the views, the budget and `kg view`, without a browser."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.config import Settings
from kg.graphread import DATE_PRECISION
from kg.store import OxigraphStore
from kg.view import FocusAmbiguous, FocusNotFound, SiteReport, focus, overview, project, select

KG = "https://w3id.org/sanctions-kg/ontology#"


def test_projection_keeps_story_nodes_and_drops_schema_noise(
    projection: nx.MultiDiGraph, store: OxigraphStore
) -> None:
    classes = {d["cls"] for _, d in projection.nodes(data=True)}
    assert not classes & {"Evidence", "Segment", "SourceDocument", "Variant", "Discrepancy"}
    assert {"State", "Sanction", "Countermeasure", "Territory", "Claim", "Statement"} <= classes
    typed = store.query(
        "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c . "
        f"FILTER(?c IN (<{KG}State>, <{KG}Sanction>, <{KG}Statement>)) }}"
    ).values()[0][0]
    counted = sum(
        1 for _, d in projection.nodes(data=True) if d["cls"] in {"State", "Sanction", "Statement"}
    )
    assert counted == typed
    assert all(d["label"] for _, d in projection.nodes(data=True))


def test_nodes_carry_aliases_dates_types_and_evidence(projection: nx.MultiDiGraph) -> None:
    japan = projection.nodes["https://w3id.org/sanctions-kg/id/state/jp"]
    assert "Tokyo" in japan["aliases"] and japan["imposed"] > 0
    measures = [d for _, d in projection.nodes(data=True) if d["root"] == "Measure"]
    assert any(d["concepts"].get("measureType") for d in measures)
    dated = [x for d in measures for x in d["dates"]]
    assert dated and {x["precision"] for x in dated} <= set(DATE_PRECISION.values())
    documents = projection.graph["documents"]
    for data in measures:
        for item in data["evidence"]:
            assert item["doc"] in documents and item["text"] and item["method"]
    edges = list(projection.edges(keys=True, data=True))
    assert any(data["evidence"] for *_, data in edges)
    for source, _, _, data in edges:
        assert all(e in projection.nodes[source]["evidence"] for e in data["evidence"])


def test_focus_by_label_alias_and_iri(projection: nx.MultiDiGraph) -> None:
    by_label = focus(projection, "Fumio Kishida", 1)
    assert by_label.centre and by_label.centre in by_label.graph
    assert focus(projection, "Tokyo", 1).centre == "https://w3id.org/sanctions-kg/id/state/jp"
    iri = "https://w3id.org/sanctions-kg/id/state/ru"
    one, two = focus(projection, iri, 1), focus(projection, iri, 2)
    assert one.centre == iri and one.graph.number_of_nodes() < two.graph.number_of_nodes()


def test_unknown_and_ambiguous_focus_names_list_candidates(
    projection: nx.MultiDiGraph, hostile_store: OxigraphStore
) -> None:
    with pytest.raises(FocusNotFound) as missing:
        focus(projection, "Fumio Kishda", 2)
    assert any("Fumio Kishida" in c for c in missing.value.candidates)
    with pytest.raises(FocusAmbiguous) as twins:
        focus(project(hostile_store), "twin", 1)
    assert len(twins.value.candidates) == 2 and "twin-a" in str(twins.value)


def test_budget_draws_the_heaviest_and_counts_what_it_leaves_out(
    projection: nx.MultiDiGraph,
) -> None:
    view = overview(projection)
    chosen = select(view.graph, budget=10, reserve=20)
    assert len(chosen.visible) == 10 and len(chosen.reserve) == 20
    assert sum(chosen.omitted.values()) == view.graph.number_of_nodes() - 30
    lightest_drawn = min(view.graph.nodes[n]["weight"] for n in chosen.visible)
    assert all(view.graph.nodes[n]["weight"] <= lightest_drawn for n in chosen.reserve)


def test_pages_reference_no_network_and_embed_data_as_inert_json(site: SiteReport) -> None:
    for page in [site.index, *(p.path for p in site.pages)]:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"https?://", html), page.name
        assert not re.search(r"""(src|href)\s*=\s*["']?(//|[a-z]+:)""", html), page.name
    script = (site.index.parent / "lib" / "kgview.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script
    assert {p.name for p in site.pages} == {"overview", "focus", "measures", "dispute"}
    assert (site.index.parent / "lib" / "vis-network.min.js").stat().st_size > 100_000


def test_kg_view_prints_index_and_refuses_unknown_focus(
    built: tuple[Settings, object], tmp_path: Path
) -> None:
    config, _ = built
    runner = CliRunner()
    result = runner.invoke(app, ["view", "--store", config.store, "--out", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    index = Path(result.stdout.strip().splitlines()[-1])
    assert index == (tmp_path / "s" / "index.html").resolve() and index.exists()
    assert config.store in index.read_text(encoding="utf-8")
    bad = runner.invoke(
        app,
        ["view", "--store", config.store, "--out", str(tmp_path / "t"), "--focus", "Nobody At All"],
    )
    assert bad.exit_code == 1 and "no node is named 'Nobody At All'" in bad.output
    assert not (tmp_path / "t" / "index.html").exists()
