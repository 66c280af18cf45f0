"""Read the reference entities (data/curated/entities.yaml) and the entity sections of any file.

The linker's gazetteer, the ingest and the curated-data loader all need them: they sit on this floor,
below kg.link and kg.curate, so that the linker reads them without importing the curation stage.
Every problem raises CurationError naming the file and the id at fault.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kg.errors import CurationError
from kg.fields import FieldProblem, parse_fields
from kg.iris import ID_PATTERN
from kg.model import Entity
from kg.ontology import concepts
from kg.schema import ENTITY_KINDS, FieldSpec
from kg.yamlread import safe_load

__all__ = [
    "ENTITY_SECTIONS",
    "REFERENCE_FILE",
    "concept_ok",
    "load_entities",
    "parse_entities",
    "read_mapping",
]

ENTITY_SECTIONS = {
    "states": "state",
    "persons": "person",
    "organizations": "organization",
    "territories": "territory",
    "posts": "post",
    "agreements": "agreement",
}
REFERENCE_FILE = "entities.yaml"


def concept_ok(spec: FieldSpec, name: str) -> bool:
    """Whether `name` is a concept of the field's SKOS scheme."""
    return spec.scheme is not None and spec.scheme[name] in concepts()


def read_mapping(path: Path) -> dict[str, Any]:
    """A YAML file whose top level is a mapping."""
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise CurationError(path, "", f"cannot read: {error}") from error
    except yaml.YAMLError as error:
        raise CurationError(path, "", f"malformed YAML: {error}") from error
    if not isinstance(data, dict):
        raise CurationError(path, "", "expected a mapping at the top level")
    return data


def parse_entities(path: Path, sections: Any, source_id: str | None) -> list[Entity]:
    """The entities of a mapping of sections (states, persons, ...) to lists, from `path`."""
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
                attrs = parse_fields(raw, ENTITY_KINDS[kind].fields, concept_ok)
            except FieldProblem as problem:
                raise CurationError(path, where, str(problem)) from None
            # Entity.aliases holds every other name, for the linker; the RDF writer keeps the
            # external ones (not spelt so in any article) apart as kg:externalName
            aliases = tuple(attrs.pop("aliases", ()))
            aliases += tuple(n for n in attrs.get("external_names", ()) if n not in aliases)
            entities.append(
                Entity(
                    id=entity_id,
                    kind=kind,
                    name=name.strip(),
                    aliases=aliases,
                    attrs=attrs,
                    source_id=source_id,
                    origin=str(path),
                )
            )
    return entities


def load_entities(path: Path) -> list[Entity]:
    """The reference entities of entities.yaml."""
    return parse_entities(path, read_mapping(path), None)
