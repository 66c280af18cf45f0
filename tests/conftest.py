"""Shared fixtures: the bundled corpus built once per session into a temporary build folder, and
the spaCy model and extractor, loaded once per session for the extraction, linking, ingest and
eval tests."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kg.build.pipeline import BuildReport, build
from kg.config import Settings, settings
from kg.dates import PartialDate
from kg.extract import DocumentExtraction, Extractor
from kg.model import Segment, SourceDocument
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


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


def make_document(
    text: str, published: str = "2024-03", segments: tuple[Segment, ...] = (), doc_id: str = "t"
) -> SourceDocument:
    return SourceDocument(
        doc_id,
        Path(f"{doc_id}.txt"),
        text,
        "test",
        "tests",
        "news-article",
        "en",
        PartialDate(published),
        segments=segments,
    )


@pytest.fixture(scope="session")
def extract(extractor: Extractor) -> Callable[..., DocumentExtraction]:
    def run(
        text: str, published: str = "2024-03", segments: tuple[Segment, ...] = ()
    ) -> DocumentExtraction:
        return extractor.extract(make_document(text, published, segments))

    return run


@pytest.fixture(scope="session")
def make_doc() -> Callable[..., SourceDocument]:
    return make_document
