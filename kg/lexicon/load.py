"""The lexicons (kg/lexicon/*.yaml) read by the extractor and the linker, loaded once, checked.

Behaviour lives in these data files, not in if-chains: trigger words, goods words, speech verbs,
negation and hypothetical cues, countries and transliterations. Loading checks their shape and
raises KGError naming the file; a test checks that every measure type and goods concept they name
exists in ontology/vocab/*.ttl.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

from kg.errors import KGError
from kg.yamlread import safe_load

__all__ = ["LEXICON_DIR", "Frame", "Lexicon", "lexicon", "lexicon_fingerprint"]

LEXICON_DIR = Path(__file__).parent
FILES = ("measures", "goods", "cues", "speech", "countries", "transliteration")


@dataclass(frozen=True)
class Frame:
    """An (action, object) pair that gives a measure type."""

    action: str
    object: str | None
    type: str
    needs_target: bool = False


@dataclass(frozen=True)
class Lexicon:
    verb_actions: dict[str, str]  # verb lemma (or "lemma particle") -> action
    noun_actions: dict[str, str]  # noun lemma (or "modifier head") -> action
    object_words: dict[str, str]  # lemma -> object class
    frames: tuple[Frame, ...]
    support_types: frozenset[str]
    countermeasure_cues: frozenset[str]
    package_cues: frozenset[str]
    imposing_verbs: frozenset[str]
    group_nouns: dict[str, str]  # lemma -> member kind
    effective_cues: frozenset[str]
    effective_verbs: frozenset[str]
    goods: tuple[tuple[tuple[str, ...], str], ...]  # (lemma sequence, concept), longest first
    negation: frozenset[str]
    hypothetical_marks: frozenset[str]
    modals: frozenset[str]
    irrealis_verbs: frozenset[str]
    hedges: frozenset[str]
    speech_verbs: frozenset[str]
    needs_clause: frozenset[str]
    according: frozenset[str]
    unnamed_groups: dict[str, str]  # lemma -> entity kind
    anaphors: frozenset[str]
    countries: dict[str, dict[str, list[str]]]  # ISO -> {names, demonyms}
    name_parts: tuple[tuple[str, ...], ...]
    endings: tuple[tuple[str, ...], ...]
    cyrillic: dict[str, str] = field(default_factory=dict)
    honorifics: tuple[str, ...] = ()
    reference_preps: frozenset[str] = frozenset()
    context_actions: frozenset[str] = frozenset()  # actions typed from the sentence's words
    entry_verbs: frozenset[str] = frozenset()  # "barring them from entering": an entry ban
    participles: dict[str, str] = field(default_factory=dict)  # "frozen" -> "freeze"
    object_priority: tuple[str, ...] = ()  # object classes that win over the first one found
    relation_nouns: frozenset[str] = frozenset()  # "the daughters of X": X is not hit
    government_bodies: frozenset[str] = frozenset()  # "the Treasury Department" acts for a state
    agent_nouns: frozenset[str] = frozenset()  # "Western countries": a doer that is no entity
    earlier_cues: frozenset[str] = frozenset()  # "previously blacklisted": an earlier measure

    @cached_property
    def trigger_words(self) -> tuple[frozenset[str], frozenset[str]]:
        """(lemmas, lower-case words) outside which `triggers.action_of` finds no action, so a
        token can be passed over on one set lookup: every key of the verb and noun actions,
        every part before a space (a verb "lemma particle") and after one (a noun "modifier
        head"), and the participles of verb actions, read from the word itself."""
        lemmas: set[str] = set()
        for key in (*self.verb_actions, *self.noun_actions):
            lemmas.add(key)
            for at, char in enumerate(key):
                if char == " ":
                    lemmas.update((key[:at], key[at + 1 :]))
        words = {w for w, verb in self.participles.items() if verb in self.verb_actions}
        return frozenset(lemmas), frozenset({*words, "sanctions"})

    @cached_property
    def frame_index(self) -> dict[tuple[str, str | None], Frame]:
        """The first frame of each (action, object) pair: `frame_for` is asked for every
        trigger, and for every object word of a sentence that needs one."""
        index: dict[tuple[str, str | None], Frame] = {}
        for frame in self.frames:
            index.setdefault((frame.action, frame.object), frame)
        return index

    @cached_property
    def goods_needles(self) -> tuple[tuple[str, str], ...]:
        """The goods phrases as `attach.goods_in` looks for them (" lemma lemma "), in the
        order of `goods`, with their concepts."""
        return tuple((" " + " ".join(phrase) + " ", concept) for phrase, concept in self.goods)

    def frame_for(self, action: str, obj: str | None) -> Frame | None:
        return self.frame_index.get((action, obj))

    def measure_types(self) -> set[str]:
        return {f.type for f in self.frames}

    def goods_concepts(self) -> set[str]:
        return {concept for _, concept in self.goods}


def _read(name: str, folder: Path) -> dict[str, Any]:
    path = folder / f"{name}.yaml"
    try:
        data = safe_load(path.read_text(encoding="utf-8"))  # libyaml's: read at every start
    except (OSError, yaml.YAMLError) as error:
        raise KGError(f"{path}: cannot read lexicon: {error}") from error
    if not isinstance(data, dict):
        raise KGError(f"{path}: a lexicon must be a mapping")
    return data


def _words(values: Any, where: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise KGError(f"{where}: expected a list of words")
    return [v.lower() for v in values]


def _load(folder: Path) -> Lexicon:
    m, g, c, s = (_read(n, folder) for n in FILES[:4])
    countries, translit = _read("countries", folder), _read("transliteration", folder)
    where = str(folder / "measures.yaml")
    verb_actions: dict[str, str] = {}
    noun_actions: dict[str, str] = {}
    for action, forms in m["actions"].items():
        verb_actions.update(dict.fromkeys(_words(forms.get("verbs", []), where), action))
        noun_actions.update(dict.fromkeys(_words(forms.get("nouns", []), where), action))
    object_words = {w: obj for obj, words in m["objects"].items() for w in _words(words, where)}
    frames = []
    for raw in m["frames"]:
        if raw.get("action") not in m["actions"] or (
            raw.get("object") is not None and raw["object"] not in m["objects"]
        ):
            raise KGError(f"{where}: frame {raw} names an unknown action or object")
        frames.append(
            Frame(raw["action"], raw.get("object"), raw["type"], raw.get("needs_target", False))
        )
    groups = {w: kind for kind, words in m["group_nouns"].items() for w in _words(words, where)}
    goods = sorted(
        ((tuple(p.lower().split()), concept) for concept, ps in g.items() for p in ps),
        key=lambda item: -len(item[0]),
    )
    speakers = {w: k for k, ws in s["unnamed_groups"].items() for w in _words(ws, "speech.yaml")}
    return Lexicon(
        verb_actions=verb_actions,
        noun_actions=noun_actions,
        object_words=object_words,
        frames=tuple(frames),
        support_types=frozenset(m["support_types"]),
        countermeasure_cues=frozenset(_words(m["countermeasure_cues"], where)),
        package_cues=frozenset(_words(m["package_cues"], where)),
        imposing_verbs=frozenset(_words(m["imposing_verbs"], where)),
        group_nouns=groups,
        effective_cues=frozenset(_words(m["effective_cues"], where)),
        effective_verbs=frozenset(_words(m["effective_verbs"], where)),
        goods=tuple(goods),
        negation=frozenset(_words(c["negation"], "cues.yaml")),
        hypothetical_marks=frozenset(_words(c["hypothetical_marks"], "cues.yaml")),
        modals=frozenset(_words(c["modals"], "cues.yaml")),
        irrealis_verbs=frozenset(_words(c["irrealis_verbs"], "cues.yaml")),
        hedges=frozenset(_words(c["hedges"], "cues.yaml")),
        reference_preps=frozenset(_words(c.get("reference_preps", []), "cues.yaml")),
        government_bodies=frozenset(_words(c.get("government_bodies", []), "cues.yaml")),
        agent_nouns=frozenset(_words(c.get("agent_nouns", []), "cues.yaml")),
        earlier_cues=frozenset(_words(c.get("earlier_cues", []), "cues.yaml")),
        speech_verbs=frozenset(_words(s["verbs"], "speech.yaml")),
        needs_clause=frozenset(_words(s["needs_clause"], "speech.yaml")),
        according=frozenset(_words(s["according"], "speech.yaml")),
        unnamed_groups=speakers,
        anaphors=frozenset(_words(s["anaphors"], "speech.yaml")),
        countries={str(k): v for k, v in countries.items()},
        name_parts=tuple(tuple(p) for p in translit["name_parts"]),
        endings=tuple(tuple(e) for e in translit["endings"]),
        cyrillic={str(k): str(v) for k, v in (translit.get("cyrillic") or {}).items()},
        context_actions=frozenset(_words(m.get("context_actions", []), where)),
        entry_verbs=frozenset(_words(m.get("entry_verbs", []), where)),
        object_priority=tuple(m.get("object_priority", [])),
        relation_nouns=frozenset(_words(m.get("relation_nouns", []), where)),
        participles={str(k).lower(): str(v).lower() for k, v in m.get("participles", {}).items()},
        honorifics=tuple(
            sorted(
                _words(translit.get("honorifics", []), "transliteration.yaml"),
                key=len,
                reverse=True,
            )
        ),
    )


@cache
def lexicon(folder: Path = LEXICON_DIR) -> Lexicon:
    """The lexicons of `folder` (default: kg/lexicon), loaded once per process."""
    try:
        return _load(folder)
    except (KeyError, TypeError, AttributeError) as error:
        raise KGError(f"{folder}: malformed lexicon: {error!r}") from error


@cache
def lexicon_fingerprint(folder: Path = LEXICON_DIR) -> str:
    """A hash of the lexicon files: a changed lexicon re-extracts documents on the next ingest."""
    digest = hashlib.sha256()
    for name in FILES:
        digest.update((folder / f"{name}.yaml").read_bytes())
    return digest.hexdigest()[:16]
