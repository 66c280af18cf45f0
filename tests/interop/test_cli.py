"""The interoperability commands as a user runs them: a real process, real files, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kg.build.pipeline import BuildReport
from kg.config import Settings
from kg.store import load, open_store

# kg.cli.interop registers its commands on import (as kg/cli/__init__.py will once it lists it)
KG = [sys.executable, "-c", "import kg.cli.interop; from kg.cli import app; app()"]


def _run(
    args: list[str], config: Settings, store: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "KG_STORE": store or config.store,
        "KG_BUILD": str(config.build_dir),
        "COLUMNS": "200",
    }
    return subprocess.run([*KG, *args], capture_output=True, text=True, env=env, timeout=120)


def test_ftm_export_then_import_into_a_copy(
    built: tuple[Settings, BuildReport], tmp_path: Path
) -> None:
    config, _ = built
    target = tmp_path / "kg.ftm.json"
    done = _run(["ftm", "export", str(target)], config)
    assert done.returncode == 0, done.stderr
    lines = target.read_text(encoding="utf-8").splitlines()
    assert f"wrote {len(lines)} entities" in done.stdout
    assert "one origin per (entity, property, value)" in " ".join(done.stdout.split())

    copy = open_store(f"oxigraph:{tmp_path / 'store'}", read_only=False)
    load(copy, config.build_dir / "kg.nq")
    copy.close()
    person = next(json.loads(line) for line in lines if '"schema": "Person"' in line)
    listed = tmp_path / "my-list.json"
    listed.write_text(
        json.dumps(
            {
                "id": "ext-1",
                "schema": "Person",
                "properties": {"name": person["properties"]["name"]},
            }
        )
        + "\n"
    )
    done = _run(["ftm", "import", str(listed)], config, f"oxigraph:{tmp_path / 'store'}")
    assert done.returncode == 0, done.stderr
    assert "graph/import/my-list: 1 linked, 0 new" in done.stdout
    assert "linked 0.950 exact-name" in done.stdout


def test_ftm_import_of_a_missing_file_fails_with_its_name(
    built: tuple[Settings, BuildReport], tmp_path: Path
) -> None:
    config, _ = built
    done = _run(["ftm", "import", str(tmp_path / "absent.json")], config, "memory")
    assert done.returncode == 1
    assert "absent.json" in done.stderr and "Traceback" not in done.stderr


def test_docs_and_context_commands(built: tuple[Settings, BuildReport], tmp_path: Path) -> None:
    config, _ = built
    done = _run(["docs", "--out", str(tmp_path / "docs")], config)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "docs" / "index.html").stat().st_size > 10_000
    assert "SKOS schemes" in done.stdout
    done = _run(["jsonld-context", "--check"], config)
    assert done.returncode == 0, done.stdout + done.stderr
