"""Government bodies the gazetteer lacks act for a state: which one.

"The Treasury Department froze ..." is a measure of the United States, implemented by the
Treasury; the body itself imposes nothing in its own name. The state comes from the body's own
name ("The U.S. Treasury Department"), a state written right before it ("Britain's Foreign
Office"), or the same body written with its state elsewhere in the document (a headline's
"Treasury Department" after the body's "The U.S. Treasury Department"). What the document says
nowhere is left to discourse.py, which takes the article's only imposing state, or none.
"""

from __future__ import annotations

from kg.extract.mentions import Mention, Mentions
from kg.lexicon import Lexicon
from kg.link.gazetteer import Gazetteer

__all__ = ["BodyStates", "is_body"]

BODY_LABELS = frozenset({"ORG", "FAC"})
POSSESSIVE = ("'s", "\u2019s")


def _words(text: str) -> list[str]:
    words = text.replace("\u2019", "'").split()
    if words and words[-1].endswith("'s"):
        words[-1] = words[-1][:-2]
    return words


def is_body(mention: Mention, lex: Lexicon) -> bool:
    """An unlinked organization name whose head word names a government body."""
    if mention.entity_id or mention.label not in BODY_LABELS:
        return False
    words = _words(mention.text)
    return bool(words) and words[-1].lower().strip(".,") in lex.government_bodies


class BodyStates:
    """The state each government body of one document acts for, as the document writes it."""

    def __init__(self, mentions: Mentions, gaz: Gazetteer, lex: Lexicon) -> None:
        self.gaz = gaz
        self.lex = lex
        self.mentions = mentions
        self.by_name: dict[str, str | None] = {}
        for index, mention in enumerate(mentions.items):
            if not is_body(mention, lex):
                continue
            state = self._own_state(mention, mentions.items[index - 1] if index else None)
            if state is None:
                continue
            for key in self._keys(mention):
                if self.by_name.setdefault(key, state) != state:
                    self.by_name[key] = None  # two states write this body: it says nothing

    def _state_word(self, word: str) -> str | None:
        word = word.strip(",")
        ids = self.gaz.candidates(word) or (
            {self.gaz.demonyms[word]} if word in self.gaz.demonyms else set()
        )
        states = [i for i in ids if self.gaz.entities[i].kind == "state"]
        return states[0] if len(states) == 1 else None

    def _own_state(self, mention: Mention, before: Mention | None) -> str | None:
        for word in _words(mention.text)[:-1]:
            state = self._state_word(word)
            if state is not None:
                return state
        if (
            before is not None
            and before.paragraph == mention.paragraph
            and before.entity_id
            and self.gaz.entities[before.entity_id].kind == "state"
            and 0 <= mention.token_start - before.token_end <= 1
            and (
                mention.token_start == before.token_end
                or before.text.endswith(POSSESSIVE)
                or mention.start - before.end <= 3
            )
        ):
            return (
                before.entity_id
            )  # "U.S." + "Treasury Department", "Britain's" + "Foreign Office"
        return None

    def _keys(self, mention: Mention) -> list[str]:
        words = [
            w.lower()
            for w in _words(mention.text)
            if w.lower() != "the" and self._state_word(w) is None
        ]
        keys = [" ".join(words)]
        if len(words) > 1 and words[-1] in self.lex.government_bodies:
            keys.append(" ".join(words[:-1]))  # "Treasury Department" is also "the Treasury"
        return [k for k in keys if k]

    def state(self, mention: Mention) -> str | None:
        """The state `mention` (a body) acts for, or None when the document does not say."""
        index = next((i for i, m in enumerate(self.mentions.items) if m is mention), None)
        before = self.mentions.items[index - 1] if index else None
        own = self._own_state(mention, before)
        if own is not None:
            return own
        for key in self._keys(mention):
            if self.by_name.get(key):
                return self.by_name[key]
        return None
