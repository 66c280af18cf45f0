"""`kg serve` follows the store: what `kg ingest` writes into the live store, and a new version
that a build or a load switches the link to, are served without a restart."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.build.pipeline import BuildReport
from kg.config import Settings
from kg.store import load, open_store

from .conftest import Served, start_serving

GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
ARTICLE = """---
title: Japan adds export bans
published: 2024-02-01
publisher: Test Wire
---
Japan's Ministry of Economy, Trade and Industry banned exports of drones to Russia on
1 February 2024. Tokyo also froze the assets of 12 Russian companies.
"""


@pytest.fixture
def private(built: tuple[Settings, BuildReport], tmp_path: Path) -> Iterator[tuple[Path, Served]]:
    """A private build folder (a copy of the session's), served."""
    config, _ = built
    build = tmp_path / "build"
    build.mkdir()
    shutil.copy(config.build_dir / "kg.nq", build / "kg.nq")
    link = build / "store"
    store = open_store(f"oxigraph:{link}", read_only=False)
    load(store, build / "kg.nq")
    store.close()
    service = start_serving(link, timeout=10)
    yield build, service
    service.process.terminate()
    service.process.wait(timeout=15)


def served_graphs(service: Served) -> int:
    response = httpx.post(f"{service.url}/query", data={"query": GRAPHS})
    assert response.status_code == 200, response.text
    return int(json.loads(response.text)["results"]["bindings"][0]["n"]["value"])


def stored_graphs(link: Path) -> int:
    store = open_store(f"oxigraph:{link}", read_only=True)
    try:
        return int(store.query(GRAPHS).values()[0][0])
    finally:
        store.close()


def test_graphs_added_by_kg_ingest_are_served(private: tuple[Path, Served], tmp_path: Path) -> None:
    build, service = private
    before = served_graphs(service)
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "new-article.md").write_text(ARTICLE)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "kg.cli",
            "ingest",
            str(articles),
            "--store",
            f"oxigraph:{build / 'store'}",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "KG_BUILD": str(build)},
    )
    assert done.returncode == 0 and "stored 1" in done.stdout + done.stderr, done.stderr
    after = stored_graphs(build / "store")
    assert after > before
    assert served_graphs(service) == after  # the next query sees what ingest stored


def test_a_write_into_the_live_store_is_served(private: tuple[Path, Served]) -> None:
    build, service = private
    ask = {"query": "ASK { GRAPH <https://w3id.org/sanctions-kg/graph/extra> { ?s ?p ?o } }"}
    assert json.loads(httpx.get(f"{service.url}/query", params=ask).text)["boolean"] is False
    writer = open_store(f"oxigraph:{build / 'store'}", read_only=False)
    writer.replace_graphs(
        b'<urn:x:new> <urn:x:p> "new" <https://w3id.org/sanctions-kg/graph/extra> .\n',
        ["https://w3id.org/sanctions-kg/graph/extra"],
    )
    writer.close()
    assert json.loads(httpx.get(f"{service.url}/query", params=ask).text)["boolean"] is True
