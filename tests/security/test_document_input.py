"""Untrusted article files: each is read into clean text (NFC, no invisible controls) or refused
with an error naming the file; one bad file never stops a batch."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from kg.errors import DocumentError
from kg.sources.documents import read_text


def _write(tmp_path: Path, data: bytes, name: str = "article.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"Japan \xff\xfe banned", "not valid UTF-8"),
        (b"Lone surrogate: " + b"\xed\xa0\x80", "not valid UTF-8"),  # U+D800 encoded
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not valid UTF-8"),
        (b"GIF89a\x00\x01 valid utf-8 but binary", "binary"),
        ("Shift-JIS 岸田".encode("shift_jis"), "not valid UTF-8"),
    ],
)
def test_bad_bytes_are_refused_naming_the_file(tmp_path: Path, data: bytes, problem: str) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(DocumentError, match=problem) as caught:
        read_text(path)
    assert str(path) in str(caught.value)


def test_nfd_becomes_nfc(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Zelenskyj Šmyhal Ëlla Пётр")
    text = read_text(_write(tmp_path, decomposed.encode()))
    assert text == unicodedata.normalize("NFC", decomposed)
    assert text != decomposed


def test_zero_width_and_bidi_controls_are_dropped(tmp_path: Path) -> None:
    text = read_text(
        _write(tmp_path, "\ufeffPu\u200btin met Ki\u2066shi\u2069da \u202eevil\u202c.".encode())
    )
    assert text == "Putin met Kishida evil."


def test_mixed_scripts_and_line_ends_are_kept_readable(tmp_path: Path) -> None:
    text = read_text(_write(tmp_path, "Путин (Putin)\r\n岸田文雄 (Kishida)\r".encode()))
    assert text == "Путин (Putin)\n岸田文雄 (Kishida)\n"


def test_empty_file_is_empty_text(tmp_path: Path) -> None:
    assert read_text(_write(tmp_path, b"")) == ""


def test_a_folder_or_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="cannot read"):
        read_text(tmp_path / "missing.txt")
