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
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.extract.sentences import Sentence
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
        docs: dict[int, tuple[Doc, list[Sentence]]] = {}
        for sentence in sentences:
            docs.setdefault(sentence.paragraph, (sentence.span.doc, []))[1].append(sentence)
        for paragraph, (doc, sents) in docs.items():
            items.extend(self._paragraph(doc, paragraph, sents))
        self._disambiguate(items)
        self._sentence_state(items, {p: d for p, (d, _) in docs.items()})
        self._require_context(items)
        by_token = {(m.paragraph, i): m for m in items for i in range(m.token_start, m.token_end)}
        return Mentions(items, by_token)

    def _paragraph(self, doc: Doc, paragraph: int, sents: list[Sentence]) -> list[Mention]:
        spans: list[tuple[Span, str]] = []
        for _, start, end in self.matcher(doc):
            span = doc[start:end]
            if self.gaz.candidates(span.text):
                spans.append((span, "GAZ"))
        # the paragraph's tokens through its sentences' (made once, read again by later stages):
        # the sentences hold every token but whitespace, which is never a demonym
        first = self._demonym_first
        for token in (t for sentence in sents for t in sentence.words):
            if token.text in first:
                for size in (2, 1):
                    span = doc[token.i : token.i + size]
                    if span.text in self.gaz.demonyms:
                        spans.append((span, "DEMONYM"))
                        break
        kept = filter_spans([s for s, _ in spans])
        label_of = {(s.start, s.end): lab for s, lab in spans}
        taken = {i for s in kept for i in range(s.start, s.end)}
        for ent in doc.ents:
            if ent.label_ not in NER_LABELS or taken.intersection(range(ent.start, ent.end)):
                continue
            kept.append(ent)
            label_of[(ent.start, ent.end)] = ent.label_
        found = []
        for span in sorted(kept, key=lambda s: s.start):
            sentence = next((s for s in sents if s.span.start <= span.start < s.span.end), None)
            if sentence is None:
                continue
            label = label_of[(span.start, span.end)]
            mention = Mention(
                start=sentence.base + span.start_char,
                end=sentence.base + span.end_char,
                text=span.text,
                label=label,
                sentence=sentence.index,
                paragraph=paragraph,
                token_start=span.start,
                token_end=span.end,
            )
            mention.head_role = span.root.dep_ not in ("compound", "amod", "nmod", "nummod")
            mention.links = self.linker.link(span.text, None if label == "GAZ" else label)
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

    def _sentence_state(self, items: list[Mention], docs: dict[int, Doc]) -> None:
        """A title linked to one state's post or body stays linked only if the state written
        right beside it is that state: "the Prime Minister of Canada", "Canada's Prime Minister"
        and "the Canadian Foreign Ministry" are not Japan's."""
        for index, mention in enumerate(items):
            info = self.gaz.entities.get(mention.entity_id or "")
            if info is None or info.kind not in ("post", "organization") or not info.home:
                continue
            doc = docs[mention.paragraph]
            beside = []
            for m in items[max(0, index - 1) : index + 2]:
                if m is mention or m.paragraph != mention.paragraph:
                    continue
                after = doc[mention.token_end : m.token_start].text.lower()
                before = doc[m.token_end : mention.token_start].text.lower()
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
