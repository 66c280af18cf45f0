"""Stage: machine extraction of entities, measures, dates and statements from article text."""

from kg.extract.facts import EXTRACTOR, EXTRACTOR_VERSION
from kg.extract.pipeline import DocumentExtraction, Extractor

__all__ = ["EXTRACTOR", "EXTRACTOR_VERSION", "DocumentExtraction", "Extractor"]
