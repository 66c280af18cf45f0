"""A strict SPARQL tokeniser for the guard: it reads a query the way Oxigraph does, or refuses it.

The guard must see the same tokens as the engine, so this lexer refuses every input on which two
readings could differ instead of guessing: a carriage return not followed by a line feed (Oxigraph
ends a comment there, other readers do not), control and line-separator characters, NUL, a
backslash outside a string (the SPARQL spec expands `\\u` escapes before parsing, Oxigraph only
inside strings and IRIs), a `\\u` escape inside a string that decodes to a quote, a backslash or a
control character, an escaped backslash followed by `u` (a pre-parse expander would read
`\\\\u0022` as a quote), and anything it cannot tokenise. It never recurses, so nesting depth costs
nothing here; the guard caps it because Oxigraph's parser does recurse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.errors import QueryError, QueryRefused

__all__ = ["Token", "position", "tokenize"]

# Name characters of the SPARQL 1.1 grammar (section 19.8): ASCII, then the rest of Unicode.
_ASCII_BASE = "A-Za-z"
_WIDE_BASE = (
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_WIDE_CHARS = "\u00b7\u0300-\u036f\u203f-\u2040"


def _token_pattern(wide: bool) -> re.Pattern[str]:
    """The token pattern; without the non-ASCII ranges when `wide` is false. Such a range can
    never match in ASCII text, and no other part of the pattern changes, so on ASCII text both
    patterns read the same tokens; the ASCII one compiles in a few milliseconds where the wide
    one (its Unicode ranges, five times over) takes 20-60 ms of every command's start-up."""
    base = _ASCII_BASE + (_WIDE_BASE if wide else "")
    u = base + "_"
    extra = _WIDE_CHARS if wide else ""
    chars = u + "\\-0-9" + extra
    plx = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
    prefix = f"(?:[{base}](?:[{chars}.]*[{chars}])?)?"
    local = f"(?:(?:[{u}:0-9]|{plx})(?:(?:[{chars}.:]|{plx})*(?:[{chars}:]|{plx}))?)"
    varname = f"[{u}0-9][{u}0-9{extra}]*"
    return re.compile(
        "|".join(
            [
                r"(?P<ws>(?:[ \t\n]|\r\n)+)",
                r"(?P<comment>#[^\n]*)",
                r'(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)',
                r"(?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
                r'|"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
                r"|'(?:[^'\\\n]|\\.)*'"
                r'|"(?:[^"\\\n]|\\.)*")',
                f"(?P<var>[?$]{varname})",
                f"(?P<bnode>_:[{u}0-9](?:[{chars}.]*[{chars}])?)",
                f"(?P<pname>{prefix}:{local}?)",
                r"(?P<word>[A-Za-z_][A-Za-z0-9_]*)",
                r"(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",
                r"(?P<number>(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)",
                r"(?P<punct><<\(|\)>>|<<|>>|\{\||\|\}|\^\^|&&|\|\||!=|<=|>=|[{}()\[\].,;*+\-/|^!=<>?~])",
            ]
        ),
        re.DOTALL,
    )


_token = cache(_token_pattern)  # compiled on first use, once per process and kind of text

# Characters no query needs and on which readers disagree: C0 controls other than tab and line
# feed, a CR not followed by LF, DEL, C1 controls (U+0085 ends lines for some), line and
# paragraph separators, the byte-order mark, lone surrogates.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]|\r(?!\n)"
)
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([tbnrf\"'\\])|(.?))", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # ws, comment, iri, string, var, bnode, pname, word, lang, number, punct
    text: str
    start: int


def position(text: str, offset: int) -> str:
    """'line L, column C' of `offset` (1-based), for error messages."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def _describe(char: str) -> str:
    if char == "\r":
        return "a carriage return not followed by a line feed"
    if char == "\x00":
        return "a NUL character"
    return f"the character U+{ord(char):04X}"


def tokenize(text: str, limit: int | None = None) -> list[Token]:
    """The significant tokens of `text` (no whitespace or comments); QueryError / QueryRefused
    naming the line and column of the first thing it cannot read unambiguously, or past `limit`
    tokens."""
    unsafe = _UNSAFE.search(text)
    if unsafe:
        raise QueryRefused(
            f"{_describe(unsafe.group())} at {position(text, unsafe.start())} is refused: "
            "readers of SPARQL disagree on it"
            + (" (write line ends as LF or CRLF)" if unsafe.group() == "\r" else "")
        )
    tokens: list[Token] = []
    offset, end = 0, len(text)
    match = _token(not text.isascii()).match
    while offset < end:
        found = match(text, offset)
        if found is None:
            raise _cannot_read(text, offset)
        kind = found.lastgroup or ""
        if kind == "string":
            _check_escapes(text, found.start(), found.group())
        if kind not in ("ws", "comment"):
            tokens.append(Token(kind, found.group(), offset))
            if limit is not None and len(tokens) > limit:
                raise QueryRefused(
                    f"a query of more than {limit:,} tokens is refused (at {position(text, offset)})"
                )
        offset = found.end()
    return tokens


def _cannot_read(text: str, offset: int) -> QueryError:
    where = position(text, offset)
    if text[offset] == "\\":
        return QueryRefused(
            f"a backslash outside a string at {where} is refused: \\u escapes are read "
            "differently by different SPARQL readers; write the character itself"
        )
    if text[offset] in "'\"":
        return QueryError(f"SPARQL syntax error: unterminated string at {where}")
    snippet = text[offset : offset + 20].split("\n")[0]
    return QueryError(f"SPARQL syntax error: cannot read {snippet!r} at {where}")


def _check_escapes(text: str, start: int, literal: str) -> None:
    """Every escape in a string literal is one Oxigraph and a pre-parse expander read alike."""
    if "\\" not in literal:
        return
    for escape in _ESCAPE.finditer(literal):
        where = position(text, start + escape.start())
        four, eight, simple, other = escape.groups()
        if other is not None:
            raise QueryError(
                f"SPARQL syntax error: unknown escape \\{other} in a string at {where}"
            )
        if simple is not None:
            if simple == "\\" and literal[escape.end() : escape.end() + 1] in ("u", "U"):
                raise QueryRefused(
                    f"an escaped backslash followed by 'u' at {where} is refused: a reader that "
                    "expands \\u escapes before parsing would read it as an escape"
                )
            continue
        code = int(four or eight, 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryError(
                f"SPARQL syntax error: \\{'u' if four else 'U'}{four or eight} at {where} "
                "is not a Unicode character"
            )
        char = chr(code)
        if char in "\"'\\" or _UNSAFE.match(char) or char in "\t\n":
            raise QueryRefused(
                f"the escape {escape.group()} at {where} is refused: it stands for a quote, a "
                "backslash or a control character, which readers that expand escapes before "
                "parsing would read as part of the query; use \\\", \\', \\\\, \\n or \\t"
            )
