"""Hostile article folders: YAML alias bombs in metadata, symbolic links to outside files, HTML
character references for invisible controls, a <title> that never closes."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest

from kg.config import Settings, settings
from kg.errors import DocumentError
from kg.ingest.run import ingest_paths
from kg.sources.html import MAX_TITLE
from kg.sources.readers import read_article
from kg.store import OxigraphStore


def _bomb(levels: int = 9) -> str:
    """Nested anchors: each level repeats the one before nine times (494 bytes at 9 levels)."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels + 1):
        lines.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]")
    return "\n".join(lines)


@pytest.fixture
def config(tmp_path: Path) -> Settings:
    return dataclasses.replace(settings(), build_dir=tmp_path / "build", store="memory")


def test_a_yaml_alias_bomb_in_a_sidecar_is_refused_at_once(tmp_path: Path) -> None:
    article = tmp_path / "bomb.txt"
    article.write_text("Japan banned exports.\n", encoding="utf-8")
    sidecar = tmp_path / "bomb.yaml"
    sidecar.write_text(
        "published: 2024-03\n" + _bomb().replace("a9: &a9", "title: &a9"), encoding="utf-8"
    )
    started = time.perf_counter()
    with pytest.raises(DocumentError, match="aliases") as caught:
        read_article(article)
    assert time.perf_counter() - started < 2
    assert str(sidecar) in str(caught.value) and "\n" not in str(caught.value)


def test_a_yaml_alias_bomb_in_front_matter_is_refused_at_once(tmp_path: Path) -> None:
    article = tmp_path / "bomb.md"
    article.write_text(
        "---\npublished: 2024-03\n" + _bomb().replace("a9: &a9", "title: &a9") + "\n---\nText.\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    with pytest.raises(DocumentError, match="aliases") as caught:
        read_article(article)
    assert time.perf_counter() - started < 2 and str(article) in str(caught.value)


def test_symlinks_in_an_ingested_folder_are_refused_by_name(
    tmp_path: Path, config: Settings
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text(
        "---\npublished: 2024\n---\nThe root password is hunter2 and Japan banned exports.\n",
        encoding="utf-8",
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "passwd.txt").symlink_to(secret)
    (folder / "sub").symlink_to(outside, target_is_directory=True)
    (folder / "good.txt").write_text(
        "---\npublished: 2024\n---\nJapan banned exports.\n", encoding="utf-8"
    )
    store = OxigraphStore(None)
    report = ingest_paths([folder], config=config, store=store)
    failed = dict(report.failed)
    assert set(failed) == {str(folder / "passwd.txt"), str(folder / "sub")}
    assert "symbolic link" in failed[str(folder / "passwd.txt")]
    assert "--follow-symlinks" in failed[str(folder / "sub")]
    assert report.stored == ["good"]
    assert "hunter2" not in "\n".join(str(q) for q in store.raw)
    followed = ingest_paths([folder], config=config, store=store, follow_symlinks=True)
    assert not followed.failed and "passwd" in followed.stored


def test_character_references_for_invisible_controls_are_dropped(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Pu&#x200B;tin &#8238;news</title>"
        '<meta name="date" content="2024-03-01"></head>'
        "<body><p>Pu&#x200B;tin met Ki&#x2066;shi&#x2069;da. &#x202E;evil&#x202C; &zwj;x</p>"
        "</body></html>",
        encoding="utf-8",
    )
    document = read_article(page)
    assert "Putin met Kishida. evil x" in document.text
    assert document.title == "Putin news"


def test_an_unclosed_title_is_bounded_and_the_body_recovered(
    tmp_path: Path, config: Settings
) -> None:
    body = "<p>Japan banned exports of robots to Russia on March 3.</p>\n" * 5_000
    page = tmp_path / "unclosed.html"
    page.write_text(
        '<html><head><meta name="date" content="2024-03-05"><title>Sanctions news\n'
        f"</head><body>{body}</body></html>",
        encoding="utf-8",
    )
    document = read_article(page)
    assert len(document.title) <= MAX_TITLE and document.title == "Sanctions news"
    assert document.text.count("Japan banned exports of robots") == 5_000
    store = OxigraphStore(None)
    report = ingest_paths([page], config=config, store=store, max_chars=20_000)
    assert report.stored == ["unclosed"] and report.machine_facts >= 1
