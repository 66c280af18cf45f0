"""Stage: reported and quoted speech -> statements (who said what, with the sentence).

A speech verb of kg/lexicon/speech.yaml ("said", "noted", "told reporters") with a
subject and a reported clause or a quotation, or "according to X", makes a statement by the
subject. Pronouns and "the expert" resolve to the last person named; "analysts said" gives an
unnamed speaker of the document. A quotation-only sentence right after a statement continues it.
Reader comments and page chrome give no statements: commenters are not the article's speakers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.dates import PartialDate
from kg.extract.clauses import AGENT_KINDS, Clauses, chain
from kg.extract.dates import DateMention
from kg.extract.mentions import Mention
from kg.extract.sentences import Sentence
from kg.extract.words import Word
from kg.lexicon import Lexicon

__all__ = ["StatementFinder", "StatementMention"]

NO_FACT_SEGMENTS = frozenset({"reader-comments", "page-chrome"})
QUOTE = re.compile(r"[“\"]([^”\"]{3,})[”\"]")


@dataclass
class StatementMention:
    sentences: list[Sentence]
    speaker: Mention | None
    group: tuple[str, str] | None  # (noun, kind) of an unnamed speaker
    content: str
    quote: str | None
    date: PartialDate | None
    how: str
    about: list[Mention] = field(default_factory=list)

    @property
    def confidence(self) -> float:
        value = {"subject": 0.75, "according": 0.7, "pronoun": 0.55, "anaphor": 0.5, "group": 0.6}
        return value.get(self.how, 0.5) + (0.05 if self.quote else 0.0)


class StatementFinder:
    def __init__(self, lex: Lexicon, clauses: Clauses) -> None:
        self.lex = lex
        self.clauses = clauses
        self.last: StatementMention | None = None

    def find(self, sentence: Sentence, dates: list[DateMention]) -> list[StatementMention]:
        if sentence.segment in NO_FACT_SEGMENTS:
            self.last = None
            return []
        # a quotation of a few words is a scare quote ("three axes"), not what someone said
        quotes = [
            m.group(1).strip()
            for m in QUOTE.finditer(sentence.text)
            if len(m.group(1).split()) >= 4
        ]
        quote = max(quotes, key=len).rstrip(" ,;:") if quotes else None
        found = self._speech(sentence, quote, dates)
        if found is None:
            continuing = (
                self.last is not None
                and self.last.sentences[-1].index == sentence.index - 1
                and sentence.text.lstrip()[:1] in ("\u201c", '"', "-", "\u2013", "\u2014")
            )
            if continuing and self.last is not None:
                self.last.sentences.append(sentence)
                return []
            self.last = None
            return []
        self.last = found
        return [found]

    def _speech(
        self, sentence: Sentence, quote: str | None, dates: list[DateMention]
    ) -> StatementMention | None:
        for token, lower in zip(sentence.words, sentence.lowers, strict=True):
            if (
                lower in self.lex.according
                and token.i + 1 < len(token.parse.words)
                and token.nbor().lower_ == "to"
            ):
                objects = [c for c in token.nbor().children if c.dep_ == "pobj"]
                if objects:
                    made = self._make(sentence, token, objects[0], quote, dates, "according")
                    if made is not None:
                        return made
        for token, lemma in zip(sentence.words, sentence.lemmas, strict=True):
            if lemma not in self.lex.speech_verbs or token.pos_ != "VERB":
                continue
            if any(c.dep_ == "neg" for c in token.children):
                continue
            clause = [c for c in token.children if c.dep_ in ("ccomp", "parataxis")]
            inserted = token.dep_ == "parataxis"  # "..., analysts said, Mr. Abe wants ..."
            if lemma in self.lex.needs_clause and not clause and quote is None:
                continue
            if not (clause or quote or inserted or any(c.dep_ == "xcomp" for c in token.children)):
                continue
            subjects = [c for c in token.children if c.dep_ == "nsubj"]
            if not subjects and token.dep_ in ("advcl", "conj", "xcomp"):
                head_subjects = [c for c in token.head.children if c.dep_ == "nsubj"]
                subjects = head_subjects[:1]
            if not subjects:
                continue
            made = self._make(sentence, token, subjects[0], quote, dates, "subject")
            if made is not None:
                return made
        return None

    def _pronoun(self, subject: Word, sentence: Sentence) -> StatementMention | None:
        """'he said', 'they said' right after a statement: the same speaker."""
        last = self.last
        if subject.lower_ not in ("he", "she", "they") or last is None:
            return None
        if last.sentences[-1].index < sentence.index - 2:
            return None
        if (subject.lower_ == "they") != (last.group is not None):
            return None
        return last

    def _make(
        self,
        sentence: Sentence,
        verb: Word,
        subject: Word,
        quote: str | None,
        dates: list[DateMention],
        how: str,
    ) -> StatementMention | None:
        lemma = subject.lemma
        own = self.clauses.mentions.at(sentence.paragraph, subject.i)
        speaker, group = None, None
        if (
            own is None
            and lemma in self.lex.unnamed_groups
            and subject.tag_ in ("NNS", "NNPS", "NN")
        ):
            group, how = (lemma, self.lex.unnamed_groups[lemma]), "group"  # "Japanese media said"
        else:
            previous = self._pronoun(subject, sentence)
            if previous is not None:
                speaker, group, how = previous.speaker, previous.group, "pronoun"
            else:
                speaker = self.clauses.mention(subject, sentence, AGENT_KINDS, prefer="person")
        if speaker is None and group is None and lemma in self.lex.anaphors:
            if any(c.lower_ == "the" for c in subject.children):  # "the expert believes"
                speaker = self.clauses.antecedents.resolve(
                    {"person"}, sentence.index, sentence.offset(subject), window=8
                )
                how = "anaphor"
        elif speaker is not None and speaker.start < sentence.start:
            how = "pronoun"
        if speaker is None and group is None:
            return None
        clause = [c for c in verb.children if c.dep_ in ("ccomp", "parataxis")]
        if how == "according":
            content = sentence.text
        elif clause:
            tokens = sorted(t.i for t in clause[0].subtree)
            content = verb.parse.text_of(tokens[0], tokens[-1] + 1).strip(' ,“”"')
        else:
            content = quote or sentence.text
        date = None
        for mention in dates:
            span = verb.parse.doc.char_span(
                mention.start - sentence.base, mention.end - sentence.base, alignment_mode="expand"
            )
            if span is not None and any(
                t.i == verb.i for t in chain(verb.parse.words[span.root.i])
            ):
                date = mention.date
                break
        about = [
            m
            for m in self.clauses.mentions.in_sentence(sentence.index)
            if m.entity_id
            and m is not speaker
            and (speaker is None or m.entity_id != speaker.entity_id)
        ]
        return StatementMention(
            [sentence], speaker, group, content or sentence.text, quote, date, how, about
        )
