"""Extraction throughput: articles per second, and the share of time spent outside the model.

Run: .venv/bin/python -m bench.extract_bench [--articles N] [--no-readme]

Two corpora: the five bundled articles, and a larger one made from them (paragraphs shuffled
across articles, names of states swapped, dates moved) plus sentences written from templates,
so the pipeline sees text it was not written against. The model time is the time spent inside
`nlp.pipe`; everything else the extractor does (gazetteer matching, linking, dates, measures,
statements, merging, building facts) is the overhead, which must stay under 30% of the model
time. Results go to bench/README.md (section kg-extract-bench) unless --no-readme.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from kg.config import settings
from kg.dates import PartialDate
from kg.extract import Extractor
from kg.model import SourceDocument
from kg.sources import read_corpus

STATES = [
    "Japan",
    "Russia",
    "Canada",
    "Australia",
    "Germany",
    "France",
    "China",
    "Ukraine",
    "Iran",
    "Norway",
]
ACTIONS = [
    "{a} imposed an export ban on {b} on {d}.",
    "{a} froze the assets of {n} officials from {b} on {d}.",
    "{a} did not impose new sanctions on {b}.",
    "If {b} retaliates by banning imports from {a}, prices will rise.",
    "“We will respond,” said a spokesman for {b}.",
    "{b} suspended talks with {a} in {m}.",
    "Analysts said the measures by {a} were largely symbolic.",
    "{a} banned imports of coal and oil from {b} from {m} 1.",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def larger_corpus(
    documents: list[SourceDocument], count: int, seed: int = 7
) -> list[SourceDocument]:
    rng = random.Random(seed)
    paragraphs = [p for d in documents for p in d.text.split("\n") if len(p.split()) > 8]
    corpus = []
    for index in range(count):
        a, b = rng.sample(STATES, 2)
        lines = rng.sample(paragraphs, min(6, len(paragraphs)))
        lines = [line.replace("Japan", a).replace("Russia", b) for line in lines]
        for _ in range(6):
            template = rng.choice(ACTIONS)
            month = rng.choice(MONTHS)
            lines.append(
                template.format(
                    a=a, b=b, n=rng.randint(2, 90), d=f"{month} {rng.randint(1, 28)}", m=month
                )
            )
        rng.shuffle(lines)
        text = "\n".join(lines) + "\n"
        year = rng.randint(2014, 2024)
        corpus.append(
            SourceDocument(
                f"synthetic-{index:04d}",
                Path(f"synthetic-{index:04d}.txt"),
                text,
                "synthetic",
                "bench",
                "news-article",
                "en",
                PartialDate(f"{year}-{rng.randint(1, 12):02d}"),
            )
        )
    return corpus


def measure(
    extractor: Extractor, documents: list[SourceDocument], repeats: int
) -> dict[str, float]:
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        model = total = 0.0
        facts = 0
        for result in extractor.extract_many(documents):
            model += result.model_seconds
            total += result.total_seconds
            facts += len(result.facts)
        runs.append((time.perf_counter() - started, model, total, facts))
    wall, model, total, facts = sorted(runs)[len(runs) // 2]
    words = sum(len(d.text.split()) for d in documents)
    return {
        "articles": len(documents),
        "words": words,
        "seconds": wall,
        "articles_per_s": len(documents) / wall,
        "words_per_s": words / wall,
        "model_s": model,
        "outside_share": (total - model) / total if total else 0.0,
        "overhead": (total - model) / model if model else 0.0,
        "facts": facts,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200, help="size of the larger corpus")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    documents = read_corpus(settings().sources_dir)
    extractor = Extractor()
    extractor.extract(documents[0])  # warm up: first-call costs are not throughput
    rows = {
        "bundled articles": measure(extractor, documents, args.repeats),
        f"larger corpus ({args.articles} generated articles)": measure(
            extractor, larger_corpus(documents, args.articles), max(1, args.repeats // 2)
        ),
    }
    lines = [
        "## Extraction throughput (`python -m bench.extract_bench`)",
        "",
        f"One process, 2 cores, spaCy `{extractor.nlp.meta['lang']}_{extractor.nlp.meta['name']}` "
        f"{extractor.nlp.meta['version']}, `nlp.pipe(batch_size={extractor.batch_size})`, median of "
        f"{args.repeats} runs ({time.strftime('%Y-%m-%d')}). Overhead = time outside the model / model time.",
        "",
        "| corpus | articles | words | seconds | articles/s | words/s | share outside the model | overhead |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, r in rows.items():
        lines.append(
            f"| {name} | {r['articles']} | {r['words']:,} | {r['seconds']:.2f} | {r['articles_per_s']:.1f} | "
            f"{r['words_per_s']:,.0f} | {r['outside_share']:.0%} | {r['overhead']:.0%} |"
        )
        print(
            f"{name}: {r['articles_per_s']:.1f} articles/s, {r['words_per_s']:,.0f} words/s, "
            f"{r['outside_share']:.0%} of the time outside the model (overhead {r['overhead']:.0%})"
        )
    if not args.no_readme:
        from kg.eval.readme import write_section

        print(f"recorded in {write_section('kg-extract-bench', chr(10).join(lines))}")


if __name__ == "__main__":
    main()
