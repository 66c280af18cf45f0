"""Stores to test against: in memory, embedded on disk, and a real Oxigraph server over HTTP.

The server is the `oxigraph` PyPI package's binary, started on a free loopback port for the
session and stopped afterwards; nothing is mocked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kg.build.pipeline import BuildReport
from kg.config import Settings
from kg.serve.backend import OxigraphServer, free_port
from kg.store import GraphStore, OxigraphStore, RemoteStore, load, open_store

BACKENDS = ["memory", "embedded", "remote"]


@pytest.fixture(scope="session")
def nquads(built: tuple[Settings, BuildReport]) -> Path:
    """The bundled corpus built into N-Quads, one named graph per source."""
    config, _ = built
    return config.build_dir / "kg.nq"


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """`oxigraph serve` on disk, on a free port of 127.0.0.1; its own time limit is a backstop."""
    location = tmp_path_factory.mktemp("oxigraph") / "db"
    with OxigraphServer(location, read_only=False, timeout_s=5) as server:
        yield server


@pytest.fixture(scope="session")
def loaded(
    nquads: Path, oxigraph_server: OxigraphServer, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, GraphStore]:
    """Each backend with the built graph loaded through `kg.store.load`."""
    stores: dict[str, GraphStore] = {
        "memory": open_store("memory"),
        "embedded": open_store(
            f"oxigraph:{tmp_path_factory.mktemp('embedded') / 'store'}", read_only=False
        ),
        "remote": RemoteStore(f"sparql:{oxigraph_server.url}"),
    }
    for store in stores.values():
        load(store, nquads)
    return stores


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, loaded: dict[str, GraphStore]) -> GraphStore:
    return loaded[request.param]


@pytest.fixture
def fresh_server(tmp_path: Path) -> Iterator[OxigraphServer]:
    """A server of one's own, on disk, that a test may kill and restart."""
    with OxigraphServer(tmp_path / "db", read_only=False, timeout_s=5) as server:
        yield server


@pytest.fixture
def fresh_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of the kind named by the test's parameter (indirect parametrisation)."""
    kind = request.param
    if kind == "memory":
        yield open_store("memory")
    elif kind == "embedded":
        yield open_store(f"oxigraph:{tmp_path / 'store'}", read_only=False)
    elif kind == "embedded-folder":
        (tmp_path / "folder").mkdir()
        yield OxigraphStore(tmp_path / "folder")
    else:
        strategy = kind.removeprefix("remote-")
        with OxigraphServer(tmp_path / "db", read_only=False, timeout_s=5) as server:
            store = RemoteStore(f"sparql:{server.url}", load_strategy=strategy)
            yield store
            store.close()


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Virtuoso (Debian's virtuoso-opensource) on loopback ports; opt-in with KG_TEST_VIRTUOSO=1
    (CI does not install it), skipped when not installed."""
    if os.environ.get("KG_TEST_VIRTUOSO") != "1":
        pytest.skip("Virtuoso tests are opt-in: set KG_TEST_VIRTUOSO=1")
    binary = shutil.which("virtuoso-t")
    if binary is None:
        pytest.skip("virtuoso-t is not installed (Debian: virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port = free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=free_port(), http_port=http_port))
    process = subprocess.Popen(
        [binary, "-c", str(ini), "+foreground"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/sparql", params={"query": "ASK {}"}, timeout=2)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.skip(
                        f"Virtuoso did not start: {(folder / 'virtuoso.log').read_text()[-500:]}"
                    )
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
