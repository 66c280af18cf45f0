"""Commands of the analyse stage."""

from __future__ import annotations

from kg.cli.app import app  # noqa: F401
