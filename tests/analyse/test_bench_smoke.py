"""The analysis benchmark runs end to end on a small graph (the real runs: `python -m
bench.analyse_bench`), and its synthetic graphs have the attributes of the real projection."""

from __future__ import annotations

from pathlib import Path

from bench.analyse_bench import main, synthetic_sanction_graph
from kg.analyse import sanction_graph
from kg.store import GraphStore


def test_synthetic_edges_look_like_ours(tiny: GraphStore) -> None:
    graph = synthetic_sanction_graph(300)
    assert graph.number_of_edges() == 300
    ours = next(iter(sanction_graph(tiny).edges(data=True)))[2]
    theirs = next(iter(graph.edges(data=True)))[2]
    assert set(theirs) == set(ours)


def test_the_benchmark_writes_its_section(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Benchmarks\n\nother sections stay.\n")
    options = ["--sizes", "300,600", "--store-quads", "", "--no-gnm", "--k", "4"]
    assert main([*options, "--readme", str(readme)]) == 0
    text = readme.read_text()
    assert "other sections stay." in text and "## Analysis" in text and "| 600 |" in text
    assert main([*options, "--readme", str(readme)]) == 0  # a rerun replaces its section
    assert readme.read_text().count("## Analysis") == 1
