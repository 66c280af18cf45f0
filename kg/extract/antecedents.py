"""Who "it", "they" and "the expert" are: entities last named as subjects, and the walk up the
parse that clauses.py and cues.py share.

`Antecedents` remembers the entities named as subjects or speakers sentence by sentence and
resolves a pronoun to the latest one of a fitting kind within a few sentences (the same-sentence
case, "Canada said it had banned", is decided by the parse in clauses.py first).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from kg.extract.mentions import Mention
from kg.extract.words import Word
from kg.link.gazetteer import Gazetteer

__all__ = ["PRONOUNS", "RELATIVE", "Antecedents", "chain", "is_anti"]

PRONOUNS = {
    "it": {"state", "organization"},
    "its": {"state", "organization"},
    "they": {"state", "organization", "person"},
    "their": {"state", "organization", "person"},
    "them": {"state", "organization", "person"},
    "he": {"person"},
    "his": {"person"},
    "him": {"person"},
    "she": {"person", "state"},
    "her": {"person", "state"},
}
RELATIVE = frozenset({"which", "who", "that", "whom"})


def chain(token: Word) -> Iterator[Word]:
    """The token and its heads up to the sentence root."""
    seen = 0
    while True:
        yield token
        if token.head.i == token.i or seen > 40:
            return
        token = token.head
        seen += 1


def is_anti(token: Word) -> bool:
    """'anti-Iranian', 'anti-Pyongyang' (one token or three)."""
    if token.lower_.startswith("anti"):
        return True
    before = token.parse.text_of(max(0, token.i - 2), token.i).lower().replace(" ", "")
    return before.endswith("anti-") or before.endswith("anti")


@dataclass
class Antecedents:
    """Entities last named as subjects or speakers, for pronouns and anaphoric nominals."""

    gaz: Gazetteer
    recent: list[tuple[int, Mention]] = field(default_factory=list)

    def add(self, sentence: int, mention: Mention) -> None:
        if mention.entity_id or mention.label in ("PERSON", "ORG", "GPE"):
            self.recent.append((sentence, mention))

    def kind(self, mention: Mention) -> str | None:
        info = self.gaz.entities.get(mention.entity_id or "")
        if info is not None:
            return info.kind
        return {"PERSON": "person", "ORG": "organization", "GPE": "state"}.get(mention.label)

    def resolve(
        self, kinds: set[str], sentence: int, before: int | None = None, window: int = 3
    ) -> Mention | None:
        for index, mention in reversed(self.recent):
            if index < sentence - window:
                return None
            if index == sentence and before is not None and mention.start >= before:
                continue
            if self.kind(mention) in kinds:
                return mention
        return None
