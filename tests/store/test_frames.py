"""Results as Python values and a typed DataFrame: dates of any precision sort as one type."""

from __future__ import annotations

import datetime as dt
import warnings
from decimal import Decimal

import pandas as pd
import pytest

from kg.dates import PartialDate
from kg.errors import QueryError
from kg.store import Term, open_store
from kg.store.oxigraph import OxigraphStore
from kg.store.terms import IriLikeLiteral, to_term

XSD = "http://www.w3.org/2001/XMLSchema#"
ROWS = f"""SELECT ?when ?n ?label ?flag WHERE {{ VALUES (?when ?n ?label ?flag) {{
  ("2014"^^<{XSD}gYear> 1 "a" true)
  ("2023-12-18"^^<{XSD}date> UNDEF UNDEF UNDEF)
  ("2014-05"^^<{XSD}gYearMonth> 3 "b" false)
  (UNDEF 4 "c" true)
}} }}"""


@pytest.fixture(scope="module")
def memory() -> OxigraphStore:
    return open_store("memory")  # type: ignore[return-value]


def test_dates_of_every_precision_are_partial_dates(memory: OxigraphStore) -> None:
    whens = [row[0] for row in memory.query(ROWS).values()]
    assert whens == [PartialDate("2014"), PartialDate("2023-12-18"), PartialDate("2014-05"), None]
    assert [w.precision for w in whens if w] == ["year", "day", "month"]
    assert sorted(w for w in whens if w) == [
        PartialDate("2014"),
        PartialDate("2014-05"),
        PartialDate("2023-12-18"),
    ]


def test_the_dataframe_is_typed_and_sorts_by_date(memory: OxigraphStore) -> None:
    frame = memory.query(ROWS).to_dataframe()
    assert list(frame.columns) == ["when", "when_precision", "n", "label", "flag"]
    assert str(frame["n"].dtype) == "Int64" and str(frame["flag"].dtype) == "boolean"
    assert str(frame["label"].dtype) == "string"
    ordered = frame.sort_values("when")  # raised TypeError when dates were date | str
    assert [str(w) for w in ordered["when"]] == ["2014", "2014-05", "2023-12-18", "<NA>"]
    assert list(ordered["when_precision"].fillna("-")) == ["year", "month", "day", "-"]
    # one kind of gap everywhere: pd.NA, never None in one column and NaN in another
    gaps = [frame.loc[1, c] for c in ("n", "label", "flag")] + [frame.loc[3, "when"]]
    assert all(g is pd.NA for g in gaps)


def test_a_literal_that_does_not_fit_its_datatype_stays_text() -> None:
    assert Term.literal("2023-02-30", f"{XSD}date").to_python() == "2023-02-30"
    assert Term.literal("x", f"{XSD}integer").to_python() == "x"
    assert Term.literal("1.50", f"{XSD}decimal").to_python() == Decimal("1.50")


def test_python_values_bind_with_their_datatype(memory: OxigraphStore) -> None:
    for value, datatype in [
        (3, "integer"),
        (2.5, "double"),
        (True, "boolean"),
        (Decimal("1.5"), "decimal"),
        (dt.date(2023, 12, 18), "date"),
        (PartialDate("2023-12"), "gYearMonth"),
        ("text", "string"),
    ]:
        term = memory.query("SELECT ?v WHERE { }", {"v": value}).rows[0][0]  # type: ignore[dict-item]
        assert term is not None and term.datatype == XSD + datatype, value
    with pytest.raises(QueryError, match="cannot be bound"):
        to_term(object())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["http://example.org/a", "<urn:x:a>", "urn:isbn:123", "https://kg/id/person/x"]
)
def test_a_string_that_looks_like_an_iri_stays_a_literal_but_warns(
    memory: OxigraphStore, text: str
) -> None:
    with pytest.warns(IriLikeLiteral, match="Term.iri"):
        term = memory.query("SELECT ?v WHERE { }", {"v": text}).rows[0][0]
    assert term is not None and term.kind == "literal" and term.value == text


@pytest.mark.parametrize("text", ["Sergey Lavrov", "note: see http://x", "2023-12", "a:b"])
def test_ordinary_text_binds_silently(text: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert to_term(text).kind == "literal"
