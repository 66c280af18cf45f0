"""Errors of the interoperability formats (FollowTheMoney, JSON-LD, documentation)."""

from __future__ import annotations

from kg.errors import KGError

__all__ = ["FtmExportError", "FtmImportError", "InteropError"]


class InteropError(KGError):
    """An exchange format cannot be written or read; the message names the file or IRI."""


class FtmExportError(InteropError):
    """A graph value has no FollowTheMoney form (a value FtM would silently drop, a missing name)."""


class FtmImportError(InteropError):
    """A FollowTheMoney file is malformed; the message names the file and line."""
