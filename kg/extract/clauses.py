"""Syntax helpers shared by the measure and statement stages: who did it, and did it happen.

`agents` finds the doer of a verb or of a measure noun through the dependency parse (subject,
passive "by", possessive, the subject of the verb that governs it); `blocked` says why a trigger
must not become a fact (negation, a hypothetical "if", a modal, a wish or demand, a question);
`Antecedents` resolves "it", "they", "he" and "the expert" to the entity last named as a subject.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Token

from kg.extract.lexicon import Lexicon
from kg.extract.mentions import Mention, Mentions
from kg.extract.sentences import Sentence
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


def chain(token: Token) -> Iterator[Token]:
    """The token and its heads up to the sentence root."""
    seen = 0
    while True:
        yield token
        if token.head.i == token.i or seen > 40:
            return
        token = token.head
        seen += 1


def _anti(token: Token) -> bool:
    """'anti-Iranian', 'anti-Pyongyang' (one token or three)."""
    if token.lower_.startswith("anti"):
        return True
    doc = token.doc
    before = doc[max(0, token.i - 2) : token.i].text.lower().replace(" ", "")
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
        token: Token,
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

    def _same_sentence(self, pronoun: Token, sentence: Sentence, kinds: set[str]) -> Mention | None:
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
        self, token: Token, sentence: Sentence, kinds: frozenset[str] = AGENT_KINDS
    ) -> list[Mention]:
        found = []
        for node in [token, *[c for c in token.children if c.dep_ == "conj"]]:
            mention = self.mention(node, sentence, kinds)
            if mention is not None and mention not in found:
                found.append(mention)
        return found

    def subject(self, verb: Token, sentence: Sentence, depth: int = 0) -> list[Mention]:
        """The doers of `verb`: its subject, its passive 'by' agent, or the subject of the verb
        it depends on (an -ing clause, an infinitive, a conjoined verb)."""
        if depth > 6:
            return []
        for child in verb.children:
            if child.dep_ in ("nsubj", "csubj"):
                if child.i > verb.i and verb.lemma_.lower() not in self.lex.speech_verbs:
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
        if verb.dep_ in ("xcomp", "advcl", "conj", "pcomp", "acl"):
            while head.dep_ == "prep" and head.head.i != head.i:
                head = head.head
            if head.pos_ in ("VERB", "AUX"):
                return self.subject(head, sentence, depth + 1)
            return self.noun_agents(head, sentence, depth + 1)
        return []

    def noun_agents(self, noun: Token, sentence: Sentence, depth: int = 0) -> list[Mention]:
        """The doers of a measure noun: 'Japan's ban', 'US sanctions', 'sanctions by the EU',
        'sanctions imposed by Tokyo', or the subject of 'Japan imposed a ban'."""
        for child in noun.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod"):
                if _anti(child):
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
            node = node.head
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
                    or node.lemma_.lower() in self.lex.imposing_verbs
                    or node.lemma_.lower() in self.lex.verb_actions
                ):
                    return self.subject(node, sentence, depth + 1)
                return []
        return []

    def _reported_future(self, verb: Token, modal: str) -> bool:
        """'announced that it would ban': 'would' is the future of a reported decision."""
        if modal != "would" or verb.dep_ != "ccomp":
            return False
        head = verb.head.lemma_.lower()
        return head in self.lex.imposing_verbs or head in self.lex.speech_verbs

    def blocked(self, trigger: Token, sentence: Sentence) -> str | None:
        """Why the trigger does not report a measure that happened, or None."""
        if sentence.text.rstrip(" ”\"'").endswith("?"):
            return "question"
        for position, node in enumerate(chain(trigger)):
            for child in node.children:
                word = child.lower_
                if child.dep_ == "neg" or (
                    child.dep_ in ("det", "advmod", "preconj") and word in self.lex.negation
                ):
                    return "negation"
                if child.dep_ == "mark" and word in self.lex.hypothetical_marks:
                    return "hypothetical"
                if (
                    child.dep_ == "aux"
                    and word in self.lex.modals
                    and not self._reported_future(node, word)
                ):
                    return "modal"
            if position > 0 and node.lemma_.lower() in self.lex.irrealis_verbs:
                return "irrealis"
            # "despite restrictive measures": the trigger noun sits right in such a phrase
            if (
                0 < position <= 2
                and node.dep_ == "prep"
                and node.lower_ in self.lex.reference_preps
            ):
                return "reference"
        return None
