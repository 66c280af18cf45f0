"""CPU of the per-document ingest step by phase: the model, the rules after it, the quads.

Run: .venv/bin/python -m bench.step_profile [--articles 300] [--corpus DIR] [--save DIR]
[--compare DIR] [--profile rules|quads|startup] [--top 30] [--repeat 1]

`kg ingest` runs `kg.ingest.step.process` per document: `Extractor.extract` (spaCy's `nlp.pipe`
over the paragraphs, then the extraction rules), `machine_facts_to_keep`, and `document_quads`.
This script runs exactly those calls over a corpus (N synthetic articles from bench.corpus, or
`--corpus`, e.g. data/sources with its curated facts) and sums `time.process_time` per phase,
so a shared machine's load moves the numbers less than wall time would; the Context's start-up
(curated YAML, gazetteer, lexicon) is timed apart, in a fresh process per repeat so that no
cache of an earlier run is hit. `--save` writes each document's N-Quads to DIR/<id>.nq,
`--compare` checks them byte for byte against an earlier `--save` (an optimisation must not
change a byte). `--profile` runs one phase under cProfile and prints its hot spots. Nothing is
written to bench/README.md: the numbers go into the report of the change that they measure.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import importlib
import inspect
import io
import json
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from spacy.language import Language

from bench.corpus import write_corpus
from kg.config import settings
from kg.extract import Extractor
from kg.extract.model import load_model
from kg.ingest.context import Context
from kg.ingest.graph import document_quads, machine_facts_to_keep
from kg.ingest.step import Job, setup_of
from kg.sources.collect import collect
from kg.sources.identity import name_id
from kg.sources.readers import read_article
from kg.store import open_store

REPO = Path(__file__).resolve().parents[1]


class _TimedModel:
    """The spaCy pipeline with the CPU of `pipe` counted (the extractor calls `list(pipe())`)."""

    def __init__(self, nlp: Any) -> None:
        self._nlp = nlp
        self.cpu = 0.0
        self.profiler: cProfile.Profile | None = None  # paused while the model runs

    def pipe(self, texts: Any, **options: Any) -> Iterator[Any]:
        if self.profiler:
            self.profiler.disable()
        started = time.process_time()
        docs = list(self._nlp.pipe(texts, **options))
        self.cpu += time.process_time() - started
        if self.profiler:
            self.profiler.enable()
        return iter(docs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._nlp, name)


STAGES = {  # the extraction rules' stages, as kg.extract.pipeline calls them
    "paragraphs": ("kg.extract.pipeline", "paragraphs"),
    "model_text": ("kg.extract.pipeline", "model_text"),
    "sentences_from": ("kg.extract.pipeline", "sentences_from"),
    "mentions": ("kg.extract.mentions", "MentionFinder.find"),
    "dates": ("kg.extract.pipeline", "find_dates"),
    "measures": ("kg.extract.measures", "MeasureFinder.find"),
    "statements": ("kg.extract.statements", "StatementFinder.find"),
    "remember": ("kg.extract.pipeline", "Extractor._remember"),
    "consolidate": ("kg.extract.pipeline", "consolidate"),
    "measure_facts": ("kg.extract.pipeline", "measure_facts"),
    "statement_facts": ("kg.extract.pipeline", "statement_facts"),
    "mention_links": ("kg.extract.pipeline", "mention_links"),
}


def time_stages() -> dict[str, float]:
    """Wrap each stage of STAGES so that its CPU seconds add up in the dict returned (for
    --stages: a diagnostic, the wrappers cost a little)."""
    spent = dict.fromkeys(STAGES, 0.0)
    for stage, (module_name, attribute) in STAGES.items():
        owner: Any = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        original = getattr(owner, name)

        def timed(*args: Any, _original: Any = original, _stage: str = stage, **kw: Any) -> Any:
            started = time.process_time()
            try:
                return _original(*args, **kw)
            finally:
                spent[_stage] += time.process_time() - started

        static = isinstance(inspect.getattr_static(owner, name), staticmethod)
        setattr(owner, name, staticmethod(timed) if static else timed)
    return spent


def _context() -> Context:
    return Context(settings(), open_store("memory"), True, 1_000_000)


def _jobs(corpus: Path, context: Context) -> list[Job]:
    """The corpus's documents under the ids `kg ingest` gives them on a first run."""
    found, _ = collect([corpus])
    jobs = []
    for item in found:
        resolved = item.path.resolve()
        default = item.path.stem if context.bundled.get(item.path.stem) == resolved else None
        document = read_article(item.path, default or name_id(item.relative))
        entities, curated, rejected = context.curated_for(document)
        jobs.append(Job(document, entities, curated, frozenset(rejected)))
    return jobs


@dataclasses.dataclass
class Phases:
    documents: int = 0
    model: float = 0.0
    rules: float = 0.0
    keep: float = 0.0
    quads: float = 0.0

    def per_document(self) -> dict[str, float]:
        n = max(self.documents, 1)
        return {
            "model": 1000 * self.model / n,
            "rules": 1000 * self.rules / n,
            "keep": 1000 * self.keep / n,
            "quads": 1000 * self.quads / n,
        }


def run_step(
    jobs: list[Job], context: Context, profile: str | None = None
) -> tuple[Phases, dict[str, bytes], cProfile.Profile | None]:
    """`process` over every job, phase by phase; the quads of each document by id."""
    setup = setup_of(context)
    timed = _TimedModel(load_model())
    nlp = cast(Language, timed)  # a proxy of the Language object
    extractor = Extractor(
        setup.gazetteer, nlp=nlp, known_ids=setup.kinds, max_chars=setup.max_chars
    )
    extractor.extract(jobs[0].document)  # warm up: first-call caches
    timed.cpu = 0.0
    phases, out = Phases(), {}
    profiler = cProfile.Profile() if profile in ("rules", "quads") else None
    if profile == "rules":
        timed.profiler = profiler
    for job in jobs:
        model_before = timed.cpu
        started = time.process_time()
        if profiler and profile == "rules":
            profiler.enable()
        result = extractor.extract(job.document)
        if profiler and profile == "rules":
            profiler.disable()
        extracted = time.process_time()
        machine = machine_facts_to_keep(
            result.facts, job.curated, set(job.rejected), set(setup.reference_ids)
        )
        kept = time.process_time()
        if profiler and profile == "quads":
            profiler.enable()
        quads = document_quads(
            job.document,
            [*job.curated, *machine],
            [*job.entities, *result.entities, *result.mentioned],
            setup.kinds,
            result.mention_links,
        )
        if profiler and profile == "quads":
            profiler.disable()
        done = time.process_time()
        model = timed.cpu - model_before
        phases.documents += 1
        phases.model += model
        phases.rules += extracted - started - model
        phases.keep += kept - extracted
        phases.quads += done - kept
        out[job.document.id] = quads
    return phases, out, profiler


def startup_cpu(profile: bool = False) -> float:
    """CPU seconds of the ingest Context's start-up in a fresh process (no warm caches)."""
    code = (
        "import time, cProfile, pstats, sys\n"
        "from bench.step_profile import _context\n"
        "p = cProfile.Profile() if sys.argv[1] == '1' else None\n"
        "t = time.process_time()\n"
        "p and p.enable()\n"
        "_context()\n"
        "p and p.disable()\n"
        "print(time.process_time() - t)\n"
        "p and pstats.Stats(p, stream=sys.stderr).sort_stats('cumulative').print_stats(30)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, "1" if profile else "0"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    if profile:
        print(done.stderr)
    return float(done.stdout.strip().splitlines()[-1])


def compare(out: dict[str, bytes], folder: Path) -> list[str]:
    """Ids whose quads differ from (or are missing in) an earlier --save."""
    bad = [d for d, q in out.items() if (folder / f"{d}.nq").read_bytes() != q]
    have = {p.stem for p in folder.glob("*.nq")}
    return sorted(bad + sorted(have - set(out)) + sorted(set(out) - have - set(bad)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--corpus", type=Path, help="a folder of articles instead of synthetic")
    parser.add_argument("--save", type=Path, help="write each document's quads to DIR/<id>.nq")
    parser.add_argument("--compare", type=Path, help="check the quads against an earlier --save")
    parser.add_argument("--profile", choices=["rules", "quads", "startup"])
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=1, help="start-up timings (processes)")
    parser.add_argument("--no-startup", action="store_true")
    parser.add_argument("--stages", action="store_true", help="CPU of each rule stage")
    args = parser.parse_args()
    corpus = args.corpus
    if corpus is None:  # a fixed folder: the file's path is in its graph (kg:origin)
        corpus = Path(tempfile.gettempdir()) / f"step-profile-{args.articles}"
        shutil.rmtree(corpus, ignore_errors=True)
        write_corpus(corpus, args.articles)
    spent = time_stages() if args.stages else None
    context = _context()
    jobs = _jobs(corpus, context)
    phases, out, profiler = run_step(jobs, context, args.profile)
    row: dict[str, Any] = {"documents": phases.documents} | {
        f"{k}_ms": round(v, 2) for k, v in phases.per_document().items()
    }
    if not args.no_startup:
        runs = [startup_cpu(args.profile == "startup") for _ in range(args.repeat)]
        row["startup_s"] = round(min(runs), 3)
    if spent is not None:
        row["stages_ms"] = {k: round(1000 * v / len(jobs), 2) for k, v in spent.items()}
    print(json.dumps(row))
    if profiler is not None:
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("tottime").print_stats(args.top)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_callers(12)
        print(text.getvalue())
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for document, quads in out.items():
            (args.save / f"{document}.nq").write_bytes(quads)
    if args.compare:
        bad = compare(out, args.compare)
        print(f"compare: {len(out) - len(bad)} identical, {len(bad)} differ: {bad[:10]}")
        if bad:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
