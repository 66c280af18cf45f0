"""Document-level cleanup of discourse.py: whose body acts, and which generic mentions only sum up.

Two jobs, both about the same measure told in several ways:
- a government body with no state in the text ("the Treasury Department") acts for the article's
  only state that imposes something, or else for the only state the article names that no
  measure hits; otherwise its measures keep no imposer;
- a generic "sanctions on X" that only sums up specific measures of the same imposer is folded
  into them (its targets, groups and dates fill what they lack, its sentences become their
  evidence) instead of standing as one more measure: the headline's "Japan adopts sanctions on
  North Korea" above the freeze it announces; "The sanctions freeze ..." right after "issued
  sanctions on seven individuals"; "sanctions on three individuals and one entity" beside "freeze
  the assets of 3 individuals and 1 entity".
"""

from __future__ import annotations

from kg.extract.consolidated import SUPPORT, Consolidated
from kg.extract.facts import Resolver
from kg.extract.measures import MeasureMention

__all__ = ["fold_headlines", "fold_summaries", "is_headline", "states_for_bodies"]

ELABORATION_WINDOW = 3  # sentences between a generic mention and the one that says what it is


def states_for_bodies(items: list[Consolidated], resolver: Resolver) -> None:
    """Give measures imposed by a state-less government body the article's state, when there
    is exactly one candidate; never guess between two."""
    stating = {i.imposer for i in items if i.imposer and resolver.kind(i.imposer) == "state"}
    hit = {t for i in items for t in i.target_ids()}
    for item in items:
        if not item.body_only:
            continue
        candidates = stating - item.target_ids()
        if len(candidates) != 1:
            candidates = set(item.mentions[0].document_states) - hit
        if len(candidates) == 1:
            item.imposer, item.how = next(iter(candidates)), "body"
        item.body_only = False


def _headline(mention: MeasureMention) -> bool:
    """The document's first line when it reads as a headline (no final stop)."""
    sentence = mention.sentence
    text = sentence.text.strip().rstrip("\"'\u201d\u2019")
    return sentence.index == 0 and not text.endswith((".", "!", "?", ":"))


def _counts(item: Consolidated) -> set[int]:
    return {g["count"] for g in item.groups if "count" in g}


def _elaborates(item: Consolidated, after: int) -> bool:
    """'The sanctions freeze any property ...', 'The British sanctions, which prohibit ...': the
    specific measure's doer is a generic measure noun, so it says what the sanctions told just
    before (in sentence `after`, at most a few sentences earlier) are."""
    return any(
        m.elaborates and 0 < m.sentence.index - after <= ELABORATION_WINDOW for m in item.mentions
    )


def _fits(generic: Consolidated, specific: Consolidated) -> bool:
    """The specific measure may be what the generic one sums up: same imposer (or none), no
    target or date the two disagree on, both told as of now or both as earlier."""
    if specific.generic or specific.type in SUPPORT or specific.is_package:
        return False
    if specific.earlier != generic.earlier:
        return False
    if generic.imposer is not None and specific.imposer not in (None, generic.imposer):
        return False
    ids_g, ids_s = generic.target_ids(), specific.target_ids()
    if ids_g and ids_s and not ids_g & ids_s:
        return False
    for name in ("announced", "effective"):
        a, b = getattr(generic, name), getattr(specific, name)
        if (
            a is not None
            and b is not None
            and not (str(a).startswith(str(b)) or str(b).startswith(str(a)))
        ):
            return False
    return True


def _fold(generic: Consolidated, into: Consolidated) -> None:
    if into.imposer is None and generic.imposer is not None:
        into.imposer, into.how = generic.imposer, "sentence"
    if not into.targets:
        into.targets = [t for t in generic.targets if t != into.imposer]
    known = {g["description"] for g in into.groups}
    into.groups += [dict(g) for g in generic.groups if g["description"] not in known]
    into.announced = into.announced or generic.announced
    into.effective = into.effective or generic.effective
    into.mentions.extend(m for m in generic.mentions if m not in into.mentions)


def is_headline(item: Consolidated) -> bool:
    """A generic measure told only by the headline."""
    return item.generic and all(_headline(m) for m in item.mentions)


def fold_headlines(headlines: list[Consolidated], kept: list[Consolidated]) -> list[Consolidated]:
    """The headline sums up the story: its generic "X adopts sanctions on Y" goes into the first
    specific measure of X (its evidence; its target for those that name none), or into the round
    the body announces, and stands as a measure only when the body tells none of these."""
    for headline in headlines:
        rounds = [k for k in kept if k.is_package and k.imposer == headline.imposer]
        if rounds:  # the headline names the round the body announces
            _fold(headline, rounds[0])
            continue
        partners = [k for k in kept if _fits(headline, k)]
        if partners and headline.imposer is not None:
            _fold(headline, partners[0])
            for other in partners[1:]:
                if not other.targets and not other.groups:
                    other.targets = [t for t in headline.targets if t != other.imposer]
            continue
        same = [k for k in kept if k.generic and k.imposer == headline.imposer]
        if same and headline.imposer is not None:
            _fold(headline, same[0])
        else:
            kept.insert(0, headline)
    return kept


def fold_summaries(kept: list[Consolidated]) -> list[Consolidated]:
    """The document's measures without the generic mentions that only sum up specific ones."""
    folded: set[int] = set()
    for item in kept:
        if not item.generic or item.is_package or item.imposer is None:
            continue
        counts = _counts(item)
        partners = [
            k for k in kept if k is not item and _fits(item, k) and counts and _counts(k) == counts
        ]
        if not partners:
            segment = item.mentions[0].sentence.segment
            partners = [
                k
                for k in kept
                if k is not item
                and _fits(item, k)
                and _elaborates(k, max(m.sentence.index for m in item.mentions))
                and k.mentions[0].sentence.segment == segment
            ]
        for partner in partners:
            _fold(item, partner)
        if partners:
            folded.add(id(item))
    return [k for k in kept if id(k) not in folded]
