"""YAML for untrusted metadata: no aliases, so a few hundred bytes cannot expand to gigabytes.

PyYAML's safe loader still expands aliases (`*a`), and nested anchors multiply: 9 levels in 494
bytes took 100 s and 6 GB before a MemoryError. Metadata has no use for them, so the composer
refuses the first alias before anything is built. An alias needs a `*`: text without one is
read by libyaml's C loader when PyYAML has it (ten times faster: the front matter of every
ingested file is read here), and an error there is read again by the Python loader, so its
message is the same either way.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent

from kg.yamlread import safe_load

__all__ = ["load_metadata", "yaml_problem"]


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]  # PyYAML has no stubs for it
            raise ComposerError(
                None,
                None,
                f"aliases (*{event.anchor}) are not allowed in metadata",
                event.start_mark,
            )
        return super().compose_node(parent, index)


def load_metadata(text: str) -> Any:
    """Parse YAML like yaml.safe_load, refusing aliases; raises yaml.YAMLError."""
    if "*" not in text:  # no alias: libyaml may read it (kg.yamlread)
        return safe_load(text, python_loader=_NoAliasLoader)
    return yaml.load(text, Loader=_NoAliasLoader)


def yaml_problem(error: yaml.YAMLError) -> str:
    """A YAML error on one line: the problem and where (PyYAML's own text spans several)."""
    if isinstance(error, yaml.MarkedYAMLError) and error.problem:
        mark = error.problem_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        return f"{error.problem}{where}"
    return " ".join(str(error).split())
