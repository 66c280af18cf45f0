"""A paragraph's parse read out of spaCy once, as plain objects that the rules read cheaply.

spaCy makes a new Token object on every access (`doc[i]`, `token.head`, every child of
`token.children`), walks the parse again for each `children` and `subtree`, and decodes a string
attribute anew on every read. The rules walk the same few arcs and read the same attributes of a
sentence's tokens many times over, so each paragraph's tokens are read from spaCy once, into
`Word`s whose attributes (spaCy's names and values) are plain slots, and whose head and
children are Words themselves.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

__all__ = ["Parse", "Word"]


class Word:
    """One token of a paragraph as spaCy parsed it. `lemma` is the lemma in lower case (as the
    lexicons are written, and as every rule compares it); the rest are spaCy's Token attributes.
    Each token of a paragraph has exactly one Word, so Words compare by identity, as tokens of
    one Doc compare by position."""

    __slots__ = (
        "children",
        "dep_",
        "head",
        "i",
        "idx",
        "lemma",
        "lower_",
        "parse",
        "pos_",
        "tag_",
        "text",
    )

    def __init__(self, token: Token, parse: Parse) -> None:
        self.i: int = token.i
        self.idx: int = token.idx
        self.text: str = token.text
        self.lower_: str = token.lower_
        self.lemma: str = token.lemma_.lower()
        self.pos_: str = token.pos_
        self.tag_: str = token.tag_
        self.dep_: str = token.dep_
        self.parse = parse
        self.head: Word = self  # set by Parse once every word exists
        self.children: tuple[Word, ...] = ()  # in token order, as Token.children yields them

    @property
    def subtree(self) -> Iterator[Word]:
        """The word and its descendants in Token.subtree's order: the subtrees of the children
        to its left, the word, then the subtrees of those to its right."""
        for child in self.children:
            if child.i < self.i:
                yield from child.subtree
        yield self
        for child in self.children:
            if child.i > self.i:
                yield from child.subtree

    def nbor(self) -> Word:
        """The next word (Token.nbor()); IndexError after the paragraph's last."""
        return self.parse.words[self.i + 1]

    def __repr__(self) -> str:
        return self.text


class Parse:
    """The words of one paragraph's Doc, and its text: the text the model was given, which
    spaCy's tokens keep to the character (`doc.text`, which spaCy builds anew on each call)."""

    def __init__(self, doc: Doc, text: str) -> None:
        self.doc = doc
        self.text = text
        tokens = list(doc)
        self.words = [Word(token, self) for token in tokens]
        children: dict[int, list[Word]] = {}
        for word, token in zip(self.words, tokens, strict=True):
            head = self.words[token.head.i]
            word.head = head
            if head is not word:  # a sentence's root is its own head, not its own child
                children.setdefault(head.i, []).append(word)
        for i, found in children.items():
            self.words[i].children = tuple(found)

    def release(self) -> None:
        """Unlink the words from each other and from the parse, once the document is done: the
        links make cycles, which only the cycle collector frees, and a long run's words would
        pile up for its slow full collections instead of going at once."""
        for word in self.words:
            del word.head, word.children, word.parse

    def root(self, start: int, end: int) -> Word:
        """The root of the words [start, end) as spaCy's Span.root finds it; one word is its own
        (and is most names: no spaCy Span is made for it)."""
        if end - start == 1:
            return self.words[start]
        return self.words[self.doc[start:end].root.i]

    def chars(self, start: int, end: int) -> tuple[int, int]:
        """Where the words [start, end) (at least one) begin and end in the paragraph's text,
        as spaCy's Span.start_char and end_char."""
        last = self.words[end - 1]
        return self.words[start].idx, last.idx + len(last.text)

    def text_of(self, start: int, end: int) -> str:
        """The text of the words [start, end), as spaCy's `doc[start:end].text` gives it (an end
        past the last word is cut, an end before the start gives no text)."""
        end = min(end, len(self.words))
        if end <= start:
            return ""
        first, last = self.chars(start, end)
        return self.text[first:last]
