"""Who answers whom: sanction or countermeasure between two parties, and imposers left unstated.

Explicit cues decide first (a measure named as what is responded to, or a countermeasure and its
target); mention order only where the text says neither. A measure with no imposer takes the
article's only imposer, flagged as inferred, or stays unknown.
"""

from __future__ import annotations

from kg.extract.consolidated import SUPPORT, Consolidated
from kg.extract.facts import Resolver

__all__ = ["concrete", "first_movers", "infer_imposers", "tidy"]


def tidy(item: Consolidated, first_mover: dict[frozenset[str], str]) -> None:
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


def first_movers(kept: list[Consolidated]) -> dict[frozenset[str], str]:
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


def concrete(item: Consolidated, resolver: Resolver) -> bool:
    """The measure names whom or what it hits (not only an agreement)."""
    named = [t for t in item.targets if resolver.kind(t) != "agreement"]
    return bool(named or item.groups or item.goods)


def infer_imposers(kept: list[Consolidated]) -> None:
    """A measure with no imposer stated takes the article's only imposer, flagged as inferred
    (lower confidence); with two or more imposers in the article it stays unknown."""
    imposers = {k.imposer for k in kept if k.imposer}
    for item in kept:
        if item.imposer is None:
            if len(imposers) == 1 and not item.target_ids() & imposers:
                item.imposer, item.how = next(iter(imposers)), "inferred"
            else:
                item.how = "unknown"
