"""Front matter: a YAML block between '---' lines at the top of a .txt or .md file.

The block is metadata, not text: the document's text (and every offset into it) starts after
the closing '---' line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from kg.errors import DocumentError
from kg.sources.yamlsafe import load_metadata, yaml_problem

__all__ = ["HEADER_FIELDS", "split_front_matter", "split_header_block"]

HEADER_FIELDS = ("source", "published", "title", "publisher")
_HEADER_LINE = re.compile(r"^(source|published|title|publisher):[ \t]*(.*?)[ \t]*$", re.IGNORECASE)


def split_header_block(text: str) -> tuple[dict[str, str] | None, str]:
    """(fields or None, body) of a plain `key: value` header at the top of a .txt: lines of
    the HEADER_FIELDS only, ended by a blank line. Anything else leaves the text as it is, so an
    article that opens with "Title: ..." prose is never cut."""
    lines = text.split("\n")
    fields: dict[str, str] = {}
    for number, line in enumerate(lines):
        if not line.strip():
            if not fields:
                return None, text
            return fields, "\n".join(lines[number + 1 :])
        match = _HEADER_LINE.match(line)
        if match is None or match.group(1).lower() in fields:
            return None, text
        fields[match.group(1).lower()] = match.group(2)
    return None, text


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
