"""The lexicons: trigger, goods and speech words, cues, countries and transliterations as data.

They sit below kg.extract and kg.link, which both read them (the linker folds names and knows
countries by them), so that neither of the two imports the other for its words.
"""

from kg.lexicon.load import LEXICON_DIR, Frame, Lexicon, lexicon, lexicon_fingerprint

__all__ = ["LEXICON_DIR", "Frame", "Lexicon", "lexicon", "lexicon_fingerprint"]
