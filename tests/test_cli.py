"""The `kg` command as a user runs it: a real process, real files, exit codes and messages."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from kg.build.pipeline import BuildReport
from kg.config import Settings

KG = [sys.executable, "-m", "kg.cli"]


def _run(args: list[str], config: Settings) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "KG_STORE": config.store,
        "KG_BUILD": str(config.build_dir),
        "COLUMNS": "200",
    }
    return subprocess.run([*KG, *args], capture_output=True, text=True, env=env, timeout=120)


def test_query_by_name_as_csv(built: tuple[Settings, BuildReport]) -> None:
    config, _ = built
    done = _run(
        ["query", "--name", "jp-export-ban-third-countries-2023-12", "--format", "csv"], config
    )
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {r["countryName"] for r in rows} >= {"United Arab Emirates", "Syria", "Uzbekistan"}


def test_query_file_as_json_with_a_parameter(
    built: tuple[Settings, BuildReport], tmp_path: Path
) -> None:
    config, _ = built
    query = tmp_path / "label.rq"
    query.write_text(
        "# param: s  the node\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?s ?label WHERE { ?s rdfs:label ?label }\n",
        encoding="utf-8",
    )
    done = _run(
        ["query", str(query), "-f", "json", "-p", "s=https://w3id.org/sanctions-kg/id/state/jp"],
        config,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert results["head"]["vars"] == ["s", "label"]
    assert [b["label"]["value"] for b in results["results"]["bindings"]] == ["Japan"]


def test_table_output_names_the_query(built: tuple[Settings, BuildReport]) -> None:
    config, _ = built
    done = _run(["query", "--name", "south-kurils-claims"], config)
    assert done.returncode == 0, done.stderr
    assert "Who claims" in done.stdout and "Russia" in done.stdout
    assert "id:state/ru" in done.stdout and "https://w3id.org" not in done.stdout  # short IRIs for people


def test_update_is_refused_with_exit_1(built: tuple[Settings, BuildReport], tmp_path: Path) -> None:
    config, _ = built
    query = tmp_path / "drop.rq"
    query.write_text("DROP ALL", encoding="utf-8")
    done = _run(["query", str(query)], config)
    assert done.returncode == 1
    assert "updates" in done.stderr and "Traceback" not in done.stderr


def test_unknown_named_query_lists_the_known_ones(built: tuple[Settings, BuildReport]) -> None:
    config, _ = built
    done = _run(["query", "--name", "no-such-question"], config)
    assert done.returncode == 1
    assert (
        "no named query 'no-such-question'" in done.stderr and "ru-countermeasures" in done.stderr
    )


def test_missing_store_says_to_build_first(tmp_path: Path) -> None:
    config = Settings(
        tmp_path, tmp_path, tmp_path, tmp_path, tmp_path, tmp_path, f"oxigraph:{tmp_path / 'none'}"
    )
    done = _run(["query", "--name", "summary-classes"], config)
    assert done.returncode == 1 and "kg build" in done.stderr


def test_build_reports_a_curation_error_with_its_file(project_copy: Settings) -> None:
    bad = project_copy.curated_dir / "zz-bad.yaml"
    bad.write_text(
        "source: 000_6dda27f3a0c12004\nfacts:\n  - {id: x, kind: statement, speaker: jp}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "KG_ROOT": str(project_copy.root), "KG_BUILD": str(project_copy.build_dir)}
    done = subprocess.run([*KG, "build"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    assert "zz-bad.yaml" in done.stderr and "needs evidence" in done.stderr
    assert not (project_copy.build_dir / "kg.trig").exists()


def test_summary(built: tuple[Settings, BuildReport]) -> None:
    config, _ = built
    done = _run(["summary"], config)
    assert done.returncode == 0, done.stderr
    assert "Nodes by class" in done.stdout and "Measure" not in done.stderr
