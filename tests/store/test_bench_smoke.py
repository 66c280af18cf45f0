"""The stores benchmark runs end to end on a tiny graph (the real runs are `make bench`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import store_loads
from bench.store_bench import main
from bench.synthetic import write_synthetic


def test_the_synthetic_graph_copies_our_shapes(nquads: Path, tmp_path: Path) -> None:
    seed = nquads.read_bytes()
    written = write_synthetic(tmp_path / "s.nq", 2 * seed.count(b"\n"), seed)
    text = (tmp_path / "s.nq").read_text()
    assert written >= 2 * seed.count(b"\n") and text.count("\n") == written
    assert "/graph/source/000_6dda27f3a0c12004-c1>" in text  # a second copy of a source graph
    assert text.count("<https://w3id.org/sanctions-kg/graph/ontology> .") == seed.count(
        b"<https://w3id.org/sanctions-kg/graph/ontology> ."
    )  # shared graphs once


def test_the_benchmark_runs_and_writes_its_section(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Benchmarks\n\nother sections stay.\n")
    options = ["--sizes", "2000", "--runs", "1", "--queries", "summary-sources,jp-measures-2023-12"]
    assert main([*options, "--readme", str(readme), "--workdir", str(tmp_path)]) == 0
    text = readme.read_text()
    assert "other sections stay." in text and "| load |" in text and "`summary-sources`" in text
    assert "1.5x of raw pyoxigraph" in text


def test_the_load_paths_benchmark_runs_each_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert store_loads.main(["--sizes", "1500", "--runs", "1"]) == 0
    table = capsys.readouterr().out
    assert all(f"| {path} |" in table for path in store_loads.PATHS)


def test_the_writer_and_union_measures_give_the_same_answers(nquads: Path, tmp_path: Path) -> None:
    data = tmp_path / "s.nq"
    write_synthetic(data, 3000, nquads.read_bytes())
    for path in ("writer", "writer (before)"):
        result = store_loads._write(path, data, tmp_path / path)
        assert result["s"] > 0 and result["rewrite_s"] > 0
    lines = store_loads.compare(data)
    assert len(lines) > 10 and "| `summary-classes` |" in "\n".join(lines)
