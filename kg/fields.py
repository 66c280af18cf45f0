"""Check and convert one YAML mapping against a kg.schema field table (pop and audit)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from kg.dates import PartialDate
from kg.iris import ID_PATTERN
from kg.schema import (
    CHOICE,
    CONCEPT,
    DATE,
    EXTERNAL,
    FIELD,
    GROUP,
    GROUP_FIELDS,
    GROUPREF,
    INT,
    NUMBER,
    REF,
    TEXT,
    VARIANT,
    VARIANT_FIELDS,
    FieldSpec,
)

__all__ = ["FieldProblem", "parse_fields"]


class FieldProblem(ValueError):
    """A field's value is wrong; the loader adds the file and the fact id."""


ConceptCheck = Callable[[FieldSpec, str], bool]


def _scalar(name: str, spec: FieldSpec, value: Any, concept_ok: ConceptCheck) -> Any:
    kind = spec.kind
    if kind in (REF, FIELD, GROUPREF):
        if not isinstance(value, str) or not (ID_PATTERN.match(value) or kind == FIELD):
            raise FieldProblem(f"{name}: expected an id (lowercase a-z, 0-9, '-'), got {value!r}")
        return value
    if kind == CONCEPT:
        if not isinstance(value, str) or not concept_ok(spec, value):
            scheme = str(spec.scheme) if spec.scheme else "?"
            raise FieldProblem(f"{name}: {value!r} is not a concept of {scheme}")
        return value
    if kind == DATE:
        try:
            return PartialDate.parse(value)
        except ValueError as error:
            raise FieldProblem(f"{name}: {error}") from None
    if kind == INT:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise FieldProblem(f"{name}: expected a non-negative integer, got {value!r}")
        return value
    if kind == NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise FieldProblem(f"{name}: expected a number, got {value!r}")
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise FieldProblem(f"{name}: expected a number, got {value!r}") from None
    if kind in (TEXT, EXTERNAL):
        if not isinstance(value, (str, int, float)) or isinstance(value, bool) or str(value) == "":
            raise FieldProblem(f"{name}: expected non-empty text, got {value!r}")
        return str(value).strip()
    if kind == CHOICE:
        if value not in spec.choices:
            raise FieldProblem(f"{name}: {value!r} is not one of {sorted(spec.choices)}")
        return value
    if kind == GROUP:
        return parse_fields(_mapping(name, value), GROUP_FIELDS, concept_ok)
    if kind == VARIANT:
        return parse_fields(_mapping(name, value), VARIANT_FIELDS, concept_ok)
    raise AssertionError(f"unknown field kind {kind}")


def _mapping(name: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FieldProblem(f"{name}: expected a mapping, got {type(value).__name__}")
    return dict(value)


def parse_fields(
    raw: dict[str, Any], table: Mapping[str, FieldSpec], concept_ok: ConceptCheck
) -> dict[str, Any]:
    """Convert every field of `raw` that `table` declares; any key left over is an error."""
    parsed: dict[str, Any] = {}
    for name, spec in table.items():
        if name not in raw:
            if spec.required:
                raise FieldProblem(f"missing required field {name!r}")
            continue
        value = raw.pop(name)
        if spec.many:
            values = value if isinstance(value, list) else [value]
            if spec.required and not values:
                raise FieldProblem(f"{name}: must not be empty")
            items = [_scalar(name, spec, item, concept_ok) for item in values]
            parsed[name] = items if spec.kind in (GROUP, VARIANT) else list(dict.fromkeys(items))
        else:
            if isinstance(value, list):
                raise FieldProblem(f"{name}: takes one value, got a list")
            parsed[name] = _scalar(name, spec, value, concept_ok)
    if raw:
        raise FieldProblem(f"unknown field(s): {', '.join(sorted(map(str, raw)))}")
    return parsed
