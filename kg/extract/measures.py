"""Stage: measure mentions in a sentence, from the trigger lexicon and the dependency parse.

A trigger (a verb or noun of kg/extract/lexicon/measures.yaml) combined with an object word in its
phrase gives a measure type ("ban" + "export" -> export-ban). The parse gives the imposer (the
subject, a passive "by", a possessive), the targets (entities in the object and its on/to/
against/from/with phrases), target groups ("35 individuals related to the Russian military"),
goods and dates. Triggers under a negation, an "if", a modal, a wish or demand, in a question or
in reader comments are dropped here. Document-level work (packages, merging) is in discourse.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Token

from kg.dates import PartialDate
from kg.extract.attach import GENERIC_GOODS, SKIP, depth_to, goods_in, measure_dates, path
from kg.extract.clauses import AGENT_KINDS, Clauses
from kg.extract.cues import is_reason, responds
from kg.extract.dates import DateMention
from kg.extract.lexicon import Frame, Lexicon
from kg.extract.mentions import Mention
from kg.extract.participants import demonym_target, group_of, state_of_agent
from kg.extract.sentences import Sentence

__all__ = ["MeasureFinder", "MeasureMention"]

NO_FACT_SEGMENTS = frozenset({"reader-comments", "page-chrome"})
TARGET_PREPS = frozenset(
    {"on", "against", "to", "from", "with", "of", "for", "into", "toward", "towards"}
)


@dataclass
class MeasureMention:
    """A measure as one sentence tells it; `imposers` are entity ids (or mentions to mint)."""

    sentence: Sentence
    trigger: Token
    frame: Frame
    imposers: list[Mention] = field(default_factory=list)
    imposer_how: str = "subject"
    targets: list[Mention] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)
    goods: list[str] = field(default_factory=list)
    announced: PartialDate | None = None
    effective: PartialDate | None = None
    package_cue: bool = False
    countermeasure: bool = False
    original: bool = False  # the text names it as what another measure responds to
    package: str | None = None  # set by discourse.py
    merged: list[MeasureMention] = field(default_factory=list)

    @property
    def generic(self) -> bool:
        return self.frame.type == "sanctions-unspecified"

    @property
    def type(self) -> str:
        return self.frame.type


def _action(token: Token, lex: Lexicon) -> str | None:
    lemma = token.lemma_.lower()
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
                key = f"{child.lemma_.lower()} {lemma}"
                if key in lex.noun_actions:
                    return lex.noun_actions[key]
        if lemma in lex.noun_actions and " " not in lemma:
            return lex.noun_actions[lemma]
        if token.lower_ == "sanctions":
            return lex.noun_actions.get("sanction")
    return None


def _phrase(trigger: Token) -> list[Token]:
    """The trigger's phrase, breadth first: what it acts on, not who acts or why."""
    found: list[Token] = []
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


def _object(trigger: Token, phrase: list[Token], lex: Lexicon) -> tuple[str | None, Token | None]:
    """The object class of the trigger's phrase and the token that gave it."""
    if trigger.lemma_.lower() in lex.object_words and trigger.pos_ == "NOUN":
        return None, None  # "exports were banned" is handled from the verb
    found = [
        (lex.object_words[n.lemma_.lower()], n)
        for n in phrase[:12]
        if n.lemma_.lower() in lex.object_words
    ]
    for wanted in lex.object_priority:
        for obj, node in found:
            if obj == wanted:
                return obj, node
    return found[0] if found else (None, None)


def _conjuncts(node: Token | None, obj: str | None, lex: Lexicon) -> list[Token]:
    """Objects conjoined with `node` of the same class: 'suspended the agreement on X, as well as
    the agreement on Y' tells two suspensions."""
    if node is None or obj is None:
        return []
    return [
        c
        for c in node.children
        if c.dep_ == "conj" and lex.object_words.get(c.lemma_.lower()) == obj
    ]


class MeasureFinder:
    """Finds measure mentions in one sentence."""

    def __init__(self, lex: Lexicon, clauses: Clauses) -> None:
        self.lex = lex
        self.clauses = clauses

    def find(self, sentence: Sentence, dates: list[DateMention]) -> list[MeasureMention]:
        if sentence.segment in NO_FACT_SEGMENTS:
            return []
        found = []
        cues = [t for t in sentence.span if t.lemma_.lower() in self.lex.countermeasure_cues]
        for token in sentence.span:
            action = _action(token, self.lex)
            if action is None or self.clauses.blocked(token, sentence):
                continue
            phrase = _phrase(token)
            obj, obj_token = _object(token, phrase, self.lex)
            if obj is None and action in self.lex.context_actions:
                obj = self._context_object(action, sentence)  # "blacklisted ... from entering"
            frame = self.lex.frame_for(action, obj) or self.lex.frame_for(action, None)
            countermeasure = responds(token, cues, self.lex)
            if frame is None:
                continue
            if frame.object is None:
                obj_token = None
            others = _conjuncts(obj_token, obj, self.lex)
            split = {t.i for o in others for t in o.subtree}
            parts = [[t for t in phrase if t.i not in split]] + [
                [t for t in phrase if t.i in {u.i for u in o.subtree}] for o in others
            ]
            made = [
                self._measure(sentence, token, frame, part, dates, countermeasure) for part in parts
            ]
            siblings = [m for m in made if m is not None]
            shared = next((m.targets for m in siblings if m.targets), [])
            for measure in siblings:  # conjoined objects share a target named once
                if not measure.targets and not measure.groups:
                    measure.targets = list(shared)
            found.extend(siblings)
        return found

    def _measure(
        self,
        sentence: Sentence,
        token: Token,
        frame: Frame,
        phrase: list[Token],
        dates: list[DateMention],
        countermeasure: bool | None,
    ) -> MeasureMention | None:
        measure = MeasureMention(
            sentence,
            token,
            frame,
            countermeasure=countermeasure is True,
            original=countermeasure is False,
        )
        self._agents(measure)
        self._targets(measure, phrase)
        if frame.needs_target and not self._direct_target(token, sentence):
            return None
        self._goods(measure, [token, *phrase])
        self._dates(measure, dates)
        cues = self.lex.package_cues
        measure.package_cue = token.pos_ == "NOUN" and (
            any(c.lemma_.lower() in cues for c in token.children)
            or (token.dep_ == "pobj" and token.head.head.lemma_.lower() in cues)
        )
        return measure

    def _context_object(self, action: str, sentence: Sentence) -> str | None:
        """The object class a sentence gives an action that names none ('blacklisted 12
        journalists, barring them from entering'): the first object word of the sentence that
        makes a frame with the action."""
        for token in sentence.span:
            obj = self.lex.object_words.get(token.lemma_.lower())
            if obj is None and token.lemma_.lower() in self.lex.entry_verbs:
                obj = "entry"
            if obj is not None and self.lex.frame_for(action, obj) is not None:
                return obj
        return None

    def _direct_target(self, trigger: Token, sentence: Sentence) -> bool:
        """The object itself names who is hit: 'freeze some individuals', 'Kamaz was frozen'."""
        heads = list(trigger.children)
        if trigger.dep_ == "pobj" and trigger.head.head.pos_ == "VERB":
            heads += [c for c in trigger.head.head.children if c.dep_ == "dobj"]
        for child in heads:
            if child.dep_ not in ("dobj", "nsubjpass"):
                continue
            for node in [child, *[c for c in child.children if c.dep_ == "conj"]]:
                if self.lex.group_nouns.get(node.lemma_.lower()):
                    return True
                mention = self.clauses.mentions.at(sentence.paragraph, node.i)
                if mention is not None and self.clauses.kind(mention) in AGENT_KINDS:
                    return True
        return False

    def _agents(self, measure: MeasureMention) -> None:
        token, sentence = measure.trigger, measure.sentence
        if token.pos_ == "VERB":
            agents = self.clauses.subject(token, sentence)
        else:
            agents = self.clauses.noun_agents(token, sentence)
        agents = [state_of_agent(a, sentence, self.clauses) for a in agents]
        measure.imposers = [a for a in agents if self.clauses.kind(a) in AGENT_KINDS]

    def _targets(self, measure: MeasureMention, phrase: list[Token]) -> None:
        sentence = measure.sentence
        imposer_ids = {m.entity_id for m in measure.imposers if m.entity_id}
        nodes = list(phrase)
        if measure.trigger.pos_ == "VERB":
            nodes += [c for c in measure.trigger.children if c.dep_ == "nsubjpass"]
            nodes += [
                d for c in measure.trigger.children if c.dep_ == "nsubjpass" for d in c.subtree
            ]
        if measure.frame.type in self.lex.support_types:  # aid goes *to* someone
            nodes = [
                n
                for n in nodes
                if any(
                    (a.dep_ in ("prep", "dative") and a.lower_ in ("to", "for"))
                    or a.dep_ == "dative"
                    for a in path(n)[: depth_to(n, measure.trigger)]
                )
            ]
        seen: set[int] = set()
        group_tokens: set[int] = set()
        for node in nodes:
            kind = self.lex.group_nouns.get(node.lemma_.lower())
            if kind and node.pos_ == "NOUN":
                measure.groups.append(group_of(node, kind, sentence, group_tokens, self.clauses))
        for node in nodes:
            mention = self.clauses.mentions.at(sentence.paragraph, node.i)
            if mention is None or id(mention) in seen or node.i in group_tokens:
                continue
            seen.add(id(mention))
            if mention in measure.imposers or (
                mention.entity_id and mention.entity_id in imposer_ids
            ):
                continue
            if self.clauses.kind(mention) is None or not demonym_target(
                mention, node, measure.trigger
            ):
                continue
            if node.dep_ in ("compound", "amod", "nmod") and (
                self.lex.object_words.get(node.head.lemma_.lower()) == "assets"
            ):
                continue  # "any US assets": where the assets are, not whom the freeze hits
            if any(
                t.lemma_.lower() in self.lex.relation_nouns
                for t in path(node)[1 : depth_to(node, measure.trigger)]
            ):
                continue  # "the assets of Putin's daughters": the daughters, not Putin
            measure.targets.append(mention)

    def _goods(self, measure: MeasureMention, tokens: list[Token]) -> None:
        found = goods_in(tokens, self.lex)
        if measure.type in ("export-ban", "import-ban"):
            measure.goods = found
        else:  # "sanctions on the financial sector" names a sector, not goods banned
            measure.goods = [g for g in found if g not in GENERIC_GOODS]

    def _dates(self, measure: MeasureMention, dates: list[DateMention]) -> None:
        measure.announced, measure.effective = measure_dates(
            measure.trigger, measure.sentence, dates, self.lex
        )
