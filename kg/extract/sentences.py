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
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.extract.words import Parse, Word
from kg.model import SourceDocument

__all__ = [
    "MAX_CHUNK",
    "Paragraph",
    "Sentence",
    "model_text",
    "paragraphs",
    "release",
    "sentences",
    "sentences_from",
]

MAX_CHUNK = 5_000  # characters per text given to the model; longer paragraphs are cut
SKIPPED_SEGMENTS = frozenset({"page-chrome"})
_BREAK = re.compile(r"(?<=[.!?])\s+|\n")
# each branch opens with a plain character, which lets the regex engine skip to where one is
# (written `\*{2,}|_{3,}|...` it tries every branch at every character of every paragraph)
_NOISE = re.compile(r"\*\*+|___+|##+|===+")


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
    """A parsed sentence. `span` belongs to a spaCy Doc of its paragraph, which starts at `base`;
    `parse` holds that Doc's words (kg.extract.words), shared by the paragraph's sentences.

    The rest is made with the sentence, as every stage reads it: its offsets into the document
    text, its text (as spaCy's Span.text gives it), its words, and their lemmas in lower case
    (as the lexicons are written) and lower-case texts, in token order."""

    index: int
    paragraph: int
    segment: str
    span: Span
    base: int
    parse: Parse = field(repr=False, compare=False)
    start: int = field(init=False, repr=False, compare=False)
    end: int = field(init=False, repr=False, compare=False)
    text: str = field(init=False, repr=False, compare=False)
    words: list[Word] = field(init=False, repr=False, compare=False)
    lemmas: list[str] = field(init=False, repr=False, compare=False)
    lowers: list[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.start = self.base + self.span.start_char
        self.end = self.base + self.span.end_char
        self.text = self.parse.text_of(self.span.start, self.span.end)
        self.words = self.parse.words[self.span.start : self.span.end]
        self.lemmas = [t.lemma for t in self.words]
        self.lowers = [t.lower_ for t in self.words]

    def offset(self, token: Word) -> int:
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
    texts = [model_text(document.text[p.start : p.end]) for p in paras]
    docs = parsed if parsed is not None else list(nlp.pipe(texts, batch_size=batch_size))
    return sentences_from(paras, docs, texts)


def sentences_from(
    paras: Sequence[Paragraph], docs: Sequence[Doc], texts: Sequence[str]
) -> list[Sentence]:
    """The sentences of the paragraphs, whose texts `texts` the model parsed into `docs` (one
    of each per paragraph)."""
    result: list[Sentence] = []
    for para, doc, text in zip(paras, docs, texts, strict=True):
        parse = Parse(doc, text)
        for span in doc.sents:
            trimmed = _trim(span)
            if trimmed is not None:
                result.append(
                    Sentence(len(result), para.index, para.segment, trimmed, para.start, parse)
                )
    return result


def release(sents: Sequence[Sentence]) -> None:
    """Free the words of the sentences' paragraphs, their document done (Parse.release)."""
    for parse in {id(s.parse): s.parse for s in sents}.values():
        parse.release()


def _trim(span: Span) -> Span | None:
    """The span without leading and trailing whitespace tokens; None if nothing is left."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    if end <= start:
        return None
    return span if (start, end) == (span.start, span.end) else doc[start:end]
