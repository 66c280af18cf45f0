"""SHACL validation of the built graph, with a report a person can read."""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.term import Node

from kg.errors import ValidationFailed
from kg.ontology import shapes_graph

__all__ = ["Violation", "check", "fail_on", "short", "violations"]

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True, order=True)
class Violation:
    shape: str
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"[{self.shape}] {self.focus}{path}: {self.message}"


def short(node: Node | None) -> str:
    """How a report names a node: shapes and ontology terms by their local name."""
    if node is None:
        return ""
    text = str(node)
    return text.split("#", 1)[-1] if "/shapes#" in text or "/ontology#" in text else text


def violations(
    data: Graph, shapes: Graph | None = None, use_shapes: list[URIRef] | None = None
) -> list[Violation]:
    """Every SHACL violation of `data` (which must include the ontology for class hierarchy),
    against all shapes or only the top-level `use_shapes`."""
    shapes = shapes if shapes is not None else shapes_graph()
    chosen: list[str | URIRef] | None = None if use_shapes is None else list(use_shapes)
    _, report, _ = shacl_validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, use_shapes=chosen
    )
    assert isinstance(report, Graph)
    owners = {prop: shape for shape, prop in shapes.subject_objects(SH.property)}
    top_level = set(shapes.subjects(SH.targetClass, None))
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(result, SH.resultSeverity) != SH.Violation:
            continue
        source = report.value(result, SH.sourceShape)
        owner = source if source in top_level else owners.get(source) if source else None
        if owner is None or owner not in top_level:
            continue  # the detail of a nested sh:node check; its parent is reported too
        found.append(
            Violation(
                shape=short(owner),
                focus=short(report.value(result, SH.focusNode)),
                path=short(report.value(result, SH.resultPath)),
                message=str(report.value(result, SH.resultMessage) or "violation"),
            )
        )
    return sorted(found)


def check(data: Graph, shapes: Graph | None = None) -> None:
    """Raise ValidationFailed with a readable report if `data` violates the shapes."""
    fail_on(violations(data, shapes))


def fail_on(found: list[Violation]) -> None:
    """Raise ValidationFailed listing the first 50 of `found`, if there are any."""
    if found:
        lines = [str(v) for v in found[:50]]
        if len(found) > 50:
            lines.append(f"... and {len(found) - 50} more")
        raise ValidationFailed("\n".join(lines), len(found))
