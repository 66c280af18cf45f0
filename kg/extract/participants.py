"""Who a measure hits and who imposes it, beyond the bare parse: target groups with their
counts and home states, demonyms that may name a target, and the state a person or an unknown body
acts for ("Canadian Prime Minister Justin Trudeau", "The U.S. Treasury Department").
"""

from __future__ import annotations

from typing import Any

from kg.extract.clauses import Clauses
from kg.extract.mentions import Mention
from kg.extract.sentences import Sentence
from kg.extract.words import Word

__all__ = ["WORD_NUMBERS", "count_of", "demonym_target", "group_of", "state_of_agent"]

WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()  # noqa: SIM905 (one line, not thirteen)
    )
}


def demonym_target(mention: Mention, token: Word, trigger: Word) -> bool:
    """A demonym names a target only as the modifier of what is hit ("Russian oil", "Iranian
    banks"), not standing alone ("one German and three Emirati subsidiaries"), nor on the
    trigger itself ("the Canadian export ban": whose ban, or a ban on whose exports?)."""
    return mention.label != "DEMONYM" or (
        token.dep_ in ("amod", "compound")
        and token.head.pos_ in ("NOUN", "PROPN")
        and token.head.i != trigger.i
    )


def count_of(noun: Word) -> int | None:
    for child in noun.children:
        if child.dep_ == "nummod":
            text = child.text.replace(",", "")
            if text.isdigit():
                return int(text)
            if child.lower_ in WORD_NUMBERS:
                return WORD_NUMBERS[child.lower_]
    return None


def state_of_agent(agent: Mention, sentence: Sentence, clauses: Clauses) -> Mention:
    """'Canadian Prime Minister Justin Trudeau announced ...': a person (or a body) the
    gazetteer does not know acts for the state that modifies it in the name's own phrase."""
    if agent.entity_id or agent.label not in ("PERSON", "ORG"):
        return agent  # also "the U.S. Treasury Department": a body the gazetteer lacks
    parse = sentence.parse
    head = parse.root(agent.token_start, agent.token_end)
    gaz = clauses.gaz
    for token in parse.words[agent.token_start : agent.token_end]:  # "The U.S. Treasury Department"
        if token is head:
            continue
        ids = gaz.candidates(token.text) or (
            {gaz.demonyms[token.text]} if token.text in gaz.demonyms else set()
        )
        states = [i for i in ids if gaz.entities[i].kind == "state"]
        if len(states) == 1:
            return Mention(
                agent.start,
                agent.end,
                token.text,
                "GAZ",
                agent.sentence,
                agent.paragraph,
                token.i,
                token.i + 1,
                entity_id=states[0],
            )
    queue = list(head.children)
    while queue:
        node = queue.pop(0)
        if node.dep_ not in ("compound", "amod", "nmod", "poss", "appos"):
            continue
        found = clauses.mentions.at(sentence.paragraph, node.i)
        if found is not None and found is not agent and clauses.kind(found) == "state":
            return found
        queue.extend(node.children)
    return agent


def group_of(
    noun: Word, kind: str, sentence: Sentence, used: set[int], clauses: Clauses
) -> dict[str, Any]:
    left = min(t.i for t in noun.subtree if t.i <= noun.i)
    right = noun.i
    for child in noun.children:
        if child.dep_ in ("acl", "prep") and child.i > noun.i:
            right = max(right, max(t.i for t in child.subtree))
    description = noun.parse.text_of(left, right + 1).strip(" ,")
    group: dict[str, Any] = {"description": description, "member_kind": kind}
    count = count_of(noun)
    if count is not None:
        group["count"] = count
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod"):
            mention = clauses.mentions.at(sentence.paragraph, child.i)
            if mention and mention.entity_id and clauses.kind(mention) == "state":
                group["based_in"] = mention
                used.update(range(mention.token_start, mention.token_end))
    affiliated = []
    for child in noun.children:
        if child.dep_ in ("acl", "prep") and child.i > noun.i:
            for node in child.subtree:
                mention = clauses.mentions.at(sentence.paragraph, node.i)
                if (
                    mention
                    and clauses.kind(mention) == "organization"
                    and mention not in affiliated
                ):
                    affiliated.append(mention)
                    used.update(range(mention.token_start, mention.token_end))
    if affiliated:
        group["affiliated_with"] = affiliated
    return group
