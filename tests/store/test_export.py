"""Export round-trips in every format, from every kind of source, and never leaves a torn file."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import KGError, StoreError
from kg.store import GraphStore, export

FORMATS = {
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
    "turtle": ox.RdfFormat.TURTLE,
}


def _quads(path: Path, rdf_format: ox.RdfFormat) -> set[str]:
    return {str(q) for q in ox.parse(path=str(path), format=rdf_format)}


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_round_trips(fmt: str, backend: GraphStore, nquads: Path, tmp_path: Path) -> None:
    target = tmp_path / f"kg.{fmt}"
    report = export(backend, target, fmt)
    original = {q for q in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS)}
    # no graphs in Turtle: the merged graph, each triple once
    expected = {str(q.triple) if fmt == "turtle" else str(q) for q in original}
    assert _quads(target, FORMATS[fmt]) == expected
    assert report.quads == len(expected)


def test_export_from_a_built_file(nquads: Path, tmp_path: Path) -> None:
    export(nquads, tmp_path / "kg.trig", "trig")
    export(tmp_path / "kg.trig", tmp_path / "again.nq", "nquads")
    assert _quads(tmp_path / "again.nq", ox.RdfFormat.N_QUADS) == _quads(
        nquads, ox.RdfFormat.N_QUADS
    )


def test_a_failed_export_leaves_the_previous_file_whole(nquads: Path, tmp_path: Path) -> None:
    target = tmp_path / "kg.trig"
    target.write_text("previous content\n")
    broken = tmp_path / "broken.nq"
    broken.write_bytes(nquads.read_bytes() + b'<urn:x:s> <urn:x:p> "unterminated .\n')
    with pytest.raises(StoreError, match=r"broken\.nq"):
        export(broken, target, "trig")
    assert target.read_text() == "previous content\n"
    assert {p.name for p in tmp_path.iterdir()} == {"kg.trig", "broken.nq"}  # no temporary left


def test_unknown_format_is_named(nquads: Path, tmp_path: Path) -> None:
    with pytest.raises(KGError, match="'rdfxml'"):
        export(nquads, tmp_path / "x", "rdfxml")
