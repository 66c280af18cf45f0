"""Why a measure was taken and what it answers: reason phrases and countermeasure cues.

"Over its invasion of X" gives the cause, not a target; "in response to sanctions by X" makes the
measures inside it the original and the clause it modifies the countermeasure. Decided by the
parse, never by which side a sentence names first.
"""

from __future__ import annotations

from kg.extract.antecedents import chain
from kg.extract.words import Word
from kg.lexicon import Lexicon

__all__ = ["REASON_NOUNS", "REASON_PREPS", "governor", "is_reason", "responds"]

# prepositions that introduce why a measure was taken ("over its invasion of X")
REASON_PREPS = frozenset(
    {
        "over",
        "after",
        "amid",
        "because",
        "despite",
        "following",
        "due",
        "since",
        "as",
        "until",
        "within",
        "inside",
        "throughout",
    }
)
REASON_NOUNS = frozenset(
    {
        "response",
        "retaliation",
        "reply",
        "protest",
        "connection",
        "wake",
        "support",
        "role",
        "involvement",
        "invasion",
        "annexation",
        "aggression",
        "war",
        "crackdown",
        "repression",
        "violation",
        "attack",
        "action",
        "activity",
        "behaviour",
        "behavior",
    }
)


def is_reason(node: Word) -> bool:
    """A phrase that gives the cause or the occasion of a measure, not what it acts on."""
    if node.dep_ not in ("prep", "advcl", "pcomp") and not (
        node.dep_ == "mark" and node.lower_ in REASON_PREPS
    ):
        return False
    word = node.lower_
    if word in REASON_PREPS:
        return True
    if word == "for" and any(c.dep_ == "pcomp" for c in node.children):
        return True  # "for supporting Russia", "for helping Iran evade sanctions"
    objects = [c for c in node.children if c.dep_ == "pobj"]
    return word in ("in", "for") and any(o.lemma in REASON_NOUNS for o in objects)


def governor(token: Word) -> Word:
    node = token
    while node.pos_ not in ("VERB", "AUX") and node.head.i != node.i:
        node = node.head
    return node


def responds(trigger: Word, cues: list[Word], lex: Lexicon) -> bool | None:
    """True: the trigger is a countermeasure ('retaliatory sanctions', 'in response, X banned');
    False: it is what is responded to ('in response to sanctions by X', 'after Japan froze');
    None: the text does not say. Decided by the parse, never by which side is named first."""
    if trigger.lemma in lex.countermeasure_cues:
        return True
    if any(c.lemma in lex.countermeasure_cues for c in trigger.children):
        return True  # "retaliatory sanctions", "mirror measures"
    ancestors = {t.i for t in chain(trigger)}
    verb = governor(trigger)
    for cue in cues:
        if cue.i in ancestors:
            return False  # the trigger sits inside "in response to ..."
    for cue in cues:
        head = governor(cue)
        if head.i == verb.i or (verb.dep_ == "conj" and verb.head.i == head.i):
            return True
    if (
        any(
            (t.dep_ in ("advcl", "prep", "pcomp") and t.lower_ in ("after", "following"))
            or any(m.dep_ == "mark" and m.lower_ in ("after", "since") for m in t.children)
            for t in chain(trigger)
        )
        and cues
    ):
        return False  # "... after Japan froze Russian assets": the earlier measure
    return None
