"""yaml.safe_load by libyaml's C loader when PyYAML has it: the same documents, ten times faster.

The curated data (a megabyte of YAML) is read at the start of every `kg ingest` and `kg build`:
PyYAML's Python loader took 1.2 s of it. Both loaders build the same objects with the same safe
constructor; an error is read again by the Python loader so that its message is the usual one.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["safe_load"]

_FAST: Any = getattr(yaml, "CSafeLoader", None)


def safe_load(text: str, python_loader: Any = yaml.SafeLoader) -> Any:
    """Parse YAML like yaml.safe_load; raises yaml.YAMLError. `python_loader` (a SafeLoader)
    reads it when libyaml is missing or refuses it."""
    if _FAST is not None:
        try:
            return yaml.load(text, Loader=_FAST)
        except yaml.YAMLError:
            pass  # the Python loader gives the message
    return yaml.load(text, Loader=python_loader)
