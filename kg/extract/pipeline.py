"""The extraction pipeline: a document in, kg.model facts and entities out, with timings.

Stages, each its own module: sentences (parse), mentions (gazetteer + NER, linked), dates,
measures and statements (per sentence), discourse (per document), assemble (the facts). The
model runs once per document over its paragraphs with `nlp.pipe`; everything after it is plain
Python, timed apart so the benchmark can report the share of time spent outside the model.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from spacy.language import Language

from kg.extract.assemble import measure_facts, statement_facts
from kg.extract.clauses import AGENT_KINDS, Antecedents, Clauses
from kg.extract.dates import find_dates
from kg.extract.discourse import consolidate
from kg.extract.facts import Resolver
from kg.extract.measures import MeasureFinder, MeasureMention
from kg.extract.mentions import MentionFinder, Mentions
from kg.extract.model import load_model
from kg.extract.openworld import MentionLink, mention_links
from kg.extract.sentences import Sentence, model_text, paragraphs, release, sentences_from
from kg.extract.statements import StatementFinder, StatementMention
from kg.lexicon import Lexicon, lexicon
from kg.link.gazetteer import Gazetteer, reference_gazetteer
from kg.link.linker import Linker
from kg.model import Entity, Fact, SourceDocument

__all__ = ["DocumentExtraction", "Extractor"]

MAX_CHARS = 1_000_000  # longer documents are cut here (with a warning), as spaCy itself would


@dataclass
class DocumentExtraction:
    """What the extractor found in one document."""

    document: SourceDocument
    facts: list[Fact]
    entities: list[Entity]
    mentions: Mentions
    sentences: int
    model_seconds: float
    total_seconds: float
    warnings: list[str] = field(default_factory=list)
    # open world: every recognised mention, linked or minted (not only fact participants)
    mention_links: list[MentionLink] = field(default_factory=list)
    mentioned: list[Entity] = field(default_factory=list)  # minted for mentions alone

    def canonical_ids(self, gazetteer: Gazetteer) -> set[str]:
        """Canonical (reference) entities the document mentions outside page chrome."""
        return {i for i in self.mentions.linked_ids() if gazetteer.entities[i].reference}


_PRONOUNS = frozenset(("it", "they", "he", "she", "we", "i", "you"))  # not antecedents


class Extractor:
    """Runs the pipeline. Build it once: it holds the model, the gazetteer and the matchers."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        nlp: Language | None = None,
        lex: Lexicon | None = None,
        *,
        batch_size: int = 32,
        known_ids: Iterable[str] = (),
        max_chars: int = MAX_CHARS,
    ) -> None:
        self.lex = lex or lexicon()
        self.gaz = gazetteer or reference_gazetteer()
        self.nlp = nlp or load_model()
        self.linker = Linker(self.gaz, self.lex)
        self.mentions = MentionFinder(self.nlp, self.gaz, self.linker)
        self.batch_size = batch_size
        self.known_ids = set(known_ids) | set(self.gaz.entities)
        self.max_chars = max_chars

    def extract_many(self, documents: Iterable[SourceDocument]) -> Iterator[DocumentExtraction]:
        for document in documents:
            yield self.extract(document)

    def extract(self, document: SourceDocument) -> DocumentExtraction:
        started = time.perf_counter()
        warnings = []
        paras = paragraphs(document)
        if paras and paras[-1].end > self.max_chars:
            warnings.append(
                f"{document.path}: only the first {self.max_chars:,} characters were read"
            )
            paras = [p for p in paras if p.end <= self.max_chars]
        texts = [model_text(document.text[p.start : p.end]) for p in paras]
        model_started = time.perf_counter()
        docs = list(self.nlp.pipe(texts, batch_size=self.batch_size))
        model_seconds = time.perf_counter() - model_started
        sents = sentences_from(paras, docs, texts)
        try:
            return self._rules(document, sents, model_seconds, started, warnings)
        finally:
            release(sents)  # their words link to each other: freed now, not by the cycle collector

    def _rules(
        self,
        document: SourceDocument,
        sents: list[Sentence],
        model_seconds: float,
        started: float,
        warnings: list[str],
    ) -> DocumentExtraction:
        """Everything after the model: plain Python over the parsed sentences."""
        mentions = self.mentions.find(sents)
        antecedents = Antecedents(self.gaz)
        clauses = Clauses(self.lex, self.gaz, mentions, antecedents)
        measure_finder = MeasureFinder(self.lex, clauses)
        statement_finder = StatementFinder(self.lex, clauses)
        measures: list[MeasureMention] = []
        statements: list[StatementMention] = []
        for sentence in sents:
            dates = find_dates(sentence.text, sentence.start, document.published)
            measures.extend(measure_finder.find(sentence, dates))
            statements.extend(statement_finder.find(sentence, dates))
            self._remember(sentence, clauses, antecedents)
        resolver = Resolver(self.gaz, document, self.known_ids)
        facts = measure_facts(consolidate(measures, resolver), resolver, self.lex)
        facts += statement_facts(statements, resolver)
        in_facts = set(resolver.minted)
        links = mention_links(mentions, resolver)
        return DocumentExtraction(
            document,
            facts,
            sorted((e for i, e in resolver.minted.items() if i in in_facts), key=lambda e: e.id),
            mentions,
            len(sents),
            model_seconds,
            time.perf_counter() - started,
            warnings,
            links,
            sorted(
                (e for i, e in resolver.minted.items() if i not in in_facts), key=lambda e: e.id
            ),
        )

    @staticmethod
    def _remember(sentence: Sentence, clauses: Clauses, antecedents: Antecedents) -> None:
        for token, lower in zip(sentence.words, sentence.lowers, strict=True):
            if lower not in _PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
                mention = clauses.mention(token, sentence, AGENT_KINDS)
                if mention is not None and mention.sentence == sentence.index:
                    antecedents.add(sentence.index, mention)
