"""What a trigger word is and what its phrase covers: the first step of measures.py.

A verb or noun of kg/lexicon/measures.yaml is an action ("ban", "freeze"); the words it
acts on, found breadth first through the parse (its object, its on/to/against phrases, the object
of the verb it hangs on), give the object class ("export") and hold the targets. Reason phrases
("over its invasion of X") and conjoined verbs (another measure) are not part of the phrase.
"""

from __future__ import annotations

from kg.extract.attach import SKIP
from kg.extract.cues import is_reason
from kg.extract.words import Word
from kg.lexicon import Lexicon

__all__ = [
    "NO_FACT_SEGMENTS",
    "TARGET_PREPS",
    "action_of",
    "conjuncts",
    "doer_named",
    "object_of",
    "phrase_of",
]

NO_FACT_SEGMENTS = frozenset({"reader-comments", "page-chrome"})
TARGET_PREPS = frozenset(
    {"on", "against", "to", "from", "with", "of", "for", "into", "toward", "towards"}
)


def action_of(token: Word, lex: Lexicon) -> str | None:
    lemma = token.lemma
    if token.pos_ == "ADJ" and token.dep_ == "acomp":  # "will be frozen", tagged as adjective
        return lex.verb_actions.get(lex.participles.get(token.lower_, ""))
    if token.pos_ in ("VERB",):
        particles = [c.lower_ for c in token.children if c.dep_ == "prt"]
        for particle in particles:
            if f"{lemma} {particle}" in lex.verb_actions:
                return lex.verb_actions[f"{lemma} {particle}"]
        return lex.verb_actions.get(lemma)
    if token.pos_ in ("NOUN", "PROPN"):
        for child in token.children:
            if child.dep_ in ("amod", "compound"):
                key = f"{child.lemma} {lemma}"
                if key in lex.noun_actions:
                    return lex.noun_actions[key]
        if lemma in lex.noun_actions and " " not in lemma:
            return lex.noun_actions[lemma]
        if token.lower_ == "sanctions":
            return lex.noun_actions.get("sanction")
    return None


def phrase_of(trigger: Word) -> list[Word]:
    """The trigger's phrase, breadth first: what it acts on, not who acts or why."""
    found: list[Word] = []
    queue = [c for c in trigger.children if c.dep_ not in SKIP and c.dep_ != "poss"]
    noun = trigger
    while noun.dep_ == "conj" and noun.head.i != noun.i:  # "imposing sanctions and bans on X"
        noun = noun.head
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.pos_ == "VERB":
        queue += [
            c
            for c in noun.head.children
            if (c.dep_ == "dative" or (c.dep_ == "prep" and c.lower_ in TARGET_PREPS))
            and c not in queue
        ]
    if trigger.dep_ == "acl" and trigger.tag_ == "VBN" and trigger.head.pos_ in ("NOUN", "PROPN"):
        found.append(trigger.head)  # "Mobarakeh, previously blacklisted by Washington"
    if trigger.pos_ == "ADJ":  # "the assets ... will be frozen": the subject is the object
        queue += [c for c in trigger.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    verb = trigger.head.head
    if trigger.dep_ == "pobj" and trigger.head.lower_ in ("to", "on") and verb.pos_ == "VERB":
        queue += [c for c in verb.children if c.dep_ == "dobj"]  # "added X to its list"
    while queue:
        node = queue.pop(0)
        if node.dep_ == "conj" and node.pos_ == "VERB":
            continue  # "breaking off cooperation ... and imposing sanctions": another measure
        if is_reason(node):
            continue  # "over its invasion of Georgia": why, not whom
        found.append(node)
        queue.extend(c for c in node.children if c.dep_ not in SKIP)
    return found


def object_of(trigger: Word, phrase: list[Word], lex: Lexicon) -> tuple[str | None, Word | None]:
    """The object class of the trigger's phrase and the token that gave it."""
    if trigger.lemma in lex.object_words and trigger.pos_ == "NOUN":
        return None, None  # "exports were banned" is handled from the verb
    found = [(lex.object_words[n.lemma], n) for n in phrase[:12] if n.lemma in lex.object_words]
    for wanted in lex.object_priority:
        for obj, node in found:
            if obj == wanted:
                return obj, node
    return found[0] if found else (None, None)


def conjuncts(node: Word | None, obj: str | None, lex: Lexicon) -> list[Word]:
    """Objects conjoined with `node` of the same class: 'suspended the agreement on X, as well as
    the agreement on Y' tells two suspensions."""
    if node is None or obj is None:
        return []
    return [c for c in node.children if c.dep_ == "conj" and lex.object_words.get(c.lemma) == obj]


def doer_named(trigger: Word, lex: Lexicon) -> bool:
    """The clause names its doer with a common noun that is no entity ("Western countries and
    their allies have been supplying ..."): the imposer is stated, only not as one state, so
    it must not be guessed from the rest of the article."""

    def agentive(word: Word) -> bool:
        lemma = word.lemma
        return word.pos_ == "NOUN" and (
            lemma in lex.agent_nouns or lemma in lex.group_nouns or lemma in lex.government_bodies
        )

    node = trigger
    for _ in range(12):
        if node is not trigger and agentive(node):
            return True  # "entities responsible for drone deliveries": what the entities did
        if node.dep_ == "acl" and node.tag_ == "VBG":
            return agentive(node.head)  # "entities supplying drones": the entities do it
        if node.pos_ in ("VERB", "AUX"):
            subjects = [c for c in node.children if c.dep_ == "nsubj"]
            if subjects:
                return agentive(subjects[0])
            if node.dep_ not in ("conj", "xcomp", "advcl"):
                return False
        if node.head.i == node.i:
            return False
        node = node.head
    return False
