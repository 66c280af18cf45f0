"""Shared fixtures: the bundled corpus built once per session into a temporary build folder."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build.pipeline import BuildReport, build
from kg.config import Settings, settings
from kg.store import OxigraphStore, open_store

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, BuildReport]:
    """`kg build` of the bundled corpus into a session-wide temporary folder."""
    build_dir = tmp_path_factory.mktemp("build")
    config = dataclasses.replace(
        settings(), build_dir=build_dir, store=f"oxigraph:{build_dir / 'store'}"
    )
    return config, build(config)


@pytest.fixture(scope="session")
def store(built: tuple[Settings, BuildReport]) -> Iterator[OxigraphStore]:
    config, _ = built
    graph = open_store(config.store, read_only=True)
    assert isinstance(graph, OxigraphStore)
    yield graph


@pytest.fixture
def project_copy(tmp_path: Path, repo: Path) -> Settings:
    """A private copy of ontology/, data/ and queries/ that a test may break."""
    for name in ("ontology", "data", "queries"):
        shutil.copytree(repo / name, tmp_path / name)
    return Settings(
        root=tmp_path,
        ontology_dir=tmp_path / "ontology",
        sources_dir=tmp_path / "data" / "sources",
        curated_dir=tmp_path / "data" / "curated",
        queries_dir=tmp_path / "queries",
        build_dir=tmp_path / "build",
        store=f"oxigraph:{tmp_path / 'build' / 'store'}",
    )
