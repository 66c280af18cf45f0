"""bench.gil_overlap runs end to end (the real runs: `python -m bench.gil_overlap`), and what it
shows holds: spaCy's model is slowed by a Python thread beside it, the reason `kg ingest` runs
the rules after the model on the same thread instead of overlapping them on another."""

from __future__ import annotations

import sys

from bench.gil_overlap import measure


def test_a_busy_thread_slows_the_model_and_the_interval_is_put_back() -> None:
    before = sys.getswitchinterval()
    alone, overlaps = measure(1, [0.0005])
    assert alone > 0 and sys.getswitchinterval() == before
    (overlap,) = overlaps
    assert overlap.interval == 0.0005
    assert overlap.slowdown > 1.0  # measured 12x at 5 articles: the model waits for the GIL
    assert 0.0 < overlap.share <= 1.5
