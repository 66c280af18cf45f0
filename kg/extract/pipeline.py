"""The extraction pipeline: a document in, kg.model facts and entities out, with timings.

Stages, each its own module: sentences (parse), mentions (gazetteer + NER, linked), dates,
measures and statements (per sentence), discourse (per document). The model runs once per
document over its paragraphs with `nlp.pipe`; everything after it is plain Python, timed apart so
the benchmark can report the share of time spent outside the model.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language

from kg.extract.clauses import AGENT_KINDS, Antecedents, Clauses
from kg.extract.dates import find_dates
from kg.extract.discourse import Consolidated, consolidate
from kg.extract.facts import EXTRACTOR, Resolver, evidence, fact_id
from kg.extract.labels import measure_label, package_label, statement_label
from kg.extract.lexicon import Lexicon, lexicon
from kg.extract.measures import MeasureFinder, MeasureMention
from kg.extract.mentions import MentionFinder, Mentions
from kg.extract.model import load_model
from kg.extract.openworld import MentionLink, mention_links
from kg.extract.sentences import Sentence, model_text, paragraphs, release, sentences_from
from kg.extract.statements import StatementFinder, StatementMention
from kg.link.gazetteer import Gazetteer, reference_gazetteer
from kg.link.linker import Linker
from kg.model import Entity, Evidence, Fact, SourceDocument

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
        facts = self._measure_facts(document, consolidate(measures, resolver), resolver)
        facts += self._statement_facts(document, statements, resolver)
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

    def _measure_facts(
        self, document: SourceDocument, items: list[Consolidated], resolver: Resolver
    ) -> list[Fact]:
        facts: list[Fact] = []
        ids: dict[int, str] = {}
        for item in items:
            if item.is_package:
                proof = _proof(document, item)
                package: dict[str, Any] = {"imposer": item.imposer}
                if item.announced or item.effective:
                    package["announced"] = item.announced or item.effective
                if item.implemented_by:
                    package["implemented_by"] = item.implemented_by
                package["label"] = package_label(package, resolver)
                fid = fact_id(
                    "package",
                    document.id,
                    item.imposer,
                    str(package.get("announced")),
                    proof[0].text,
                )
                ids[id(item)] = fid
                facts.append(Fact(fid, "package", document.id, package, proof, None, EXTRACTOR))
        for item in items:
            if item.is_package:
                continue
            proof = _proof(document, item)
            cls = (
                "support"
                if item.type in self.lex.support_types
                else ("countermeasure" if item.countermeasure else "sanction")
            )
            fields: dict[str, Any] = {"class": cls, "type": item.type}
            if item.imposer:
                fields["imposer"] = item.imposer
            if item.how == "inferred":
                fields["description"] = "Imposer not stated; inferred as the article's only one."
            if item.implemented_by:
                fields["implemented_by"] = item.implemented_by
            targets = [t for t in item.targets if resolver.kind(t) != "agreement"]
            agreements = [t for t in item.targets if resolver.kind(t) == "agreement"]
            for agreement in agreements:  # the other parties of a suspended agreement
                info = self.gaz.entities.get(agreement)
                parties = info.parties if info is not None else ()
                if item.imposer in parties:
                    targets += [p for p in parties if p != item.imposer and p not in targets]
            if agreements:
                fields["agreements"] = agreements  # kg:affectsAgreement, not a target
            if cls == "support":
                if targets:
                    fields["beneficiaries"] = targets
            elif targets:
                fields["targets"] = targets
            if item.groups and cls != "support":
                fields["target_groups"] = item.groups
            if item.goods:
                fields["goods"] = item.goods
            if item.announced:
                fields["announced"] = item.announced
            if item.effective:
                fields["effective"] = item.effective
            if item.package is not None and id(item.package) in ids:
                fields["package"] = ids[id(item.package)]
                if item.date_from_package and "announced" in fields:
                    fields["date_inherited_from"] = fields["package"]
            fields["label"] = measure_label(fields, resolver)
            fid = fact_id(
                "measure",
                document.id,
                item.type,
                item.imposer,
                sorted(item.target_ids()),
                str(item.announced),
                str(item.effective),
                proof[0].text,
            )
            facts.append(Fact(fid, "measure", document.id, fields, proof, None, EXTRACTOR))
        return _unique(facts)

    def _statement_facts(
        self, document: SourceDocument, items: list[StatementMention], resolver: Resolver
    ) -> list[Fact]:
        """Statements, one per run of adjacent sentences by the same speaker."""
        runs: list[tuple[str, list[StatementMention]]] = []
        for item in items:
            found: str | None
            if item.group is not None:
                found = resolver.mint_group(*item.group)
            else:
                assert item.speaker is not None
                found = resolver.entity(item.speaker, "speaker")
                if found is not None and resolver.kind(found) not in AGENT_KINDS:
                    found = None
            if found is None:
                continue
            speaker = found
            if (
                runs
                and runs[-1][0] == speaker
                and (runs[-1][1][-1].sentences[-1].index + 1 >= item.sentences[0].index)
            ):
                runs[-1][1].append(item)
            else:
                runs.append((speaker, [item]))
        facts = []
        for speaker, run in runs:
            sentences = list({s.index: s for item in run for s in item.sentences}.values())
            confidence = max(item.confidence for item in run)
            proof = [evidence(document, s, confidence) for s in sentences]
            first = run[0]
            fields: dict[str, object] = {"speaker": speaker, "content": first.content}
            quote = next((item.quote for item in run if item.quote), None)
            if quote:
                fields["quote"] = quote
            date = next((item.date for item in run if item.date), None)
            if date:
                fields["date"] = date
            about = [
                m.entity_id
                for item in run
                for m in item.about
                if m.entity_id and self.gaz.entities[m.entity_id].reference
            ]
            about = [a for a in dict.fromkeys(about) if a != speaker]
            if about:
                fields["about"] = about
            fields["label"] = statement_label(fields, resolver)
            fid = fact_id("statement", document.id, speaker, proof[0].text)
            facts.append(Fact(fid, "statement", document.id, fields, proof, None, EXTRACTOR))
        return _unique(facts)


def _proof(document: SourceDocument, item: Consolidated) -> list[Evidence]:
    """The evidence of a measure or package: each sentence of its mentions, once."""
    sentences = {m.sentence.index: m.sentence for m in item.mentions}.values()
    confidence = item.confidence
    return [evidence(document, s, confidence) for s in sentences]


def _unique(facts: list[Fact]) -> list[Fact]:
    """Same content twice gets the same id: keep the first, add the evidence of the rest."""
    by_id: dict[str, Fact] = {}
    for fact in facts:
        if fact.id in by_id:
            have = {(e.start, e.end) for e in by_id[fact.id].evidence}
            by_id[fact.id].evidence.extend(e for e in fact.evidence if (e.start, e.end) not in have)
        else:
            by_id[fact.id] = fact
    return list(by_id.values())
