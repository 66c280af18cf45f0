"""Stage: machine ingest. New or changed articles are read (kg.sources), extracted, linked and
written as one named graph each, recorded in build/ingested/ and loaded into the store.

`ingest_paths` (kg.ingest.run, and with it the extractor) is imported on first use, so that
`kg build` can read the ingest records (kg.ingest.records) without loading spaCy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.ingest.run import ingest_paths

__all__ = ["ingest_paths"]


def __getattr__(name: str) -> Any:
    if name == "ingest_paths":
        return importlib.import_module("kg.ingest.run").ingest_paths
    raise AttributeError(f"module 'kg.ingest' has no attribute {name!r}")
