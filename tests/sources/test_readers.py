"""Reading article files: front matter, sidecars, HTML, and clear errors naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.dates import PartialDate
from kg.errors import DocumentError
from kg.sources.readers import NO_DATE, document_id, read_article


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_front_matter_gives_metadata_and_offsets_start_after_it(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.md",
        "---\npublished: 2024-03-02\ntitle: A\npublisher: P\n---\nJapan imposed sanctions.\n",
    )
    document = read_article(path)
    assert (str(document.published), document.title, document.text) == (
        "2024-03-02",
        "A",
        "Japan imposed sanctions.\n",
    )


def test_sidecar_wins_over_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path / "b.txt", "---\npublished: 2024-03-02\n---\nText.\n")
    write(tmp_path / "b.yaml", "published: 2023-12\n")
    assert str(read_article(path).published) == "2023-12"


def test_a_missing_date_is_none_with_a_note_or_the_batch_date(tmp_path: Path) -> None:
    path = write(tmp_path / "undated.txt", "Japan imposed sanctions.\n")
    document = read_article(path)
    assert document.published is None and document.date_note == NO_DATE
    batch = read_article(path, published=PartialDate("2024-05-03"))
    assert str(batch.published) == "2024-05-03" and batch.date_note is None
    # the file's own date wins over the batch's
    dated = write(
        tmp_path / "dated.txt", "---\npublished: 2023-12\n---\nJapan imposed sanctions.\n"
    )
    assert str(read_article(dated, published=PartialDate("2024-05-03")).published) == "2023-12"


def test_a_key_value_header_is_read_like_front_matter(tmp_path: Path) -> None:
    body = "Japan imposed sanctions on Monday.\nTitle: not a header after the text.\n"
    path = write(
        tmp_path / "plain.txt",
        "source: https://example.org/a\npublished: 2024-05-03\ntitle: A plain file\n"
        "publisher: Example News\n\n" + body,
    )
    document = read_article(path)
    assert (str(document.published), document.title, document.publisher, document.origin) == (
        "2024-05-03",
        "A plain file",
        "Example News",
        "https://example.org/a",
    )
    assert document.text == body  # offsets start after the header


@pytest.mark.parametrize(
    "text",
    [
        "Title: a headline that is prose\nJapan imposed sanctions.\n",  # no blank line after
        "title: x\nauthor: y\n\nJapan imposed sanctions.\n",  # a key outside the header's
        "Japan imposed sanctions.\n\nMore text.\n",
    ],
)
def test_text_that_is_not_a_header_is_left_whole(tmp_path: Path, text: str) -> None:
    document = read_article(write(tmp_path / "prose.txt", text))
    assert document.text == text and document.published is None


def test_non_utf8_bytes_are_an_error_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path / "latin1.txt", "---\npublished: 2024\n---\nCaf\xe9".encode("latin-1"))
    with pytest.raises(DocumentError, match=r"latin1\.txt.*not valid UTF-8"):
        read_article(path)


def test_unclosed_front_matter_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="never closed"):
        read_article(write(tmp_path / "c.md", "---\npublished: 2024\nJapan.\n"))


def test_html_keeps_the_article_and_drops_boilerplate_and_comments(tmp_path: Path) -> None:
    page = """<html><head><title>Japan sanctions</title>
    <meta property="article:published_time" content="2023-12-15T09:00:00+09:00">
    <meta property="og:site_name" content="Example News"><script>var x = 1;</script></head>
    <body><nav>Home | World</nav><header>Subscribe now</header>
    <article><h1>Japan widens sanctions</h1><p>Japan banned exports to Russia on Friday.</p>
    <p>The ban covers robots &amp; drones.</p><div class="share-buttons">Share on X</div></article>
    <section id="comments"><p>Reader: Japan should ban everything!</p></section>
    <footer>© Example</footer></body></html>"""
    document = read_article(write(tmp_path / "page.html", page))
    assert (
        document.text
        == "Japan widens sanctions\nJapan banned exports to Russia on Friday.\nThe ban covers robots & drones.\n"
    )
    assert (str(document.published), document.publisher, document.title) == (
        "2023-12-15",
        "Example News",
        "Japan sanctions",
    )


def test_empty_file_with_metadata_reads_as_empty_text(tmp_path: Path) -> None:
    path = write(tmp_path / "empty.txt", b"")
    write(tmp_path / "empty.yaml", "published: 2024-01\n")
    assert read_article(path).text == ""


def test_document_ids_are_safe_for_iris() -> None:
    assert document_id(Path("Les sanctions du Japon (2024).txt")) == "Les-sanctions-du-Japon-2024"
    assert document_id(Path("000_6dda27f3a0c12004.txt")) == "000_6dda27f3a0c12004"
    assert document_id(Path("制裁.txt")).startswith("doc-")
