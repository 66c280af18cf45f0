"""Errors of the view stage: a focus name that matches nothing or several nodes."""

from __future__ import annotations

from kg.errors import KGError

__all__ = ["FocusAmbiguous", "FocusNotFound", "ViewError"]


class ViewError(KGError):
    """A view cannot be drawn from this graph."""


class FocusNotFound(ViewError):
    """No node has this label, alias or IRI; `candidates` are the closest names."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        self.name = name
        self.candidates = candidates
        hint = "; ".join(candidates) if candidates else "no similar names"
        super().__init__(f"no node is named {name!r} (label, alias or IRI); closest: {hint}")


class FocusAmbiguous(ViewError):
    """Several nodes share this name; `candidates` are 'label <IRI>' of each."""

    def __init__(self, name: str, candidates: list[str]) -> None:
        self.name = name
        self.candidates = candidates
        listed = "; ".join(candidates)
        super().__init__(f"{name!r} names {len(candidates)} nodes, give one IRI: {listed}")
