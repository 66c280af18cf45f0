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

from kg.extract.consolidated import LISTING_MEANS, SUPPORT, Consolidated
from kg.extract.direction import concrete, first_movers, infer_imposers, tidy
from kg.extract.facts import Resolver
from kg.extract.measures import MeasureMention
from kg.extract.summaries import fold_headlines, fold_summaries, is_headline, states_for_bodies

__all__ = ["Consolidated", "consolidate"]

PACKAGE_WINDOW = 6  # sentences after a round's announcement that may detail it


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
    bodies = [b for b in (resolver.entity(m, "imposer") for m in measure.bodies) if b]
    result = []
    for imposer, body in imposers:
        excluded = {imposer, body, *bodies}
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
                list(dict.fromkeys([body, *bodies] if body else bodies)),
                targets,
                groups,
                list(measure.goods),
                measure.announced,
                measure.effective,
                how,
                package_cue=measure.package_cue,
                countermeasure=measure.countermeasure,
                original=measure.original,
                doer_named=measure.doer_named,
                body_only=imposer is None and bool(bodies),
                earlier=measure.earlier,
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
                or later.doer_named
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
            if item.doer_named:
                break  # "Western countries ... have been supplying": not the last imposer's
            if earlier.imposer is not None and not earlier.is_package:
                item.imposer, item.how = earlier.imposer, "previous"
                item.implemented_by = item.implemented_by or list(earlier.implemented_by)
                break


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
                and k.earlier == item.earlier
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


def _compatible(a: Consolidated, b: Consolidated) -> bool:
    if a.type != b.type or a.imposer != b.imposer or a.is_package or b.is_package:
        return False
    if a.earlier != b.earlier:
        return False  # "previously blacklisted" is not the listing told today
    if a.sentence == b.sentence:
        return False
    for name in ("announced", "effective"):
        x, y = getattr(a, name), getattr(b, name)
        if x is not None and y is not None and x != y:
            return False
    if a.goods and b.goods and not set(a.goods) & set(b.goods):
        return False  # "bans on exports of X" and, later, "of Y": two bans
    ids_a, ids_b = a.target_ids() - {a.imposer}, b.target_ids() - {b.imposer}
    return not (ids_a and ids_b and not ids_a & ids_b)  # groups alone say not who is hit


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
    states_for_bodies(items, resolver)
    _packages(items)
    _inherit(items)
    kept: list[Consolidated] = []
    index: dict[tuple[str, str | None], list[Consolidated]] = {}  # (type, imposer) -> kept
    headlines = [i for i in items if is_headline(i) and not i.is_package]
    for item in items:
        if item in headlines:
            continue  # folded once the body's measures are known
        if item.imposer is None and (
            item.generic or item.doer_named or not concrete(item, resolver)
        ):
            continue  # no imposer and nothing it hits, or a doer that is no entity
        if (
            item.generic
            and not item.is_package
            and not (item.target_ids() or item.groups or item.announced or item.effective)
        ):
            continue
        same = index.setdefault((item.type, item.imposer), [])
        partner = next((k for k in same if _compatible(k, item)), None)
        if partner is not None:
            _merge(partner, item)
        else:
            kept.append(item)
            same.append(item)
    kept = fold_summaries(_refine_listings(kept))
    kept = fold_headlines([h for h in headlines if h.imposer is not None], kept)
    infer_imposers(kept)
    first_mover = first_movers(kept)
    for item in kept:
        tidy(item, first_mover)
    return kept
