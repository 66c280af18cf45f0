"""The last stage: the measures, packages and statements found in a document as kg.model
Facts, each with its evidence sentences, and the same content found twice merged into one."""

from __future__ import annotations

from typing import Any

from kg.extract.clauses import AGENT_KINDS
from kg.extract.discourse import Consolidated
from kg.extract.facts import EXTRACTOR, Resolver, evidence, fact_id
from kg.extract.labels import measure_label, package_label, statement_label
from kg.extract.statements import StatementMention
from kg.lexicon import Lexicon
from kg.model import Evidence, Fact, SourceDocument

__all__ = ["measure_facts", "statement_facts"]


def measure_facts(items: list[Consolidated], resolver: Resolver, lex: Lexicon) -> list[Fact]:
    """Packages first (their ids are the measures' `package`), then each measure; the document
    and the gazetteer are the resolver's."""
    document, gaz = resolver.document, resolver.gaz
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
            facts.append(_machine_fact(fid, "package", document, package, proof))
    for item in items:
        if item.is_package:
            continue
        proof = _proof(document, item)
        cls = (
            "support"
            if item.type in lex.support_types
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
            info = gaz.entities.get(agreement)
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
        facts.append(_machine_fact(fid, "measure", document, fields, proof))
    return _unique(facts)


def statement_facts(items: list[StatementMention], resolver: Resolver) -> list[Fact]:
    """Statements, one per run of adjacent sentences by the same speaker."""
    document, gaz = resolver.document, resolver.gaz
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
            if m.entity_id and gaz.entities[m.entity_id].reference
        ]
        about = [a for a in dict.fromkeys(about) if a != speaker]
        if about:
            fields["about"] = about
        fields["label"] = statement_label(fields, resolver)
        fid = fact_id("statement", document.id, speaker, proof[0].text)
        facts.append(_machine_fact(fid, "statement", document, fields, proof))
    return _unique(facts)


def _machine_fact(
    fid: str, kind: str, document: SourceDocument, fields: dict[str, Any], proof: list[Evidence]
) -> Fact:
    """A fact the extractor found in `document`, told by the evidence `proof`."""
    return Fact(
        id=fid,
        kind=kind,
        source_id=document.id,
        fields=fields,
        evidence=proof,
        origin=EXTRACTOR,
    )


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
