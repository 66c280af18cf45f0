"""Stage: build the graph from documents, curated data and extracted facts; validate; write.

`kg.build.mentions` (the extractor, and so spaCy) is imported on first use only, so a build that
finds every mention in its cache starts without it.
"""

from __future__ import annotations

import importlib
from typing import Any


def __getattr__(name: str) -> Any:
    if name == "mentions":
        return importlib.import_module("kg.build.mentions")
    raise AttributeError(f"module 'kg.build' has no attribute {name!r}")
