"""Stage: machine extraction of entities, measures, dates and statements from article text.

Names are imported on first use: the linker (kg.link) reads this package's lexicon and the
extractor reads the linker, so eager imports here would run in a circle whenever kg.link is
imported before kg.extract.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.extract.facts import EXTRACTOR, EXTRACTOR_VERSION
    from kg.extract.pipeline import DocumentExtraction, Extractor

__all__ = ["EXTRACTOR", "EXTRACTOR_VERSION", "DocumentExtraction", "Extractor"]

_HOME = {
    "EXTRACTOR": "kg.extract.facts",
    "EXTRACTOR_VERSION": "kg.extract.facts",
    "DocumentExtraction": "kg.extract.pipeline",
    "Extractor": "kg.extract.pipeline",
}


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'kg.extract' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # looked up once
    return value
