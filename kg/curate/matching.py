"""When a machine fact tells what a curated fact tells: the ingest keeps a machine fact only when no
curated one does, and the evaluation counts the extractor right by the same test. Per kind:

- entities: per document, the set of canonical entity ids (entities.yaml) that the extractor
  found mentioned in the text outside page chrome, against the set of canonical ids that the
  document's curated facts refer to (any field, target groups included; source-local entities
  such as "analysts cited by ..." are left out of both sides).
- measures: a predicted measure matches a curated one when all four agree:
  type (equal; not checked when the curator left the type out as doubtful), imposer (equal),
  target (the two target sets intersect; a target set is `targets`, `beneficiaries` and, in
  target groups and subgroups, `affiliated_with`, `based_in` and `members`; not checked when the
  curated set is empty), date (some announced/effective date of the prediction, cut to the
  precision of some curated announced/effective date, equals it; when the curated measure has no
  date, the prediction must have none either; a predicted date inside the curated period
  not_before..not_after also matches).
- statements: same speaker (equal ids, or both unnamed: a source-local curated speaker against a
  minted one) and overlapping evidence (some predicted sentence overlaps some curated quote).
Matching is one-to-one (kg.eval.metrics.match).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from kg.curate.checks import references
from kg.dates import PartialDate
from kg.model import Fact
from kg.schema import FACT_KINDS

__all__ = ["dates_match", "measure_matches", "refs", "statement_matches", "target_set"]


def target_set(fields: Mapping[str, Any]) -> set[str]:
    found = set(fields.get("targets", [])) | set(fields.get("beneficiaries", []))
    for group in fields.get("target_groups", []):
        found |= _group_refs(group)
    return found


def _group_refs(group: Mapping[str, Any]) -> set[str]:
    found = set(group.get("affiliated_with", [])) | set(group.get("members", []))
    if group.get("based_in"):
        found.add(group["based_in"])
    for sub in group.get("subgroups", []):
        found |= _group_refs(sub)
    return found


def _dates(fields: Mapping[str, Any]) -> list[PartialDate]:
    return [fields[k] for k in ("announced", "effective") if fields.get(k) is not None]


def dates_match(predicted: Iterable[PartialDate], gold: Iterable[PartialDate]) -> bool:
    predicted, gold = list(predicted), list(gold)
    if not gold:
        return not predicted
    return any(
        len(p.iso) >= len(g.iso) and p.iso[: len(g.iso)] == g.iso for p in predicted for g in gold
    )


def _in_period(predicted: Iterable[PartialDate], fields: Mapping[str, Any]) -> bool:
    """A predicted date inside the curated period [not_before, not_after] (either bound open)."""
    low, high = fields.get("not_before"), fields.get("not_after")
    if low is None and high is None:
        return False
    for date in predicted:
        if low is not None and date.iso[: len(low.iso)] < low.iso:
            continue
        if high is not None and date.iso[: len(high.iso)] > high.iso:
            continue
        return True
    return False


def measure_matches(predicted: Fact, gold: Fact) -> bool:
    p, g = predicted.fields, gold.fields
    if g.get("type") is not None and p.get("type") != g["type"]:
        return False
    if g.get("imposer") is not None and p.get("imposer") != g["imposer"]:
        return False
    gold_targets = target_set(g)
    if gold_targets and not gold_targets & target_set(p):
        return False
    return dates_match(_dates(p), _dates(g)) or _in_period(_dates(p), g)


def statement_matches(predicted: Fact, gold: Fact, reference: set[str]) -> bool:
    ps, gs = predicted.fields.get("speaker"), gold.fields.get("speaker")
    unnamed = ps not in reference and gs not in reference
    if ps != gs and not unnamed:
        return False
    return any(
        a.start < b.end and b.start < a.end for a in predicted.evidence for b in gold.evidence
    )


def refs(facts: Iterable[Fact], reference: set[str]) -> set[str]:
    """Canonical ids the facts refer to, in any field (nested groups and variants included)."""
    found: set[str] = set()
    for fact in facts:
        for _, ref in references(fact.fields, FACT_KINDS[fact.kind].fields):
            if ref in reference:
                found.add(ref)
    return found
