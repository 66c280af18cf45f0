"""Stage 2 of extraction: entity mentions, from the gazetteer and from the NER model, linked.

The gazetteer (a spaCy PhraseMatcher over the graph's own names) wins where it overlaps an NER
entity: it knows "Habomai" is a territory when the model says PERSON. NER entities it lacks go to
the linker (folded names, fuzzy matching); those that stay unlinked are kept, so a later stage can
mint a node when a fact needs one. Ambiguous names ("President") are settled by context: the
person next to them, or a state named in the sentence; names written in lower case in the
gazetteer ("ruling coalition") count only when the document also names their state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.util import filter_spans

from kg.extract.sentences import Sentence
from kg.extract.words import Parse
from kg.link.gazetteer import Gazetteer
from kg.link.linker import Link, Linker

__all__ = ["NER_LABELS", "Mention", "MentionFinder", "Mentions"]

NER_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})


@dataclass
class Mention:
    """A span of the document that names an entity; `entity_id` is None while unlinked."""

    start: int
    end: int
    text: str
    label: str  # an NER label, or GAZ for the gazetteer, DEMONYM for "Russian"
    sentence: int
    paragraph: int
    token_start: int  # token indices in the paragraph's Doc
    token_end: int
    links: list[Link] = field(default_factory=list)
    entity_id: str | None = None
    score: float = 0.0
    method: str = ""
    head_role: bool = True  # the mention heads its phrase (not a modifier: "Leopard 2 tanks")


@dataclass
class Mentions:
    """All mentions of a document, indexed by (paragraph, token) and by sentence (statements ask
    for a sentence's mentions: scanning every mention each time was quadratic in a document)."""

    items: list[Mention]
    by_token: dict[tuple[int, int], Mention]
    by_sentence: dict[int, list[Mention]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.by_sentence = {}
        for mention in self.items:
            self.by_sentence.setdefault(mention.sentence, []).append(mention)

    def at(self, paragraph: int, token_index: int) -> Mention | None:
        return self.by_token.get((paragraph, token_index))

    def in_sentence(self, sentence: int) -> list[Mention]:
        return list(self.by_sentence.get(sentence, ()))

    def linked_ids(self) -> set[str]:
        return {m.entity_id for m in self.items if m.entity_id}


class MentionFinder:
    """Finds and links the mentions of a document's sentences."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer, linker: Linker) -> None:
        self.gaz = gazetteer
        self.linker = linker
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        patterns = [nlp.make_doc(name) for name in sorted(gazetteer.names)]
        self.matcher.add("GAZ", patterns)
        self._demonym_first = {d.split()[0] for d in gazetteer.demonyms}

    def find(self, sentences: Sequence[Sentence]) -> Mentions:
        items: list[Mention] = []
        parses: dict[int, tuple[Parse, list[Sentence]]] = {}
        for sentence in sentences:
            parses.setdefault(sentence.paragraph, (sentence.parse, []))[1].append(sentence)
        for paragraph, (parse, sents) in parses.items():
            items.extend(self._paragraph(parse, paragraph, sents))
        self._disambiguate(items)
        self._sentence_state(items, {p: parse for p, (parse, _) in parses.items()})
        self._require_context(items)
        by_token = {(m.paragraph, i): m for m in items for i in range(m.token_start, m.token_end)}
        return Mentions(items, by_token)

    def _paragraph(self, parse: Parse, paragraph: int, sents: list[Sentence]) -> list[Mention]:
        # spans as (start, end) token ranges of the paragraph: their texts come from the
        # paragraph's text (kg.extract.words), not from a spaCy Span made for each
        spans: list[tuple[tuple[int, int], str]] = []
        for _, start, end in self.matcher(parse.doc):
            if self.gaz.candidates(parse.text_of(start, end)):
                spans.append(((start, end), "GAZ"))
        # whitespace, the only words outside the sentences, starts no demonym
        first = self._demonym_first
        for word in parse.words:
            if word.text in first:
                for size in (2, 1):
                    span = (word.i, min(word.i + size, len(parse.words)))  # as doc[i : i + size]
                    if parse.text_of(*span) in self.gaz.demonyms:
                        spans.append((span, "DEMONYM"))
                        break
        # of overlapping spans the longest is kept (spaCy's rule, on the few spans matched)
        kept = [(s.start, s.end) for s in filter_spans([parse.doc[a:b] for (a, b), _ in spans])]
        label_of = dict(spans)
        taken = {i for start, end in kept for i in range(start, end)}
        for ent in parse.doc.ents:
            if ent.label_ not in NER_LABELS or taken.intersection(range(ent.start, ent.end)):
                continue
            kept.append((ent.start, ent.end))
            label_of[(ent.start, ent.end)] = ent.label_
        sentence_at = {i: s for s in sents for i in range(s.span.start, s.span.end)}
        found = []
        for start, end in sorted(kept, key=lambda s: s[0]):
            sentence = sentence_at.get(start)
            if sentence is None:
                continue
            label = label_of[(start, end)]
            text = parse.text_of(start, end)
            first_char, end_char = parse.chars(start, end)
            mention = Mention(
                start=sentence.base + first_char,
                end=sentence.base + end_char,
                text=text,
                label=label,
                sentence=sentence.index,
                paragraph=paragraph,
                token_start=start,
                token_end=end,
            )
            root = parse.root(start, end).dep_
            mention.head_role = root not in ("compound", "amod", "nmod", "nummod")
            mention.links = self.linker.link(text, None if label == "GAZ" else label)
            if label == "NORP" and not mention.links:
                continue
            if len(mention.links) == 1:
                self._resolve(mention, mention.links[0])
            found.append(mention)
        return found

    @staticmethod
    def _resolve(mention: Mention, link: Link) -> None:
        mention.entity_id, mention.score, mention.method = link.id, link.score, link.method

    def _disambiguate(self, items: list[Mention]) -> None:
        """Ambiguous names take the candidate whose state is that of the name right after them
        ("President Joe Biden"), else right before, else of a single state named nearby;
        otherwise they stay unlinked."""
        for index, mention in enumerate(items):
            if len(mention.links) < 2:
                continue
            after = items[index + 1] if index + 1 < len(items) else None
            before = items[index - 1] if index > 0 else None
            adjacent = [
                m
                for m in (after, before)
                if m is not None
                and m.entity_id
                and m.paragraph == mention.paragraph
                and (
                    0 <= m.token_start - mention.token_end <= 1
                    or 0 <= mention.token_start - m.token_end <= 1
                )
            ]
            nearby = [
                m
                for m in items[max(0, index - 3) : index + 4]
                if m is not mention and m.sentence == mention.sentence and m.entity_id
            ]
            for group in ([adjacent[0]] if adjacent else [], nearby):
                states = {self.gaz.state_of(m.entity_id) for m in group} - {None}
                choices = [link for link in mention.links if self.gaz.state_of(link.id) in states]
                if len(choices) == 1:
                    self._resolve(mention, choices[0])
                    break

    def _sentence_state(self, items: list[Mention], parses: dict[int, Parse]) -> None:
        """A title linked to one state's post or body stays linked only if the state written
        right beside it is that state: "the Prime Minister of Canada", "Canada's Prime Minister"
        and "the Canadian Foreign Ministry" are not Japan's."""
        for index, mention in enumerate(items):
            info = self.gaz.entities.get(mention.entity_id or "")
            if info is None or info.kind not in ("post", "organization") or not info.home:
                continue
            parse = parses[mention.paragraph]
            beside = []
            for m in items[max(0, index - 1) : index + 2]:
                if m is mention or m.paragraph != mention.paragraph:
                    continue
                after = parse.text_of(mention.token_end, m.token_start).lower()
                before = parse.text_of(m.token_end, mention.token_start).lower()
                if (m.token_start >= mention.token_end and after == "of") or (
                    m.token_end <= mention.token_start and before in ("", "'s", "\u2019s")
                ):
                    beside.append(m)  # "Prime Minister of Canada", "Canada's Prime Minister"
            states = {self.gaz.state_of(m.entity_id) for m in beside if m.entity_id} - {None}
            kinds = {self.gaz.entities[m.entity_id].kind for m in beside if m.entity_id}
            if states and "state" in kinds and info.home not in states:
                mention.entity_id = None

    def _require_context(self, items: list[Mention]) -> None:
        """Common-noun names ("ruling coalition") need their state named in the document."""
        states = {
            self.gaz.state_of(m.entity_id)
            for m in items
            if m.entity_id and m.text.lower() not in self.gaz.generic
        } - {None}
        for mention in items:
            if mention.entity_id and mention.text.lower() in self.gaz.generic:
                home = self.gaz.state_of(mention.entity_id)
                if home is not None and home not in states:
                    mention.entity_id = None
