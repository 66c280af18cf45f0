"""The `kg` command as a user runs it: a real process, real files, exit codes and messages."""

from __future__ import annotations

import csv
import io
import json
import os
import re
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
    done = _run(["query", "--name", "south-kurils-claims", "--format", "table"], config)
    assert done.returncode == 0, done.stderr
    assert "Who claims" in done.stdout and "Russia" in done.stdout
    assert (
        "id:state/ru" in done.stdout and "https://w3id.org" not in done.stdout
    )  # short IRIs for people


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


LAVROV = "https://w3id.org/sanctions-kg/id/person/sergey-lavrov"


def test_a_pipe_gets_tsv_and_a_parameter_as_printed_or_as_a_label(
    built: tuple[Settings, BuildReport],
) -> None:
    config, _ = built
    answers = [
        _run(["query", "-n", "statements-by-speaker", "-p", f"speaker={value}"], config)
        for value in ("id:person/sergey-lavrov", "Sergey Lavrov", f"<{LAVROV}>")
    ]
    for done in answers:
        assert done.returncode == 0, done.stderr
    lines = answers[0].stdout.splitlines()
    assert lines[0].split("\t")[:3] == ["speaker", "speakerName", "date"]  # tsv: not a tty
    assert len(lines) > 1 and all(line.startswith(LAVROV + "\t") for line in lines[1:])
    assert answers[0].stdout == answers[1].stdout == answers[2].stdout


def test_a_label_that_names_nothing_is_an_error(built: tuple[Settings, BuildReport]) -> None:
    config, _ = built
    done = _run(["query", "-n", "statements-by-speaker", "-p", "speaker=Nobody Atall"], config)
    assert done.returncode == 1 and "no node has this label" in done.stderr


def test_a_table_fits_80_columns(built: tuple[Settings, BuildReport]) -> None:
    config, _ = built
    done = subprocess.run(
        [*KG, "query", "-n", "statements-by-speaker", "--format", "table"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "KG_STORE": config.store, "COLUMNS": "80"},
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) > 5 and max(map(len, lines)) <= 80
    wide = _run(["query", "-n", "statements-by-speaker", "--format", "table", "--wide"], config)
    assert max(map(len, wide.stdout.splitlines())) > 80  # --wide shows cells whole


def test_a_syntax_error_names_line_column_and_token(
    built: tuple[Settings, BuildReport], tmp_path: Path
) -> None:
    config, _ = built
    query = tmp_path / "bad.rq"
    query.write_text("SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(?s = )\n}\n", encoding="utf-8")
    done = _run(["query", str(query)], config)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    # the place is the engine's (Oxigraph reports where its parser gave up), with that line shown
    # and a caret under the column
    where = re.search(r"SPARQL syntax error at line (\d+), column (\d+), at ", done.stderr)
    assert where, done.stderr
    line, column = int(where.group(1)), int(where.group(2))
    shown = query.read_text(encoding="utf-8").splitlines()[line - 1]
    assert f"\n  {shown}\n  {' ' * (column - 1)}^" in done.stderr


def test_construct_prints_n_triples(built: tuple[Settings, BuildReport], tmp_path: Path) -> None:
    config, _ = built
    query = tmp_path / "c.rq"
    query.write_text(
        "# param: s  IRI of the node\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s rdfs:label ?l }\n",
        encoding="utf-8",
    )
    done = _run(["query", str(query), "-p", "s=id:state/jp"], config)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines() == [
        "<https://w3id.org/sanctions-kg/id/state/jp> "
        '<http://www.w3.org/2000/01/rdf-schema#label> "Japan" .'
    ]


def test_help_says_what_values_take(built: tuple[Settings, BuildReport]) -> None:
    config, _ = built
    done = _run(["query", "--help"], config)
    assert "prefixed name" in done.stdout and "sparql:" in done.stdout
    assert "<bool>" not in _run(["serve", "--help"], config).stdout


def test_serve_takes_its_store_from_kg_store() -> None:
    done = subprocess.run(
        [*KG, "serve", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "KG_STORE": "memory"},
    )
    assert done.returncode == 1 and "--store memory" in done.stderr


def test_data_and_build_folders_as_options(project_copy: Settings, tmp_path: Path) -> None:
    """`kg --data DIR --build-dir DIR` points every stage at those folders, and a missing data
    folder is a one-line error naming it."""
    env = {k: v for k, v in os.environ.items() if k not in ("KG_DATA", "KG_BUILD", "KG_STORE")}
    data, build = project_copy.sources_dir.parent, tmp_path / "elsewhere"
    run = [*KG, "--data", str(data), "--build-dir", str(build), "build"]
    done = subprocess.run(run, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (build / "kg.nq").stat().st_size > 0 and (build / "store").exists()
    missing = tmp_path / "no-such-data"
    run = [*KG, "--data", str(missing), "--build-dir", str(tmp_path / "b2"), "validate"]
    done = subprocess.run(run, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 1
    assert str(missing) in done.stderr and "Traceback" not in done.stderr
