"""Load data/curated/*.yaml into entities and facts, checking every rule of data/curated/README.md.

Every problem raises CurationError naming the file and the id at fault; nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kg.curate.checks import check_curated
from kg.curate.evidence import locate_quotes
from kg.curate.fields import FieldProblem, parse_fields
from kg.curate.inherit import inherit_package_dates
from kg.errors import CurationError
from kg.iris import ID_PATTERN
from kg.model import Entity, Fact, SourceDocument
from kg.ontology import concepts
from kg.schema import ENTITY_KINDS, FACT_KINDS, FieldSpec
from kg.yamlread import safe_load

__all__ = ["ENTITY_SECTIONS", "CuratedData", "load_curated", "load_entities"]

ENTITY_SECTIONS = {
    "states": "state",
    "persons": "person",
    "organizations": "organization",
    "territories": "territory",
    "posts": "post",
    "agreements": "agreement",
}
REFERENCE_FILE = "entities.yaml"


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


def _concept_ok(spec: FieldSpec, name: str) -> bool:
    return spec.scheme is not None and spec.scheme[name] in concepts()


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise CurationError(path, "", f"cannot read: {error}") from error
    except yaml.YAMLError as error:
        raise CurationError(path, "", f"malformed YAML: {error}") from error
    if not isinstance(data, dict):
        raise CurationError(path, "", "expected a mapping at the top level")
    return data


def _entities(path: Path, sections: Any, source_id: str | None) -> list[Entity]:
    if not isinstance(sections, dict):
        raise CurationError(path, "entities", "expected a mapping of sections to lists")
    entities = []
    for section, items in sections.items():
        kind = ENTITY_SECTIONS.get(section)
        if kind is None:
            raise CurationError(path, section, f"unknown section; use {sorted(ENTITY_SECTIONS)}")
        for item in items or []:
            raw = dict(item) if isinstance(item, dict) else {}
            entity_id, name = raw.pop("id", None), raw.pop("name", None)
            where = f"{section}/{entity_id}"
            if not isinstance(entity_id, str) or not ID_PATTERN.match(entity_id):
                raise CurationError(path, where, "needs an id of lowercase a-z, 0-9 and '-'")
            if not isinstance(name, str) or not name.strip():
                raise CurationError(path, where, "needs a name")
            try:
                attrs = parse_fields(raw, ENTITY_KINDS[kind].fields, _concept_ok)
            except FieldProblem as problem:
                raise CurationError(path, where, str(problem)) from None
            # Entity.aliases holds every other name, for the linker; the RDF writer keeps the
            # external ones (not spelt so in any article) apart as kg:externalName
            aliases = tuple(attrs.pop("aliases", ()))
            aliases += tuple(n for n in attrs.get("external_names", ()) if n not in aliases)
            entities.append(
                Entity(entity_id, kind, name.strip(), aliases, attrs, source_id, str(path))
            )
    return entities


def load_entities(path: Path) -> list[Entity]:
    """The reference entities of entities.yaml."""
    data = _read_yaml(path)
    return _entities(path, data, None)


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
            fields = parse_fields(raw, FACT_KINDS[kind].fields, _concept_ok)
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
        facts.append(Fact(fact_id, kind, document.id, fields, evidence, note, str(path)))
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
        content = _read_yaml(path)
        source_id = content.pop("source", None)
        if source_id not in by_id:
            raise CurationError(path, "source", f"no source document {source_id!r} in the corpus")
        data.entities.extend(_entities(path, content.pop("entities", {}) or {}, source_id))
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
