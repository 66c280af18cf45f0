"""Results printed for people (80 columns, one line a row) and for programs (CSV, TSV, JSON)."""

from __future__ import annotations

import csv
import io
import json

from rich.console import Console

from kg.namespace import BASE
from kg.query.format import fit_widths, fits, render_text, to_records, to_table, wide_width
from kg.store import QueryResult, Term

LONG = "a statement " * 30
RESULT = QueryResult(
    ["who", "said", "n", "gap"],
    [
        (Term.iri(f"{BASE}id/person/sergey-lavrov"), Term.literal(LONG), Term.literal("3"), None),
        (Term.iri("urn:x:a"), Term.literal("tab\there\nand a line"), None, None),
        (Term.iri(f"{BASE}id/state/jp"), Term.literal("[bold]markup[/bold]"), None, None),
    ],
)


def _render(result: QueryResult, width: int, **options: bool) -> list[str]:
    buffer = io.StringIO()
    Console(width=width, file=buffer, color_system=None).print(
        to_table(result, "t", width=width, **options)
    )
    return buffer.getvalue().splitlines()


def test_a_table_fits_80_columns_one_line_a_row() -> None:
    lines = _render(RESULT, 80)
    assert all(len(line) <= 80 for line in lines)
    body = [line for line in lines if "id:" in line or "urn:" in line]
    assert len(body) == 3  # each row on one line, IRIs as prefixed names
    assert any("id:person/sergey-lavrov" in line for line in body)
    assert any("…" in line for line in body)  # the long cell is cut, not wrapped
    assert any("[bold]markup[/bold]" in line for line in lines)  # data is not markup


def test_wide_shows_every_cell_whole() -> None:
    lines = _render(RESULT, wide_width(RESULT), wide=True)
    assert any(LONG.strip() in line for line in lines)
    assert max(map(len, lines)) == wide_width(RESULT)


def test_text_formats_keep_whole_iris_and_one_line_a_row() -> None:
    tsv = render_text(RESULT, "tsv").splitlines()
    assert tsv[0] == "who\tsaid\tn\tgap" and len(tsv) == 4
    assert tsv[2] == "urn:x:a\ttab\\there\\nand a line\t\t"
    assert tsv[1].startswith(f"{BASE}id/person/sergey-lavrov\t")
    rows = list(csv.reader(io.StringIO(render_text(RESULT, "csv"))))
    assert rows[2][1] == "tab\there\nand a line" and len(rows) == 4
    data = json.loads(render_text(RESULT, "json"))
    assert data["head"]["vars"] == RESULT.variables
    assert data["results"]["bindings"][1] == {
        "who": {"type": "uri", "value": "urn:x:a"},
        "said": {"type": "literal", "value": "tab\there\nand a line"},
    }


def test_the_widest_columns_give_way_first() -> None:
    assert fit_widths([23, 50, 3, 3], 80) == [23, 50, 3, 3]
    widths = fit_widths([23, 60, 3, 3], 60)
    assert widths[0] == 23 and widths[2:] == [3, 3] and sum(widths) <= 60


def test_a_result_too_wide_for_a_table_is_shown_as_records() -> None:
    many = QueryResult([f"column{i}" for i in range(8)], [tuple(RESULT.rows[0][:2]) * 4])
    assert fits(RESULT, 80) and not fits(many, 80)
    buffer = io.StringIO()
    Console(width=80, file=buffer, color_system=None).print(
        to_records(many, "t", width=80), soft_wrap=True
    )
    lines = buffer.getvalue().splitlines()
    assert max(map(len, lines)) <= 80
    assert lines[2].startswith("column0  id:person/sergey-lavrov") and len(lines) == 1 + 1 + 8
