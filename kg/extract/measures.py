"""Stage: measure mentions in a sentence, from the trigger lexicon and the dependency parse.

A trigger (a verb or noun of kg/lexicon/measures.yaml) combined with an object word in its
phrase gives a measure type ("ban" + "export" -> export-ban). The parse gives the imposer (the
subject, a passive "by", a possessive), the targets (entities in the object and its on/to/
against/from/with phrases), target groups ("35 individuals related to the Russian military"),
goods and dates. Triggers under a negation, an "if", a modal, a wish or demand, in a question or
in reader comments are dropped here. Document-level work (packages, merging) is in discourse.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from kg.dates import PartialDate
from kg.extract.attach import GENERIC_GOODS, depth_to, goods_in, measure_dates, own_subtree, path
from kg.extract.bodies import BodyStates, is_body
from kg.extract.clauses import AGENT_KINDS, Clauses
from kg.extract.cues import responds
from kg.extract.dates import DateMention
from kg.extract.mentions import Mention
from kg.extract.participants import demonym_target, group_of, state_of_agent
from kg.extract.sentences import Sentence
from kg.extract.triggers import (
    NO_FACT_SEGMENTS,
    action_of,
    conjuncts,
    doer_named,
    object_of,
    phrase_of,
)
from kg.extract.words import Word
from kg.lexicon import Frame, Lexicon

__all__ = ["MeasureFinder", "MeasureMention"]

DIRECTION_PREPS = frozenset({"to", "toward", "towards", "into"})  # where goods go, not who is hit


@dataclass
class MeasureMention:
    """A measure as one sentence tells it; `imposers` are entity ids (or mentions to mint)."""

    sentence: Sentence
    trigger: Word
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
    bodies: list[Mention] = field(default_factory=list)  # "the Treasury Department": implements
    doer_named: bool = False  # a doer is named that is no entity ("Western countries")
    document_states: frozenset[str] = frozenset()  # states the document names, for bodies
    elaborates: bool = False  # "The sanctions freeze ...": says what earlier sanctions are
    earlier: bool = False  # "previously blacklisted": an earlier measure, told as background

    @property
    def generic(self) -> bool:
        return self.frame.type == "sanctions-unspecified"

    @property
    def type(self) -> str:
        return self.frame.type


class MeasureFinder:
    """Finds measure mentions in one sentence."""

    def __init__(self, lex: Lexicon, clauses: Clauses) -> None:
        self.lex = lex
        self.clauses = clauses
        self.bodies = BodyStates(clauses.mentions, clauses.gaz, lex)
        gaz = clauses.gaz
        self.states = frozenset(
            m.entity_id
            for m in clauses.mentions.items
            if m.entity_id and gaz.entities[m.entity_id].kind == "state"
        )

    def find(self, sentence: Sentence, dates: list[DateMention]) -> list[MeasureMention]:
        if sentence.segment in NO_FACT_SEGMENTS:
            return []
        # a token whose lemma and word are in neither trigger set has no action (action_of):
        # most sentences have no such token, and the tokens are then not looked at one by one
        lemmas, words = self.lex.trigger_words
        if lemmas.isdisjoint(sentence.lemmas) and words.isdisjoint(sentence.lowers):
            return []
        found = []
        cues: list[Word] | None = None  # made for the first trigger
        for token, lemma, lower in zip(
            sentence.words, sentence.lemmas, sentence.lowers, strict=True
        ):
            if lemma not in lemmas and lower not in words:
                continue
            action = action_of(token, self.lex)
            if action is None or self.clauses.blocked(token, sentence):
                continue
            if cues is None:
                wanted = self.lex.countermeasure_cues
                cues = [
                    t for t, le in zip(sentence.words, sentence.lemmas, strict=True) if le in wanted
                ]
            phrase = phrase_of(token)
            obj, obj_token = object_of(token, phrase, self.lex)
            if obj is None and action in self.lex.context_actions:
                obj = self._context_object(action, sentence)  # "blacklisted ... from entering"
            frame = self.lex.frame_for(action, obj) or self.lex.frame_for(action, None)
            countermeasure = responds(token, cues, self.lex)
            if frame is None:
                continue
            if frame.object is None:
                obj_token = None
            others = conjuncts(obj_token, obj, self.lex)
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
        token: Word,
        frame: Frame,
        phrase: list[Word],
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
        measure.earlier = any(
            c.dep_ == "advmod" and c.lower_ in self.lex.earlier_cues for c in token.children
        )
        doers = [c for c in token.children if c.dep_ == "nsubj"]
        doers += [token.head] if token.dep_ == "relcl" else []
        measure.elaborates = frame.type != "sanctions-unspecified" and any(
            action_of(d, self.lex) == "sanction" for d in doers
        )
        self._dates(measure, dates)
        cues = self.lex.package_cues
        measure.package_cue = token.pos_ == "NOUN" and (
            any(c.lemma in cues for c in token.children)
            or (token.dep_ == "pobj" and token.head.head.lemma in cues)
        )
        return measure

    def _context_object(self, action: str, sentence: Sentence) -> str | None:
        """The object class a sentence gives an action that names none ('blacklisted 12
        journalists, barring them from entering'): the first object word of the sentence that
        makes a frame with the action."""
        for token, lemma in zip(sentence.words, sentence.lemmas, strict=True):
            obj = self.lex.object_words.get(lemma) if token.pos_ == "NOUN" else None
            if obj is None and lemma in self.lex.entry_verbs:
                obj = "entry"
            if obj is not None and self.lex.frame_for(action, obj) is not None:
                return obj
        return None

    def _direct_target(self, trigger: Word, sentence: Sentence) -> bool:
        """The object itself names who is hit: 'freeze some individuals', 'Kamaz was frozen'."""
        heads = list(trigger.children)
        if trigger.dep_ == "pobj" and trigger.head.head.pos_ == "VERB":
            heads += [c for c in trigger.head.head.children if c.dep_ == "dobj"]
        for child in heads:
            if child.dep_ not in ("dobj", "nsubjpass"):
                continue
            for node in [child, *[c for c in child.children if c.dep_ == "conj"]]:
                if self.lex.group_nouns.get(node.lemma):
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
        measure.document_states = self.states
        imposers = []
        for agent in agents:
            if is_body(agent, self.lex):  # the state it acts for imposes; the body implements
                measure.bodies.append(agent)
                found = state_of_agent(agent, sentence, self.clauses)
                state = found.entity_id if found is not agent else self.bodies.state(agent)
                if state is not None:
                    imposers.append(replace(agent, entity_id=state, label="GAZ"))
                continue
            agent = state_of_agent(agent, sentence, self.clauses)
            if self.clauses.kind(agent) in AGENT_KINDS:
                imposers.append(agent)
        measure.imposers = imposers
        measure.doer_named = not agents and doer_named(token, self.lex)

    def _targets(self, measure: MeasureMention, phrase: list[Word]) -> None:
        sentence = measure.sentence
        imposer_ids = {m.entity_id for m in measure.imposers if m.entity_id}
        nodes = list(phrase)
        if measure.trigger.pos_ == "VERB":
            nodes += [c for c in measure.trigger.children if c.dep_ == "nsubjpass"]
            nodes += [  # "X, which ... had addresses in China": not hit
                c.parse.words[i]
                for c in measure.trigger.children
                if c.dep_ == "nsubjpass"
                for i in sorted(own_subtree(c))
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
            kind = self.lex.group_nouns.get(node.lemma)
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
                self.lex.object_words.get(node.head.lemma) == "assets"
            ):
                continue  # "any US assets": where the assets are, not whom the freeze hits
            between = path(node)[1 : depth_to(node, measure.trigger)]  # its heads below the trigger
            if any(t.lemma in self.lex.relation_nouns for t in between):
                continue  # "the assets of Putin's daughters": the daughters, not Putin
            if any(
                t.dep_ == "prep"
                and t.lower_ in DIRECTION_PREPS
                and self.lex.group_nouns.get(t.head.lemma)
                for t in between
            ):
                continue  # "individuals ... to Russia": a misattached phrase, never whom it hits
            measure.targets.append(mention)

    def _goods(self, measure: MeasureMention, tokens: list[Word]) -> None:
        found = goods_in(tokens, self.lex)
        if measure.type in ("export-ban", "import-ban"):
            measure.goods = found
        else:  # "sanctions on the financial sector" names a sector, not goods banned
            measure.goods = [g for g in found if g not in GENERIC_GOODS]

    def _dates(self, measure: MeasureMention, dates: list[DateMention]) -> None:
        measure.announced, measure.effective = measure_dates(
            measure.trigger, measure.sentence, dates, self.lex
        )
