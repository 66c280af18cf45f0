"""Front matter: a YAML block between '---' lines at the top of a .txt or .md file.

The block is metadata, not text: the document's text (and every offset into it) starts after
the closing '---' line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kg.errors import DocumentError
from kg.ingest.yamlsafe import load_metadata, yaml_problem

__all__ = ["split_front_matter"]


def split_front_matter(text: str, path: Path) -> tuple[dict[str, Any] | None, str]:
    """(metadata or None, body). A block that opens but never closes is an error naming the file."""
    if not text.startswith("---\n"):
        return None, text
    end = text.find("\n---\n", 3)
    if end < 0:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            raise DocumentError(path, "front matter opened with '---' but never closed")
    block = text[4:end]
    try:
        data = load_metadata(block) or {}
    except yaml.YAMLError as error:
        raise DocumentError(path, f"malformed front matter YAML: {yaml_problem(error)}") from None
    if not isinstance(data, dict):
        raise DocumentError(path, "front matter must be a mapping of field names to values")
    return data, text[end + 5 :]
