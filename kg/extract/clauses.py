"""Syntax helpers shared by the measure and statement stages: who did it, and did it happen.

`subject` and `noun_agents` find the doer of a verb or of a measure noun through the dependency
parse (subject, passive "by", possessive, the subject of the verb that governs it); `blocked`
(kg.extract.realis) says why a trigger must not become a fact; pronouns go to the same
sentence's subject first, then to kg.extract.antecedents.
"""

from __future__ import annotations

from kg.extract.antecedents import PRONOUNS, RELATIVE, Antecedents, chain, is_anti
from kg.extract.cues import is_reason
from kg.extract.mentions import Mention, Mentions
from kg.extract.realis import blocked
from kg.extract.sentences import Sentence
from kg.extract.triggers import action_of
from kg.extract.words import Word
from kg.lexicon import Lexicon
from kg.link.gazetteer import Gazetteer

__all__ = ["AGENT_KINDS", "Antecedents", "Clauses", "chain"]

AGENT_KINDS = frozenset({"state", "organization", "person"})
NOMINAL = frozenset(
    {
        "dobj",
        "pobj",
        "prep",
        "pcomp",
        "compound",
        "amod",
        "nsubjpass",
        "attr",
        "appos",
        "npadvmod",
        "nmod",
        "oprd",
        "dative",
        "conj",
        "acomp",
        "agent",
    }
)
CLIMB = NOMINAL | {"xcomp", "advcl", "acl", "relcl", "ccomp", "csubj", "nsubj", "aux", "cc"}


class Clauses:
    """Parse-tree questions about one sentence, with the document's mentions at hand."""

    def __init__(
        self, lex: Lexicon, gaz: Gazetteer, mentions: Mentions, antecedents: Antecedents
    ) -> None:
        self.lex = lex
        self.gaz = gaz
        self.mentions = mentions
        self.antecedents = antecedents

    def kind(self, mention: Mention) -> str | None:
        return self.antecedents.kind(mention)

    def mention(
        self,
        token: Word,
        sentence: Sentence,
        kinds: frozenset[str] = AGENT_KINDS,
        prefer: str | None = None,
    ) -> Mention | None:
        """The mention that names `token`'s phrase: on the token, or in its compounds, its
        possessor, an apposition or an 'of' phrase ("the cabinet of Prime Minister Shinzo Abe")."""
        found = self.mentions.at(sentence.paragraph, token.i)
        if found is not None and self.kind(found) in kinds:
            return found
        queue = [(c, 1) for c in token.children]
        demonym: Mention | None = None
        fallback: Mention | None = None
        while queue:
            node, depth = queue.pop(0)
            if node.dep_ in ("relcl", "acl", "punct", "cc", "conj", "advcl") or depth > 3:
                continue
            if node.dep_ == "prep" and node.lower_ != "of":
                continue
            found = self.mentions.at(sentence.paragraph, node.i)
            if found is not None and self.kind(found) in kinds:
                if prefer is not None and self.kind(found) == prefer:
                    return found  # "the Japanese government spokesman, Yoshihide Suga": the person
                if found.label != "DEMONYM" and prefer is None:
                    return found
                if found.label != "DEMONYM":
                    fallback = fallback or found
                demonym = demonym or found
            queue.extend((c, depth + 1) for c in node.children)
        if fallback is not None or demonym is not None:
            return fallback or demonym
        if token.lower_ in PRONOUNS:
            wanted = PRONOUNS[token.lower_] & set(kinds)
            return self._same_sentence(token, sentence, wanted) or self.antecedents.resolve(
                wanted, sentence.index, sentence.offset(token)
            )
        return None

    def _same_sentence(self, pronoun: Word, sentence: Sentence, kinds: set[str]) -> Mention | None:
        """'Canada said it had banned ...': the subject of a verb that governs the pronoun's
        clause (reported speech, a conjoined or subordinate clause) is its antecedent. Found
        through the parse, never by the nearest name."""
        if pronoun.dep_ not in ("nsubj", "nsubjpass", "poss"):
            return None
        verb = pronoun.head
        for node in chain(verb):
            if node.i == verb.i:
                continue
            if node.pos_ not in ("VERB", "AUX"):
                continue
            for child in node.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.i != pronoun.i:
                    if child.lower_ in PRONOUNS:
                        return None
                    found = self.mention(child, sentence, frozenset(kinds))
                    return found if found is not None and self.kind(found) in kinds else None
        return None

    def with_conjuncts(
        self, token: Word, sentence: Sentence, kinds: frozenset[str] = AGENT_KINDS
    ) -> list[Mention]:
        found = []
        for node in [token, *[c for c in token.children if c.dep_ == "conj"]]:
            mention = self.mention(node, sentence, kinds)
            if mention is not None and mention not in found:
                found.append(mention)
        return found

    def subject(self, verb: Word, sentence: Sentence, depth: int = 0) -> list[Mention]:
        """The doers of `verb`: its subject, its passive 'by' agent, or the subject of the verb
        it depends on (an -ing clause, an infinitive, a conjoined verb)."""
        if depth > 6:
            return []
        for child in verb.children:
            if child.dep_ in ("nsubj", "csubj"):
                if child.i > verb.i and verb.lemma not in self.lex.speech_verbs:
                    return []  # a subject after its verb is a misparse ("freezing ..., Maria V.")
                if child.lower_ in RELATIVE and verb.dep_ == "relcl":
                    return self.with_conjuncts(verb.head, sentence)
                return self.with_conjuncts(child, sentence)
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return self.with_conjuncts(objects[0], sentence)
        if any(c.dep_ == "nsubjpass" for c in verb.children):
            return []
        head = verb.head
        if head.i == verb.i:
            return []
        if verb.dep_ == "xcomp":  # "prompted Washington to impose": the object acts
            objects = [c for c in head.children if c.dep_ == "dobj"]
            if objects:
                return self.with_conjuncts(objects[0], sentence)
        if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
            if verb.tag_ == "VBN":
                return []  # "drones supplied to Russia": the noun is what is acted on
            lemma = head.lemma
            if action_of(head, self.lex) is None and lemma not in self.lex.package_cues:
                found = self.mentions.at(sentence.paragraph, head.i)  # "entities supplying drones"
                return [found] if found is not None and found.label != "DEMONYM" else []
        if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp", "acl"):
            while head.dep_ == "prep" and head.head.i != head.i:
                head = head.head
            if head.pos_ in ("VERB", "AUX"):
                return self.subject(head, sentence, depth + 1)
            return self.noun_agents(head, sentence, depth + 1)
        return []

    def noun_agents(self, noun: Word, sentence: Sentence, depth: int = 0) -> list[Mention]:
        """The doers of a measure noun: 'Japan's ban', 'US sanctions', 'sanctions by the EU',
        'sanctions imposed by Tokyo', or the subject of 'Japan imposed a ban'."""
        for child in noun.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod"):
                if is_anti(child):
                    continue  # "an anti-Iranian package": Iran is hit, not the one acting
                mention = self.mention(child, sentence)
                if mention is None or mention.label == "DEMONYM":
                    continue  # "Russian sanctions" does not say who imposed them
                if self.kind(mention) in ("state", "organization"):
                    return [mention]
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in ("by", "from"):
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return self.with_conjuncts(objects[0], sentence)
            if child.dep_ == "acl":
                agents = [a for a in child.children if a.dep_ == "agent"]
                for agent in agents:
                    objects = [c for c in agent.children if c.dep_ == "pobj"]
                    if objects:
                        return self.with_conjuncts(objects[0], sentence)
        node = noun
        while node.dep_ in NOMINAL and node.dep_ not in ("nsubjpass",) and node.head.i != node.i:
            if is_reason(node):
                return []  # "sanctions over the supply of drones": the cause, not the act
            node = node.head
            if node.pos_ == "NOUN" and (
                node.lemma in self.lex.group_nouns
                or self.mentions.at(sentence.paragraph, node.i) is not None
            ):
                return []  # "entities responsible for drone deliveries": what they did
            if (
                node.pos_ in ("NOUN",) and node.dep_ != "dobj"
            ):  # "the strengthening of sanctions by the US"
                for child in node.children:
                    if child.dep_ == "prep" and child.lower_ == "by":
                        objects = [c for c in child.children if c.dep_ == "pobj"]
                        if objects:
                            return self.with_conjuncts(objects[0], sentence)
            if node.pos_ in ("VERB", "AUX"):
                means = (
                    noun.dep_ == "pobj" and noun.head.lower_ == "with"
                )  # "countered Japan with sanctions"
                if (
                    means
                    or node.lemma in self.lex.imposing_verbs
                    or node.lemma in self.lex.verb_actions
                ):
                    return self.subject(node, sentence, depth + 1)
                return []
        return []

    def blocked(self, trigger: Word, sentence: Sentence) -> str | None:
        """Why the trigger does not report a measure that happened, or None (kg.extract.realis)."""
        return blocked(trigger, sentence, self.lex)
