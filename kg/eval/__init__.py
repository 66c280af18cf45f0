"""Stage: evaluation of the extractor against the curated facts of the bundled articles."""

from kg.eval.metrics import Score
from kg.eval.run import EvalReport, evaluate

__all__ = ["EvalReport", "Score", "evaluate"]
