"""Load data/curated/*.yaml into entities and facts, checking every rule of data/curated/README.md.

Every problem raises CurationError naming the file and the id at fault; nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.curate.checks import check_curated
from kg.curate.evidence import locate_quotes
from kg.curate.inherit import inherit_package_dates
from kg.errors import CurationError
from kg.fields import FieldProblem, parse_fields
from kg.iris import ID_PATTERN
from kg.model import Entity, Fact, SourceDocument
from kg.reference import REFERENCE_FILE, concept_ok, load_entities, parse_entities, read_mapping
from kg.schema import FACT_KINDS

__all__ = ["CuratedData", "load_curated"]


@dataclass
class CuratedData:
    entities: list[Entity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    rejected: dict[str, set[str]] = field(default_factory=dict)  # source id -> machine fact ids

    def kinds(self) -> dict[str, str]:
        """id -> entity or fact kind, for every node."""
        index = {e.id: e.kind for e in self.entities}
        index.update({f.id: f.kind for f in self.facts})
        return index


def _facts(
    path: Path, items: Any, document: SourceDocument, by_id: Mapping[str, SourceDocument]
) -> list[Fact]:
    if not isinstance(items, list):
        raise CurationError(path, "facts", "expected a list of facts")
    facts = []
    for item in items:
        raw = dict(item) if isinstance(item, dict) else {}
        fact_id, kind = raw.pop("id", None), raw.pop("kind", None)
        where = str(fact_id)
        if not isinstance(fact_id, str) or not ID_PATTERN.match(fact_id):
            raise CurationError(path, where, "a fact needs an id of lowercase a-z, 0-9 and '-'")
        if kind not in FACT_KINDS:
            raise CurationError(path, where, f"kind must be one of {sorted(FACT_KINDS)}")
        quotes, note = raw.pop("evidence", None), raw.pop("note", None)
        try:
            fields = parse_fields(raw, FACT_KINDS[kind].fields, concept_ok)
            if kind != "discrepancy" and not quotes:
                raise FieldProblem("needs evidence: at least one quote from the source")
            evidence = locate_quotes(document, quotes or [])
            for variant in fields.get("variants", []):
                variant_source = by_id.get(variant["source"])
                if variant_source is None:
                    raise FieldProblem(f"variant source {variant['source']!r} is not in the corpus")
                variant["evidence"] = locate_quotes(variant_source, variant["evidence"])
        except (FieldProblem, ValueError) as problem:
            raise CurationError(path, where, str(problem)) from None
        commented = [e for e in evidence if e.segment_kind == "reader-comments"]
        if commented and kind != "statement":
            raise CurationError(
                path, where, "evidence in reader comments can only support a statement"
            )
        facts.append(
            Fact(
                id=fact_id,
                kind=kind,
                source_id=document.id,
                fields=fields,
                evidence=evidence,
                note=note,
                origin=str(path),
            )
        )
    return facts


def load_curated(folder: Path, documents: Iterable[SourceDocument]) -> CuratedData:
    """Entities of entities.yaml plus entities and facts of every per-source file, checked."""
    folder = Path(folder)
    by_id = {d.id: d for d in documents}
    data = CuratedData()
    reference = folder / REFERENCE_FILE
    if reference.exists():
        data.entities.extend(load_entities(reference))
    for path in sorted(folder.glob("*.yaml")):
        if path.name == REFERENCE_FILE:
            continue
        content = read_mapping(path)
        source_id = content.pop("source", None)
        if source_id not in by_id:
            raise CurationError(path, "source", f"no source document {source_id!r} in the corpus")
        data.entities.extend(parse_entities(path, content.pop("entities", {}) or {}, source_id))
        data.facts.extend(_facts(path, content.pop("facts", []) or [], by_id[source_id], by_id))
        rejected = content.pop("rejected", []) or []
        if not isinstance(rejected, list) or not all(
            isinstance(r, str) and r.startswith("x-") for r in rejected
        ):
            raise CurationError(path, "rejected", "expected a list of machine fact ids (x-...)")
        data.rejected.setdefault(source_id, set()).update(rejected)
        if content:
            raise CurationError(path, "", f"unknown top-level key(s): {sorted(content)}")
    check_curated(data.entities, data.facts)
    inherit_package_dates(data.facts)
    return data
