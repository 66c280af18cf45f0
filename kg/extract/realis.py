"""Did it happen? Why a measure or statement trigger must not become a fact.

Negation, a hypothetical "if", a modal ("could ban"), a wish, demand, denial or accusation
("denied allegations that it had supplied ..."), a question, or a measure noun or participle
that only refers to an existing measure ("despite the sanctions", "a blacklisted entity") keep
the trigger from reporting a measure.
Looked for on the path from the trigger up to its clause's main verb.
"""

from __future__ import annotations

from kg.extract.antecedents import chain
from kg.extract.sentences import Sentence
from kg.extract.words import Word
from kg.lexicon import Lexicon

__all__ = ["blocked"]


def _reported_future(verb: Word, modal: str, lex: Lexicon) -> bool:
    """'announced that it would ban': 'would' is the future of a reported decision."""
    if modal != "would" or verb.dep_ != "ccomp":
        return False
    head = verb.head.lemma
    return head in lex.imposing_verbs or head in lex.speech_verbs


def blocked(trigger: Word, sentence: Sentence, lex: Lexicon) -> str | None:
    """Why the trigger does not report a measure that happened, or None."""
    if sentence.text.rstrip(" ”\"'").endswith("?"):
        return "question"
    if trigger.dep_ == "amod" and trigger.tag_ == "VBN":
        return "reference"  # "a blacklisted Iranian entity": a measure taken, not one told here
    for position, node in enumerate(chain(trigger)):
        for child in node.children:
            word = child.lower_
            if child.dep_ == "neg" or (
                child.dep_ in ("det", "advmod", "preconj") and word in lex.negation
            ):
                return "negation"
            if child.dep_ == "mark" and word in lex.hypothetical_marks:
                return "hypothetical"
            if child.dep_ == "aux" and word in lex.modals and not _reported_future(node, word, lex):
                return "modal"
        if position > 0 and node.lemma in lex.irrealis_verbs:
            return "irrealis"
        # "despite restrictive measures": the trigger noun sits right in such a phrase
        if 0 < position <= 2 and node.dep_ == "prep" and node.lower_ in lex.reference_preps:
            return "reference"
    return None
