"""Stage: from sentence-level measure mentions to the measures a document tells.

Articles tell one measure in several sentences and announce rounds before detailing them. Here:
1. in one sentence, "imposed new sanctions on Russia, banning exports of ..." is one export ban:
   the generic mention gives its imposer, targets and date to the specific one;
2. a generic "new round of sanctions" followed by specific measures becomes a package, and the
   measures after it that lack an imposer or a date take the package's;
3. generic mentions without an imposer are dropped, and so are generic ones with neither target,
   group nor date; a specific measure with no imposer stated is kept, with the article's only
   imposer (flagged as inferred) or none, at a lower confidence;
4. mentions of the same type and imposer whose dates do not conflict are merged into one measure
   with several pieces of evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.dates import PartialDate
from kg.extract.facts import Resolver
from kg.extract.measures import MeasureMention

__all__ = ["Consolidated", "consolidate"]

SUPPORT = frozenset({"military-aid"})
LISTING_MEANS = ("asset-freeze", "entry-ban", "export-ban")  # what a bare "blacklist" may be
PACKAGE_WINDOW = 6  # sentences after a round's announcement that may detail it
BASE_CONFIDENCE = {
    "subject": 0.8,
    "pronoun": 0.65,
    "package": 0.65,
    "sentence": 0.7,
    "previous": 0.55,
    "inferred": 0.45,  # the article's only imposer, not stated for this measure
    "unknown": 0.4,  # no imposer stated: kept, with the imposer left open
}


@dataclass
class Consolidated:
    """A measure (or a package) of the document with resolved entity ids."""

    mentions: list[MeasureMention]
    type: str
    imposer: str | None
    implemented_by: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)
    goods: list[str] = field(default_factory=list)
    announced: PartialDate | None = None
    effective: PartialDate | None = None
    how: str = "subject"
    is_package: bool = False
    package: Consolidated | None = None
    package_cue: bool = False
    countermeasure: bool = False
    original: bool = False
    date_from_package: bool = False  # the text dates the package, not this measure

    @property
    def sentence(self) -> int:
        return self.mentions[0].sentence.index

    @property
    def generic(self) -> bool:
        return self.type == "sanctions-unspecified"

    @property
    def confidence(self) -> float:
        value = BASE_CONFIDENCE.get(self.how, 0.6)
        if self.generic:
            value -= 0.1
        return round(min(0.95, value + 0.03 * (len(self.mentions) - 1)), 3)

    def target_ids(self) -> set[str]:
        found = set(self.targets)
        for group in self.groups:
            found.update(group.get("affiliated_with", []))
            if group.get("based_in"):
                found.add(group["based_in"])
        return found


def _resolve(measure: MeasureMention, resolver: Resolver) -> list[Consolidated]:
    imposers: list[tuple[str | None, str | None]] = []
    for mention in measure.imposers:
        pair = resolver.imposer(mention)
        if pair[0] is not None and pair not in imposers:
            imposers.append(pair)
    if not imposers:
        imposers = [(None, None)]
    how = measure.imposer_how
    if any(m.start < measure.sentence.start for m in measure.imposers):
        how = "pronoun"
    result = []
    for imposer, body in imposers:
        excluded = {imposer, body}
        targets = []
        for mention in measure.targets:
            entity_id = resolver.entity(mention, "target")
            if entity_id and entity_id not in excluded and entity_id not in targets:
                targets.append(entity_id)
        groups = []
        for raw in measure.groups:
            group = {k: v for k, v in raw.items() if k not in ("based_in", "affiliated_with")}
            if raw.get("based_in") is not None:
                group["based_in"] = resolver.entity(raw["based_in"], "target")
            affiliated = [resolver.entity(m, "target") for m in raw.get("affiliated_with", [])]
            if any(affiliated):
                group["affiliated_with"] = [a for a in dict.fromkeys(affiliated) if a]
            groups.append({k: v for k, v in group.items() if v is not None})
        result.append(
            Consolidated(
                [measure],
                measure.type,
                imposer,
                [body] if body else [],
                targets,
                groups,
                list(measure.goods),
                measure.announced,
                measure.effective,
                how,
                package_cue=measure.package_cue,
                countermeasure=measure.countermeasure,
                original=measure.original,
            )
        )
    return result


def _fill(into: Consolidated, other: Consolidated, *, targets: bool = True) -> None:
    if into.imposer is None and other.imposer is not None:
        into.imposer, into.how = other.imposer, "sentence"
        into.implemented_by = into.implemented_by or list(other.implemented_by)
    if targets and not into.targets and not into.groups:
        into.targets = [t for t in other.targets if t != into.imposer]
        into.groups = [dict(g) for g in other.groups]
    into.announced = into.announced or other.announced
    into.effective = into.effective or other.effective
    into.countermeasure = into.countermeasure or other.countermeasure


def _collapse_sentence(items: list[Consolidated]) -> list[Consolidated]:
    specific = [m for m in items if not m.generic]
    generic = [m for m in items if m.generic]
    kept = list(specific)
    for g in generic:
        governor = g.mentions[0].trigger
        while governor.pos_ not in ("VERB", "AUX") and governor.head.i != governor.i:
            governor = governor.head
        scope = {t.i for t in governor.subtree}
        partners = [
            s
            for s in specific
            if s.imposer in (None, g.imposer)
            and s.type not in SUPPORT
            and s.mentions[0].trigger.i in scope
        ]
        if partners:
            for s in partners:
                _fill(s, g)
            continue
        same = next((k for k in kept if k.generic and k.imposer == g.imposer), None)
        if same is not None:
            _merge(same, g)
        else:
            kept.append(g)
    return sorted(kept, key=lambda m: m.mentions[0].trigger.i)


def _packages(items: list[Consolidated]) -> None:
    for index, candidate in enumerate(items):
        if not (candidate.generic and candidate.package_cue and candidate.imposer):
            continue
        first = candidate.mentions[0].sentence
        for later in items[index + 1 :]:
            sentence = later.mentions[0].sentence
            if sentence.index > first.index + PACKAGE_WINDOW or sentence.segment != first.segment:
                break
            if (
                later.generic
                and later.package_cue
                and later.imposer
                and later.sentence > candidate.sentence
            ):
                break
            if (
                later.generic
                or later.package is not None
                or later.imposer not in (None, candidate.imposer)
            ):
                continue
            later.package = candidate
            candidate.is_package = True
            if later.imposer is None:
                later.imposer, later.how = candidate.imposer, "package"
                later.implemented_by = later.implemented_by or list(candidate.implemented_by)
            if later.announced is None and (candidate.announced or candidate.effective):
                later.date_from_package = True  # as kg.curate.inherit: kg:dateInheritedFrom
            later.announced = later.announced or candidate.announced or candidate.effective


def _inherit(items: list[Consolidated], window: int = 2) -> None:
    """A specific measure with no imposer ('The Irkut Corporation ... were also blacklisted')
    takes the imposer of the measure told just before it in the same segment."""
    for index, item in enumerate(items):
        if item.imposer is not None or item.generic:
            continue
        sentence = item.mentions[0].sentence
        for earlier in reversed(items[:index]):
            other = earlier.mentions[0].sentence
            if other.index < sentence.index - window or other.segment != sentence.segment:
                break
            if earlier.imposer is not None and not earlier.is_package:
                item.imposer, item.how = earlier.imposer, "previous"
                item.implemented_by = item.implemented_by or list(earlier.implemented_by)
                break


def _tidy(item: Consolidated, first_mover: dict[frozenset[str], str]) -> None:
    """Targets never include the imposer. Between two parties, the sanctioner is the one whose
    measures the text names as responded to, or that another's countermeasure answers; only when
    the text says neither, the one it shows acting first. The other's measures against it are
    countermeasures, unless the sentence names them as the original."""
    drop = {item.imposer, *item.implemented_by}
    item.targets = [t for t in item.targets if t not in drop]
    if item.type in SUPPORT or item.imposer is None or item.original:
        return
    for target in item.target_ids():
        if first_mover.get(frozenset((item.imposer, target))) == target:
            item.countermeasure = True


def _first_movers(kept: list[Consolidated]) -> dict[frozenset[str], str]:
    """Per pair of parties, who acted first: explicit cues before mention order."""
    first: dict[frozenset[str], str] = {}
    for item in kept:  # explicit: an original is the first mover, a countermeasure's target is
        if item.type in SUPPORT or not item.imposer or not (item.original or item.countermeasure):
            continue
        for target in item.target_ids() - {item.imposer}:
            mover = item.imposer if item.original else target
            first.setdefault(frozenset((item.imposer, target)), mover)
    for item in sorted(kept, key=lambda k: k.sentence):
        if item.type not in SUPPORT and item.imposer:
            for target in item.target_ids() - {item.imposer}:
                first.setdefault(frozenset((item.imposer, target)), item.imposer)
    return first


def _concrete(item: Consolidated, resolver: Resolver) -> bool:
    """The measure names whom or what it hits (not only an agreement)."""
    named = [t for t in item.targets if resolver.kind(t) != "agreement"]
    return bool(named or item.groups or item.goods)


def _refine_listings(kept: list[Consolidated], window: int = 3) -> list[Consolidated]:
    """'The blacklist has been expanded' near 'freezes the assets of ...' by the same imposer is
    that freeze: a listing that says no more merges into the typed measure it sits beside."""
    result = []
    for item in kept:
        if item.type == "listing":
            near = [
                k
                for k in kept
                if k is not item
                and k.type in LISTING_MEANS
                and item.imposer in (None, k.imposer)
                and k.mentions[0].sentence.segment == item.mentions[0].sentence.segment
                and abs(k.sentence - item.sentence) <= window
            ]
            near.sort(key=lambda k: (LISTING_MEANS.index(k.type), abs(k.sentence - item.sentence)))
            partner = near[0] if near else None
            if partner is not None:
                _merge(partner, item)
                continue
        result.append(item)
    return result


def _infer_imposers(kept: list[Consolidated]) -> None:
    """A measure with no imposer stated takes the article's only imposer, flagged as inferred
    (lower confidence); with two or more imposers in the article it stays unknown."""
    imposers = {k.imposer for k in kept if k.imposer}
    for item in kept:
        if item.imposer is None:
            if len(imposers) == 1 and not item.target_ids() & imposers:
                item.imposer, item.how = next(iter(imposers)), "inferred"
            else:
                item.how = "unknown"


def _compatible(a: Consolidated, b: Consolidated) -> bool:
    if a.type != b.type or a.imposer != b.imposer or a.is_package or b.is_package:
        return False
    if a.sentence == b.sentence:
        return False
    for name in ("announced", "effective"):
        x, y = getattr(a, name), getattr(b, name)
        if x is not None and y is not None and x != y:
            return False
    if a.goods and b.goods and not set(a.goods) & set(b.goods):
        return False  # "bans on exports of X" and, later, "of Y": two bans
    ids_a, ids_b = a.target_ids() - {a.imposer}, b.target_ids() - {b.imposer}
    return not ((ids_a or a.groups) and (ids_b or b.groups) and not ids_a & ids_b)


def _merge(into: Consolidated, other: Consolidated) -> None:
    into.mentions.extend(m for m in other.mentions if m not in into.mentions)
    into.targets.extend(t for t in other.targets if t not in into.targets)
    known = {g["description"] for g in into.groups}
    into.groups.extend(g for g in other.groups if g["description"] not in known)
    into.goods.extend(g for g in other.goods if g not in into.goods)
    into.implemented_by.extend(b for b in other.implemented_by if b not in into.implemented_by)
    into.announced = into.announced or other.announced
    into.effective = into.effective or other.effective
    into.package = into.package or other.package
    into.package_cue = into.package_cue or other.package_cue
    into.countermeasure = into.countermeasure or other.countermeasure


def consolidate(measures: list[MeasureMention], resolver: Resolver) -> list[Consolidated]:
    """Measures and packages of a document, in the order the text first tells them."""
    by_sentence: dict[int, list[Consolidated]] = {}
    for measure in measures:
        by_sentence.setdefault(measure.sentence.index, []).extend(_resolve(measure, resolver))
    items = [m for index in sorted(by_sentence) for m in _collapse_sentence(by_sentence[index])]
    _packages(items)
    _inherit(items)
    kept: list[Consolidated] = []
    for item in items:
        if item.imposer is None and (item.generic or not _concrete(item, resolver)):
            continue  # a measure with neither imposer nor whom it hits tells nothing
        if (
            item.generic
            and not item.is_package
            and not (item.target_ids() or item.groups or item.announced or item.effective)
        ):
            continue
        partner = next((k for k in kept if _compatible(k, item)), None)
        if partner is not None:
            _merge(partner, item)
        else:
            kept.append(item)
    kept = _refine_listings(kept)
    _infer_imposers(kept)
    first_mover = _first_movers(kept)
    for item in kept:
        _tidy(item, first_mover)
    return kept
