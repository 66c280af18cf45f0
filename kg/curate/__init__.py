"""Stage: curated data, the reviewed facts analysts edit by hand (data/curated/*.yaml)."""

from kg.curate.load import CuratedData, load_curated

__all__ = ["CuratedData", "load_curated"]
