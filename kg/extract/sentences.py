"""Stage 1 of extraction: split a document into paragraphs, parse them, and cut sentences.

Paragraphs (lines) are what the model sees: small texts batch well in `nlp.pipe` and keep memory
flat on long files. Every sentence keeps its offsets into the document text, so evidence can
point back at the exact characters. Page chrome (navigation, footers) is never parsed; reader
comments are parsed but marked, so later stages can refuse to turn them into facts.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.model import SourceDocument

__all__ = [
    "MAX_CHUNK",
    "Paragraph",
    "Sentence",
    "model_text",
    "paragraphs",
    "sentences",
    "sentences_from",
]

MAX_CHUNK = 5_000  # characters per text given to the model; longer paragraphs are cut
SKIPPED_SEGMENTS = frozenset({"page-chrome"})
_BREAK = re.compile(r"(?<=[.!?])\s+|\n")
_NOISE = re.compile(r"\*{2,}|_{3,}|#{2,}|={3,}")


def model_text(text: str) -> str:
    """The text the model sees: masking runs ("Japan**", "____") blanked to spaces of the same
    length, so that parses are not broken and offsets still index the document text."""
    return _NOISE.sub(lambda m: " " * len(m.group(0)), text)


@dataclass(frozen=True)
class Paragraph:
    """A stretch of document text [start, end) of one segment kind."""

    start: int
    end: int
    segment: str
    index: int


@dataclass
class Sentence:
    """A parsed sentence. `span` belongs to a spaCy Doc of its paragraph, which starts at `base`."""

    index: int
    paragraph: int
    segment: str
    span: Span
    base: int

    @property
    def start(self) -> int:
        return self.base + self.span.start_char

    @property
    def end(self) -> int:
        return self.base + self.span.end_char

    @cached_property
    def text(self) -> str:
        """The sentence's text (made once: every stage asks for it, and spaCy builds it anew
        on each call), as spaCy's Span.text makes it, from the tokens made once."""
        words = self.words
        text = "".join([t.text_with_ws for t in words])
        return text[:-1] if words and words[-1].whitespace_ else text

    @cached_property
    def words(self) -> list[Token]:
        """The sentence's tokens, made once: spaCy makes a new Token object on every access,
        and several stages read every token of every sentence."""
        return list(self.span)

    @cached_property
    def lemmas(self) -> list[str]:
        """Each token's lemma in lower case (as the lexicons are written), in token order."""
        return [t.lemma_.lower() for t in self.words]

    @cached_property
    def lowers(self) -> list[str]:
        """Each token's text in lower case, in token order."""
        return [t.lower_ for t in self.words]

    def offset(self, token: Token) -> int:
        return self.base + token.idx

    def tokens(self) -> Span:
        return self.span


def _chunks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut [start, end) into pieces of at most MAX_CHUNK characters at sentence or word breaks."""
    while end - start > MAX_CHUNK:
        limit = start + MAX_CHUNK
        cut = -1
        for match in _BREAK.finditer(text, start + MAX_CHUNK // 2, limit):
            cut = match.end()
        if cut < 0:
            space = text.rfind(" ", start + 1, limit)
            cut = space + 1 if space > start else limit
        yield start, cut
        start = cut
    yield start, end


def paragraphs(document: SourceDocument) -> list[Paragraph]:
    """The non-empty lines of the document outside page chrome, cut to the model's size."""
    text = document.text
    found: list[Paragraph] = []
    position = 0
    for line in text.split("\n"):
        line_start, line_end = position, position + len(line)
        position = line_end + 1
        stripped = line.strip()
        if not stripped:
            continue
        line_start += len(line) - len(line.lstrip())
        line_end -= len(line) - len(line.rstrip())
        # a segment may begin inside a line: split the line at segment starts
        cuts = [line_start]
        cuts += [s.start for s in document.segments if line_start < s.start < line_end]
        cuts.append(line_end)
        for a, b in itertools.pairwise(cuts):
            segment = document.segment_kind_at(a)
            if segment in SKIPPED_SEGMENTS or not text[a:b].strip():
                continue
            for c, d in _chunks(text, a, b):
                found.append(Paragraph(c, d, segment, len(found)))
    return found


def sentences(
    document: SourceDocument,
    nlp: Language,
    *,
    batch_size: int = 32,
    parsed: Sequence[Doc] | None = None,
) -> list[Sentence]:
    """Parse the document's paragraphs (or take `parsed`, one Doc per paragraph) into sentences."""
    paras = paragraphs(document)
    docs = (
        parsed
        if parsed is not None
        else list(
            nlp.pipe(
                (model_text(document.text[p.start : p.end]) for p in paras), batch_size=batch_size
            )
        )
    )
    return sentences_from(paras, docs)


def sentences_from(paras: Sequence[Paragraph], docs: Sequence[Doc]) -> list[Sentence]:
    result: list[Sentence] = []
    for para, doc in zip(paras, docs, strict=True):
        for span in doc.sents:
            trimmed = _trim(span)
            if trimmed is not None:
                result.append(Sentence(len(result), para.index, para.segment, trimmed, para.start))
    return result


def _trim(span: Span) -> Span | None:
    """The span without leading and trailing whitespace tokens; None if nothing is left."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end] if end > start else None
