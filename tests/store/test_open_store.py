"""Backends are picked by a spec string, from the argument or KG_STORE; the API is `kg`'s."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.errors import StoreError
from kg.serve.backend import OxigraphServer
from kg.store import OxigraphStore, RemoteStore, open_store
from kg.store.protocol import Endpoints


def test_specs_pick_the_backend(tmp_path: Path, oxigraph_server: OxigraphServer) -> None:
    assert isinstance(open_store("memory"), OxigraphStore)
    embedded = open_store(f"oxigraph:{tmp_path / 'store'}", read_only=False)
    assert isinstance(embedded, OxigraphStore) and embedded.versioned
    assert (tmp_path / "store").is_symlink()  # a new store is made versioned, as kg build does
    assert isinstance(open_store(str(tmp_path / "plain"), read_only=False), OxigraphStore)
    remote = open_store(f"sparql:{oxigraph_server.url}")
    assert isinstance(remote, RemoteStore)
    assert remote.query("ASK { ?s ?p ?o }").values() in ([(True,)], [(False,)])


def test_the_default_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_STORE", "memory")
    store = kg.open_store()
    assert isinstance(store, OxigraphStore) and store.path is None


def test_bad_specs_are_named(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="ftp://x"):
        open_store("ftp://x")
    with pytest.raises(StoreError, match="run `kg build` first"):
        open_store(str(tmp_path / "missing"), read_only=True)
    with pytest.raises(StoreError, match="sparql:http"):
        open_store("sparql:localhost:7878")


def test_endpoints_follow_oxigraph_and_can_be_overridden() -> None:
    plain = Endpoints.from_spec("sparql:http://127.0.0.1:7878/", env={})
    assert (plain.query, plain.update, plain.store) == (
        "http://127.0.0.1:7878/query",
        "http://127.0.0.1:7878/update",
        "http://127.0.0.1:7878/store",
    )
    virtuoso = Endpoints.from_spec(
        "sparql:http://127.0.0.1:8890",
        env={
            "KG_SPARQL_QUERY_URL": "http://127.0.0.1:8890/sparql",
            "KG_SPARQL_UPDATE_URL": "http://127.0.0.1:8890/sparql-auth",
            "KG_SPARQL_STORE_URL": "http://127.0.0.1:8890/sparql-graph-crud-auth",
            "KG_SPARQL_USER": "dba",
            "KG_SPARQL_PASSWORD": "secret",
            "KG_SPARQL_AUTH": "digest",
        },
    )
    assert virtuoso.update == "http://127.0.0.1:8890/sparql-auth" and virtuoso.auth == "digest"
    with pytest.raises(StoreError, match="KG_SPARQL_AUTH"):
        Endpoints.from_spec("sparql:http://h", env={"KG_SPARQL_AUTH": "kerberos"})


def test_an_unreachable_server_is_a_store_error() -> None:
    from kg.serve.backend import free_port

    store = open_store(f"sparql:http://127.0.0.1:{free_port()}")
    with pytest.raises(StoreError, match="cannot reach"):
        store.query("ASK { ?s ?p ?o }")


def test_read_only_stores_refuse_to_load(oxigraph_server: OxigraphServer) -> None:
    remote = open_store(f"sparql:{oxigraph_server.url}", read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        remote.replace_graphs(b"", ["urn:x:g"])


def test_the_public_api() -> None:
    assert set(kg.__all__) >= {"open_store", "run_named", "load", "export", "QueryResult", "Term"}
    for name in kg.__all__:
        assert getattr(kg, name) is not None


def test_a_store_is_read_only_unless_the_caller_will_write(tmp_path: Path) -> None:
    spec = f"oxigraph:{tmp_path / 'store'}"
    writer = open_store(spec, read_only=False)
    writer.replace_graphs(b"<urn:x:a> <urn:x:b> <urn:x:c> <urn:x:g> .\n", ["urn:x:g"])
    writer.close()
    reader = open_store(spec)  # what a notebook does: takes no lock
    assert isinstance(reader, OxigraphStore) and reader.read_only
    second = open_store(spec, read_only=False)  # so a writer (kg ingest) is not "busy" meanwhile
    second.replace_graphs(b"<urn:x:a> <urn:x:b> <urn:x:d> <urn:x:g> .\n", ["urn:x:g"])
    second.close()
    refusing = open_store(spec, read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        refusing.replace_graphs(b"", ["urn:x:g"])


def test_old_writers_still_write_with_a_warning(tmp_path: Path) -> None:
    """Code that opened without read_only and then loaded keeps working, told what to change."""
    with pytest.warns(DeprecationWarning, match="read_only=False"):
        created = open_store(f"oxigraph:{tmp_path / 'new'}")
    created.close()
    store = open_store(f"oxigraph:{tmp_path / 'new'}")
    with pytest.warns(DeprecationWarning, match="read_only=False"):
        store.replace_graphs(b"<urn:x:a> <urn:x:b> <urn:x:c> <urn:x:g> .\n", ["urn:x:g"])
    assert store.named_graphs() == ["urn:x:g"]
