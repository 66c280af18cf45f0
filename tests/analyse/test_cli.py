"""`kg analyse` and `kg analyse export` as a user runs them: a real process on the built store."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx

from kg.build.pipeline import BuildReport
from kg.config import Settings


def _run(args: list[str], config: Settings) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "KG_STORE": config.store,
        "KG_BUILD": str(config.build_dir),
        "COLUMNS": "200",
    }
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )


def test_report_writes_tables_and_figures(
    built: tuple[Settings, BuildReport], tmp_path: Path
) -> None:
    config, _ = built
    done = _run(["analyse", "--out", str(tmp_path), "--as-of", "2024-01-01"], config)
    assert done.returncode == 0, done.stderr
    assert "Sanction graph as of 2024-01-01" in done.stdout
    assert "Japan" in done.stdout and "Overall reciprocity" in done.stdout
    for name in (
        "strength",
        "pagerank",
        "betweenness",
        "reciprocity",
        "blocs",
        "status",
        "measures_per_year",
        "response_chains",
        "source_support",
        "contradictions",
    ):
        assert (tmp_path / f"{name}.csv").stat().st_size > 0, name
    for name in ("sanction_graph.png", "timeline.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with (tmp_path / "status.csv").open() as handle:
        status = {row["measure"]: row["status"] for row in csv.DictReader(handle)}
    # 000: the ban on Russian diamonds applies "from January 1, 2024".
    assert status["measure/jp-2023-12-diamond-import-ban"] == "in force"


def test_report_goes_to_build_analysis_by_default(built: tuple[Settings, BuildReport]) -> None:
    config, _ = built
    done = _run(["analyse"], config)
    assert done.returncode == 0, done.stderr
    assert (config.build_dir / "analysis" / "strength.csv").exists()


def test_export_command(built: tuple[Settings, BuildReport], tmp_path: Path) -> None:
    config, _ = built
    target = tmp_path / "sanctions.gexf"
    done = _run(["analyse", "export", "sanctions", str(target), "--format", "gexf"], config)
    assert done.returncode == 0, done.stderr
    assert nx.read_gexf(target).has_edge("state/jp", "state/ru")
    bad = _run(["analyse", "export", "nope", str(tmp_path / "x.graphml")], config)
    assert bad.returncode == 1 and "unknown projection 'nope'" in bad.stderr
    bad = _run(["analyse", "--as-of", "2024-13-01", "--out", str(tmp_path)], config)
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr


def test_kg_export_writes_projections_for_gephi(
    built: tuple[Settings, BuildReport], tmp_path: Path
) -> None:
    config, _ = built
    graphml = tmp_path / "responses.graphml"
    done = _run(["export", str(graphml), "-f", "graphml", "--projection", "responses"], config)
    assert done.returncode == 0, done.stderr
    responses = nx.read_graphml(graphml)
    assert responses.number_of_edges() > 0
    # Russia's countermeasures answer Japan's measures (000: "in response to" Japan's sanctions)
    assert any(src.startswith("measure/ru-") for src, _ in responses.edges())
    gexf = tmp_path / "sanctions.gexf"
    done = _run(["export", str(gexf), "-f", "gexf"], config)  # the sanction graph by default
    assert done.returncode == 0, done.stderr
    assert nx.read_gexf(gexf).has_edge("state/jp", "state/ru")
    bad = _run(
        ["export", str(gexf), "-f", "gexf", "--from", str(config.build_dir / "kg.nq")], config
    )
    assert bad.returncode == 1 and "--from is for the RDF formats" in bad.stderr
