"""Stage: exchange formats. FollowTheMoney export and import, compact JSON-LD with the published
context (ontology/context.jsonld), and HTML documentation of the ontology (pyLODE)."""

from __future__ import annotations
