"""Which words of a sentence belong to a measure: its goods and its dates.

A date belongs to a measure when it hangs on the measure's trigger, on the verbs above it (at
most a few arcs up, so that "In the context of X, Japan announced Y on the 15th" dates Y, not
X), or on a clause about what the trigger's phrase names ("entities, which will be imposed on
December 22"). "From", "starting" and verbs such as "implement" make it the effective date.
"""

from __future__ import annotations

from kg.dates import PartialDate
from kg.extract.dates import DateMention
from kg.extract.sentences import Sentence
from kg.extract.words import Word
from kg.lexicon import Lexicon

__all__ = ["GENERIC_GOODS", "SKIP", "depth_to", "goods_in", "measure_dates", "own_subtree", "path"]

SKIP = frozenset({"relcl", "advcl", "ccomp", "nsubj", "csubj", "punct", "mark", "parataxis"})
MAX_HOPS = 5  # a date on a verb belongs to a measure noun at most this many arcs below it
GENERIC_GOODS = frozenset({"goods-general", "services", "finance", "defense"})


def path(token: Word) -> list[Word]:
    """The token and its heads up to the root."""
    nodes = [token]
    while nodes[-1].head.i != nodes[-1].i and len(nodes) < 40:
        nodes.append(nodes[-1].head)
    return nodes


def depth_to(node: Word, ancestor: Word) -> int:
    chain = path(node)
    return next((i for i, t in enumerate(chain) if t.i == ancestor.i), len(chain))


def own_subtree(token: Word) -> set[int]:
    """Word indices of the subtree without its relative and adverbial clauses."""
    found = {token.i}
    stack = [c for c in token.children if c.dep_ not in SKIP and c.dep_ != "acl"]
    while stack:
        node = stack.pop()
        found.add(node.i)
        stack.extend(c for c in node.children if c.dep_ not in SKIP)
    return found


def goods_in(tokens: list[Word], lex: Lexicon) -> list[str]:
    """Goods concepts named by the tokens (longest lexicon phrase first)."""
    lemmas = [t.lemma for t in sorted(tokens, key=lambda t: t.i)]
    text = " " + " ".join(lemmas).replace(" - ", "-") + " "
    found: list[str] = []
    for needle, concept in lex.goods_needles:
        if needle in text:
            text = text.replace(needle, " | ")
            if concept not in found:
                found.append(concept)
    return found


def measure_dates(
    trigger: Word, sentence: Sentence, dates: list[DateMention], lex: Lexicon
) -> tuple[PartialDate | None, PartialDate | None]:
    """(announced, effective) of the measure whose trigger is `trigger`."""
    announced: PartialDate | None = None
    effective: PartialDate | None = None
    above = {t.i for t in path(trigger)[:MAX_HOPS]}
    inside = own_subtree(trigger)
    parse = trigger.parse
    for date in dates:
        if not sentence.start <= date.start < sentence.end:
            continue
        span = parse.doc.char_span(
            date.start - sentence.base, date.end - sentence.base, alignment_mode="expand"
        )
        if span is None:
            continue
        attach = next(
            (
                t
                for t in path(parse.words[span.root.i])
                if t.i not in range(span.start, span.end)
                and (t.pos_ in ("VERB", "AUX") or t.i == trigger.i)
            ),
            None,
        )
        if attach is None:
            continue
        verb = attach.lemma
        if attach.i in above or attach.i in inside:
            role = "announced"
        elif (
            attach.dep_ in ("relcl", "acl")
            and attach.head.i in inside
            and (verb in lex.imposing_verbs or verb in lex.effective_verbs)
        ):
            role = "effective"
        else:
            continue
        if date.cue in lex.effective_cues or verb in lex.effective_verbs:
            role = "effective"
        if role == "effective" and effective is None:
            effective = date.date
        elif role == "announced" and announced is None:
            announced = date.date
    return announced, effective
