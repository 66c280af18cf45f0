"""Precision, recall and F1, and a one-to-one matching of predicted to gold items."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["Score", "match"]

P = TypeVar("P")
G = TypeVar("G")


@dataclass
class Score:
    """Counts of true positives, false positives and false negatives, micro-averaged."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def match(
    predicted: Sequence[P], gold: Sequence[G], same: Callable[[P, G], bool]
) -> list[tuple[int, int]]:
    """A maximum one-to-one matching (augmenting paths): each gold item is matched at most once,
    so two predictions of the same gold fact count one hit and one false positive."""
    edges = [[g for g, item in enumerate(gold) if same(p, item)] for p in predicted]
    owner: dict[int, int] = {}

    def augment(p: int, seen: set[int]) -> bool:
        for g in edges[p]:
            if g in seen:
                continue
            seen.add(g)
            if g not in owner or augment(owner[g], seen):
                owner[g] = p
                return True
        return False

    for p in range(len(predicted)):
        augment(p, set())
    return sorted((p, g) for g, p in owner.items())


def score(
    predicted: Sequence[P], gold: Sequence[G], same: Callable[[P, G], bool]
) -> tuple[Score, list[tuple[int, int]]]:
    pairs = match(predicted, gold, same)
    return Score(len(pairs), len(predicted) - len(pairs), len(gold) - len(pairs)), pairs
