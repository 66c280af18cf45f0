"""The lexer reads ASCII text with a pattern that lacks the Unicode ranges (it compiles in about a
millisecond instead of tens): on ASCII text it must read exactly what the full pattern reads."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.query.library import list_queries
from kg.sparql import lexer

# SPARQL-shaped pieces and single characters, so that generated texts hit every token kind and
# the places where kinds meet (pname vs word, numbers, escapes, IRIs, strings).
PIECES = st.sampled_from(
    [
        "SELECT", "?s", "$o", "_:b1", "_:b-1", "id:person/x", "a-b:c-d", "x-", "rdfs:label", ":local", "a:b.c", "ex:%41",
        "ex:a\\-b", "<https://w3id.org/x>", '"text"', "'it'", '"""long\n"""', '"a\\u0041"',
        '"\\\\u"', "@en-GB", "12", "1.5e3", ".5", "<<(", ")>>", "{|", "|}", "^^", "#c\n", " ",
        "\n", "\r\n", "\t", "FILTER(", ")", "{", "}", ".", ";", ",",
    ]
)  # fmt: skip
ASCII = st.text(alphabet=string.printable, max_size=3)
TEXTS = st.lists(st.one_of(PIECES, ASCII), max_size=30).map("".join)


def _read(text: str, wide: bool) -> tuple[list[tuple[str | None, str]], int]:
    """Every token the pattern reads (whitespace and comments too) and where it stops."""
    pattern, tokens, offset = lexer._token_pattern(wide), [], 0
    while offset < len(text) and (found := pattern.match(text, offset)) is not None:
        tokens.append((found.lastgroup, found.group()))
        offset = found.end()
    return tokens, offset


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_ascii_text_reads_the_same_with_both_patterns(text: str) -> None:
    assert text.isascii()
    assert _read(text, wide=False) == _read(text, wide=True)


def test_named_queries_read_the_same_with_both_patterns() -> None:
    for named in list_queries():
        assert named.text.isascii(), named.name  # so the ASCII pattern is the one used
        assert _read(named.text, wide=False) == _read(named.text, wide=True), named.name


def test_non_ascii_names_still_read() -> None:
    tokens = lexer.tokenize("SELECT ?ñame WHERE { ?ñame ex:café ?x }")
    assert [(t.kind, t.text) for t in tokens[1:3]] == [("var", "?ñame"), ("word", "WHERE")]
    assert ("pname", "ex:café") in [(t.kind, t.text) for t in tokens]
