"""Entity linking: a mention's text (and its NER label) -> canonical nodes, with a score.

In order: a gazetteer name (exact, case rules for acronyms), a demonym, a folded key (diacritics,
Cyrillic, honorifics and transliteration variants folded away: "Сергей Лавров" and "Sergei
Lavrov" both fold to "sergey lavrov"), then fuzzy matching above a threshold among entities whose
kind fits the NER label. The NER label only narrows fuzzy candidates; the kind of a linked node is
the node's own, and a role (imposer, speaker) is checked against it afterwards (`fits`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from kg.lexicon import Lexicon, lexicon
from kg.link.gazetteer import Gazetteer

__all__ = ["FUZZY_THRESHOLD", "ROLE_KINDS", "Link", "Linker", "fits", "fold"]

FUZZY_THRESHOLD = 88.0
CACHE_SIZE = 50_000  # mention texts remembered per linker
# which entity kinds an NER label may be, for fuzzy candidates only
LABEL_KINDS = {
    "PERSON": {"person"},
    "ORG": {"organization", "post"},
    "GPE": {"state", "territory"},
    "LOC": {"territory", "state"},
    "FAC": {"organization", "territory"},
    "NORP": {"state", "organization"},
}
# which entity kinds can fill a role of a fact
ROLE_KINDS = {
    "imposer": {"state", "organization"},
    "speaker": {"state", "organization", "person"},
    "target": {"state", "organization", "person", "territory"},
    "about": {"state", "organization", "person", "territory", "post"},
}
_PUNCT = re.compile(r"[^\w\s-]+")


@dataclass(frozen=True)
class Link:
    id: str
    score: float
    method: str  # alias | demonym | folded | fuzzy


def fits(kind: str, role: str) -> bool:
    return kind in ROLE_KINDS.get(role, set())


def fold(text: str, lex: Lexicon | None = None) -> str:
    """A matching key: Latin letters, lowercase, no honorifics, one spelling per name part."""
    lex = lex or lexicon()
    text = "".join(lex.cyrillic.get(c, lex.cyrillic.get(c.lower(), c)) for c in text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = _PUNCT.sub(" ", text.lower().replace("\u2019", "'").replace("'s ", " "))
    words = text.split()
    changed = True
    while changed and len(words) > 1:
        changed = False
        for title in lex.honorifics:
            parts = title.split()
            if words[: len(parts)] == parts and len(words) > len(parts):
                words = words[len(parts) :]
                changed = True
    folded = []
    for word in words:
        group = next((g for g in lex.name_parts if word in (p.lower() for p in g)), None)
        word = group[0].lower() if group else word
        for endings in lex.endings:
            for ending in endings[1:]:
                if word.endswith(ending) and len(word) > len(ending) + 2:
                    word = word[: -len(ending)] + endings[0]
                    break
        folded.append(word)
    return " ".join(folded)


class Linker:
    """Links mention texts to the gazetteer's entities."""

    def __init__(
        self, gazetteer: Gazetteer, lex: Lexicon | None = None, threshold: float = FUZZY_THRESHOLD
    ):
        self.gaz = gazetteer
        self.lex = lex or lexicon()
        self.threshold = threshold
        self.keys: dict[str, set[str]] = {}
        for surface, ids in gazetteer.names.items():
            if surface in gazetteer.exact:
                continue  # acronyms never fold or fuzz: "US" is not "us"
            self.keys.setdefault(fold(surface, self.lex), set()).update(ids)
        self._by_kind: dict[str, list[str]] = {}
        for key, ids in self.keys.items():
            for entity_id in ids:
                kind = gazetteer.entities[entity_id].kind
                self._by_kind.setdefault(kind, []).append(key)
        # Bounded, least recently used first out: a corpus of years of news has millions of
        # distinct mention texts, and each entry is cheap to recompute.
        self._cache: OrderedDict[tuple[str, str | None], list[Link]] = OrderedDict()
        self._choices: dict[frozenset[str], list[str]] = {}

    def link(self, text: str, label: str | None = None) -> list[Link]:
        """Candidate links for a mention, best first (several when the name is ambiguous)."""
        key = (text, label)
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        links = self._cache[key] = self._link(text, label)
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return links

    def _fuzzy_choices(self, kinds: frozenset[str]) -> list[str]:
        """The folded names of entities of `kinds`, sorted once per set of kinds."""
        if kinds not in self._choices:
            names = {k for kind in kinds for k in self._by_kind.get(kind, [])}
            self._choices[kinds] = sorted(names)
        return self._choices[kinds]

    def _link(self, text: str, label: str | None) -> list[Link]:
        exact = self.gaz.candidates(text)
        if exact:
            return [Link(i, 1.0, "alias") for i in sorted(exact)]
        bare = text[4:] if text.lower().startswith("the ") else text
        exact = self.gaz.candidates(bare)
        if exact:
            return [Link(i, 1.0, "alias") for i in sorted(exact)]
        if text in self.gaz.demonyms:
            return [Link(self.gaz.demonyms[text], 0.9, "demonym")]
        folded = fold(text, self.lex)
        if not folded:
            return []
        if folded in self.keys:
            return [Link(i, 0.95, "folded") for i in sorted(self.keys[folded])]
        if len(folded) < 5:
            return []
        kinds = LABEL_KINDS.get(label or "", set(self._by_kind))
        best = process.extractOne(
            folded,
            self._fuzzy_choices(frozenset(kinds)),
            scorer=fuzz.token_sort_ratio,
            score_cutoff=self.threshold,
        )
        if best is None:
            return []
        # a title is never matched fuzzily: "Foreign Ministry" is not "Foreign Minister"
        ids = [
            i
            for i in sorted(self.keys[best[0]])
            if self.gaz.entities[i].kind in kinds and self.gaz.entities[i].kind != "post"
        ]
        return [Link(i, round(best[1] / 100 * 0.9, 3), "fuzzy") for i in ids]
