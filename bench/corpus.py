"""A seeded synthetic news corpus of any size, with the facts each article is written to hold.

The bundled corpus is five articles; ingest must be judged on thousands. Each article here is a
Markdown file with front matter (date, title, publisher, segments): page chrome, a body of
sentences drawn from templates (measures with dates and counts, quotes and reported speech,
negated and hypothetical sanctions, analysts' noise) and reader comments that must yield no
fact. The vocabulary is spread: every state, person and organisation of data/curated/
entities.yaml under its names and aliases, plus states and officials that the reference data
does not know (minted by the linker), so the gazetteer and the linker see many names, not one
cached one. `FOLDER.expected.jsonl` (beside the folder) lists what each body tells: measures (type, imposer, target, date)
and statements (speaker). The same size and seed always give the same bytes.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from kg.lexicon import LEXICON_DIR

__all__ = ["Expected", "Vocabulary", "read_expected", "score", "vocabulary", "write_corpus"]

REPO = Path(__file__).resolve().parents[1]
COUNTRIES = LEXICON_DIR / "countries.yaml"
UNKNOWN_STATES = ["Freedonia", "Sylvania"]  # in no reference list: the linker must mint them
FIRST = ["Anna", "Lars", "Mikko", "Elena", "Tomas", "Hana", "Pavel", "Irina", "Kenji", "Sofia"]
LAST = ["Berg", "Novak", "Larsen", "Ivanova", "Tanaka", "Horvat", "Kowalski", "Sato", "Weber"]
POSTS = ["Foreign Minister", "Trade Minister", "a government spokesman,", "Prime Minister"]
GOODS = ["coal", "oil", "timber", "seafood", "vodka", "machine tools", "semiconductors"]
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
QUOTES = [
    "We will not accept this pressure",
    "These measures are a clear signal",
    "Our response will be proportionate",
    "The door to dialogue remains open",
]
NOISE = [
    "Analysts said the measures were largely symbolic.",
    "Markets barely moved on the news, and the currency closed the day slightly higher.",
    "The ministry did not reply to a request for comment on Tuesday evening.",
    "Trade between the two countries has fallen for three years in a row.",
    "Diplomats in the capital expect further talks before the end of the year.",
    "Exporters of machinery and cars have been hit hardest by the earlier rounds.",
    "The government has not said how the new rules will be enforced at the border.",
    "Several companies have already moved their regional offices to other cities.",
    "Officials declined to give details of the list, citing the ongoing review.",
]
CHROME = "Menu | World | Business | Subscribe\nShare this article\n\n"
COMMENTS = [
    "{a} should ban all imports from {b} at once!",
    "Sanctions never work, {b} will just trade with others.",
    "Why did {a} wait so long?",
]


@dataclass
class Vocabulary:
    """States (id or None for unknown, spellings), and speakers (id or None, spelling, state)."""

    states: list[tuple[str | None, list[str]]]
    people: list[tuple[str | None, str, str | None]]


@dataclass
class Expected:
    """What one article's body tells: the ground truth to score the extractor against."""

    file: str
    published: str
    measures: list[dict[str, Any]] = field(default_factory=list)
    statements: list[dict[str, Any]] = field(default_factory=list)


def vocabulary(entities: Path = REPO / "data" / "curated" / "entities.yaml") -> Vocabulary:
    """The reference names (with aliases), the countries of the extractor's lexicon (minted
    under their ISO code), names no list knows, and officials the reference data lacks."""
    data = yaml.safe_load(entities.read_text(encoding="utf-8"))
    states: list[tuple[str | None, list[str]]] = [
        (s["id"], [s["name"], *[a for a in s.get("aliases", []) if a[0].isupper()]])
        for s in data.get("states", [])
    ]
    known = {state_id for state_id, _ in states}
    countries = yaml.safe_load(COUNTRIES.read_text(encoding="utf-8"))
    states += [
        (code.lower(), list(entry["names"]))
        for code, entry in sorted(countries.items())
        if code.lower() not in known
    ]
    states += [(None, [name]) for name in UNKNOWN_STATES]
    people: list[tuple[str | None, str, str | None]] = [
        (p["id"], name, p.get("nationality"))
        for p in data.get("persons", [])
        for name in [p["name"], *p.get("aliases", [])[:1]]
    ]
    people += [(None, f"{f} {la}", None) for f in FIRST for la in LAST]
    return Vocabulary(states, people)


def _date(rng: random.Random, year: int, month: int) -> tuple[str, str]:
    day = rng.randint(1, 28)
    return f"{MONTHS[month - 1]} {day}, {year}", f"{year}-{month:02d}-{day:02d}"


def _article(rng: random.Random, vocab: Vocabulary, number: int) -> tuple[str, Expected]:
    year, month = rng.randint(2014, 2026), rng.randint(1, 12)
    published = f"{year}-{month:02d}-28"
    name = f"syn-{number:06d}.md"
    expected = Expected(name, published)
    body: list[str] = []
    for _ in range(rng.randint(8, 24)):
        (a_id, a_names), (b_id, b_names) = rng.sample(vocab.states, 2)
        a, b = rng.choice(a_names), rng.choice(b_names)
        spoken, iso = _date(rng, year, month)
        choice = rng.random()
        if choice < 0.2:
            body.append(f"{a} imposed an export ban on {b} on {spoken}.")
            expected.measures.append(_measure("export-ban", a_id, b_id, iso))
        elif choice < 0.35:
            count = rng.randint(2, 400)
            body.append(f"On {spoken}, {a} froze the assets of {count} officials from {b}.")
            expected.measures.append(_measure("asset-freeze", a_id, b_id, iso, count=count))
        elif choice < 0.5:
            good = rng.choice(GOODS)
            body.append(f"{a} banned imports of {good} from {b} from {spoken}.")
            expected.measures.append(_measure("import-ban", a_id, b_id, iso))
        elif choice < 0.7:
            person_id, person, _ = rng.choice(vocab.people)
            post = rng.choice(POSTS)
            body.append(f"“{rng.choice(QUOTES)},” said {post} {person}.")
            expected.statements.append({"speaker": person_id, "name": person})
        elif choice < 0.78:
            body.append(f"{a} did not impose new sanctions on {b}.")
        elif choice < 0.85:
            body.append(f"If {b} retaliates by banning imports from {a}, prices will rise.")
        else:
            body.append(rng.choice(NOISE))
    (_, a_names), (_, b_names) = rng.sample(vocab.states, 2)
    comments = [
        rng.choice(COMMENTS).format(a=a_names[0], b=b_names[0]) for _ in range(rng.randint(1, 3))
    ]
    first = body[0]
    front = {
        "published": published,
        "title": f"Sanctions report {number}",
        "publisher": rng.choice(["Synthetic Wire", "Test Herald", "Daily Example"]),
        "segments": [
            {"kind": "page-chrome", "starts_with": "Menu"},
            {"kind": "article-body", "starts_with": first},
            {"kind": "reader-comments", "starts_with": "Reader comments"},
        ],
    }
    text = (
        "---\n"
        + yaml.safe_dump(front, allow_unicode=True, sort_keys=True)
        + "---\n"
        + CHROME
        + _paragraphs(rng, body)
        + "\n\nReader comments\n"
        + "\n".join(f"user{rng.randint(1, 999)}: {c}" for c in comments)
        + "\n"
    )
    return text, expected


def _measure(
    kind: str, imposer: str | None, target: str | None, date: str, **more: Any
) -> dict[str, Any]:
    return {"type": kind, "imposer": imposer, "target": target, "date": date, **more}


def _paragraphs(rng: random.Random, sentences: list[str]) -> str:
    out, current = [], []
    for sentence in sentences:
        current.append(sentence)
        if len(current) >= rng.randint(1, 4):
            out.append(" ".join(current))
            current = []
    if current:
        out.append(" ".join(current))
    return "\n\n".join(out)


def write_corpus(folder: Path, articles: int, seed: int = 20) -> list[Expected]:
    """Write `articles` articles and expected.jsonl into `folder` (created); return the truth."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng, vocab = random.Random(seed), vocabulary()
    truth = []
    for number in range(articles):
        text, expected = _article(rng, vocab, number)
        (folder / expected.file).write_text(text, encoding="utf-8")
        truth.append(expected)
    lines = [json.dumps(asdict(e), sort_keys=True) for e in truth]
    (folder.parent / f"{folder.name}.expected.jsonl").write_text("\n".join(lines) + "\n")
    return truth


def read_expected(path: Path) -> list[Expected]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [Expected(**json.loads(line)) for line in lines if line.strip()]


_MEASURES = """
PREFIX kg: <https://w3id.org/sanctions-kg/ontology#>
SELECT ?g ?m ?type ?imposer ?target ?date WHERE { GRAPH ?g {
  ?m a kg:Sanction ; kg:measureType ?type .
  OPTIONAL { ?m kg:imposedBy ?imposer } OPTIONAL { ?m kg:target ?target }
  OPTIONAL { ?m kg:announcedDate|kg:effectiveDate ?date } } }
"""


def _tail(term: object) -> str | None:
    return None if term is None else str(getattr(term, "value", term)).rsplit("/", 1)[-1]


def score(store: ox.Store, truth: list[Expected]) -> dict[str, float]:
    """Measures found vs written (type, imposer, target and date all equal), one to one, over
    the articles of `truth`; measures with a party no list knows are left out of both sides."""
    found: dict[tuple[str, str], tuple[str | None, ...]] = {}
    targets: dict[tuple[str, str], set[str | None]] = {}
    rows = store.query(_MEASURES)
    assert isinstance(rows, ox.QuerySolutions)
    for row in rows:
        key = (_tail(row["g"]) or "", str(row["m"]))
        found[key] = (_tail(row["type"]), _tail(row["imposer"]), _tail(row["date"]))
        targets.setdefault(key, set()).add(_tail(row["target"]))
    predicted: dict[str, list[tuple[str | None, ...]]] = {}
    for (doc, _), (kind, imposer, date) in found.items():
        for target in targets[(doc, _)]:
            predicted.setdefault(doc, []).append((kind, imposer, target, date))
    tp = fp = fn = 0
    for expected in truth:
        doc = expected.file.rsplit(".", 1)[0]
        wanted = [
            (m["type"], m["imposer"], m["target"], m["date"])
            for m in expected.measures
            if m["imposer"] and m["target"]
        ]
        got = [p for p in predicted.get(doc, []) if p[1] not in (None, *_MINTED)]
        for item in wanted:
            if item in got:
                got.remove(item)
                tp += 1
            else:
                fn += 1
        fp += len(got)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


_MINTED = tuple(name.lower() for name in UNKNOWN_STATES)
