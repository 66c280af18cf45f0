"""Can the rules run on a thread beside the model? spaCy's `nlp.pipe` against a busy Python thread.

Run: .venv/bin/python -m bench.gil_overlap [--articles 10] [--switch 5,0.5]

A two-stage thread pipeline (the model parses document N+1 while the rules and quads of document
N run) would lift single-process ingest towards the model's own speed only if the model left the
GIL free most of the time. This runs the extractor's model calls over N synthetic articles
(bench/corpus.py) alone, then again while a second thread runs pure-Python work, at each GIL
switch interval given, and prints how much slower the model got and what share of a core the
other thread had. It writes nothing: the section "Threads beside the model" of bench/README.md
holds its numbers, copied by hand.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import write_corpus
from bench.scale_bench import _spacy_alone, _texts


def _busy(stop: threading.Event, rounds: list[int]) -> None:
    """Dictionary and string work, as the rules do, counted in rounds."""
    table: dict[int, str] = {}
    done = 0
    while not stop.is_set():
        for i in range(1000):
            table[i % 97] = str(i)
        done += 1
    rounds.append(done)


def _beside_busy(texts: list[list[str]] | None, seconds: float = 2.0) -> tuple[float, float]:
    """The model's seconds over `texts` (or a sleep's) with the busy thread running, and the
    thread's rounds a second meanwhile."""
    stop, rounds = threading.Event(), []
    thread = threading.Thread(target=_busy, args=(stop, rounds))
    started = time.perf_counter()
    thread.start()
    try:
        if texts is None:
            time.sleep(seconds)
            timed = seconds
        else:
            timed = _spacy_alone(texts)[0]
    finally:
        stop.set()
        thread.join()
    return timed, rounds[0] / (time.perf_counter() - started)


@dataclass(frozen=True)
class Overlap:
    interval: float  # the GIL switch interval, seconds
    slowdown: float  # the model's wall time beside the busy thread / alone
    share: float  # the busy thread's rounds / its rounds alone in the same time


def measure(articles: int, intervals: Sequence[float]) -> tuple[float, list[Overlap]]:
    """The model's seconds alone over `articles` synthetic articles, and beside a busy thread
    at each switch interval (the interpreter's own interval is put back after)."""
    with tempfile.TemporaryDirectory() as folder:
        write_corpus(Path(folder), articles)
        texts = _texts(Path(folder))
    alone = _spacy_alone(texts)[0]
    _, rate = _beside_busy(None)
    overlaps = []
    default = sys.getswitchinterval()
    try:
        for interval in intervals:
            sys.setswitchinterval(interval)
            together, beside = _beside_busy(texts)
            overlaps.append(Overlap(interval, together / alone, beside / rate))
    finally:
        sys.setswitchinterval(default)
    return alone, overlaps


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--switch", default="5,0.5", help="GIL switch intervals, milliseconds")
    args = parser.parse_args(argv)
    intervals = [float(ms) / 1000 for ms in args.switch.split(",")]
    alone, overlaps = measure(args.articles, intervals)
    print(f"{args.articles} articles: model alone {alone:.2f} s")
    for o in overlaps:
        print(
            f"switch interval {o.interval * 1000:g} ms: model {o.slowdown:.1f}x its time alone, "
            f"busy thread {o.share:.2f} of a core"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
