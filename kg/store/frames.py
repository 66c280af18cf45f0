"""Query results as a typed pandas DataFrame that sorts, filters and plots without surprises.

Each column gets one dtype from its values: nullable integers (Int64), floats (Float64),
booleans (boolean), strings (string); a column of dates holds `PartialDate`s (they sort, coarser
first, and keep their precision) and gets a companion column NAME_precision ('day', 'month',
'year'). Every gap is `pd.NA`, never a mix of None and NaN. A column that mixes kinds (numbers
and text) stays `object`. pandas is imported only here, when a frame is asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from kg.dates import PartialDate
from kg.extras import require

__all__ = ["PRECISION_SUFFIX", "column_kind", "to_dataframe"]

PRECISION_SUFFIX = "_precision"


def column_kind(values: Sequence[Any]) -> str:
    """'int', 'float', 'bool', 'date', 'str', 'empty' or 'mixed': what the present values are."""
    kinds = set()
    for value in values:
        if value is None:
            continue
        if isinstance(value, bool):
            kinds.add("bool")
        elif isinstance(value, int):
            kinds.add("int")
        elif isinstance(value, float | Decimal):
            kinds.add("float")
        elif isinstance(value, PartialDate):
            kinds.add("date")
        else:
            kinds.add("str")
    if kinds == {"int", "float"}:
        return "float"
    if len(kinds) > 1:
        return "mixed"
    return kinds.pop() if kinds else "empty"


_DTYPES = {"int": "Int64", "float": "Float64", "bool": "boolean", "str": "string"}


def to_dataframe(variables: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> Any:
    require("notebook", "to_dataframe()")
    import pandas as pd

    columns: dict[str, Any] = {}
    for index, name in enumerate(variables):
        values = [row[index] for row in rows]
        kind = column_kind(values)
        if kind in _DTYPES:
            if kind == "float":
                values = [None if v is None else float(v) for v in values]
            columns[name] = pd.array(values, dtype=_DTYPES[kind])
        else:
            columns[name] = pd.array([pd.NA if v is None else v for v in values], dtype=object)
        if kind == "date" and f"{name}{PRECISION_SUFFIX}" not in variables:
            precisions = [None if v is None else v.precision for v in values]
            columns[f"{name}{PRECISION_SUFFIX}"] = pd.array(precisions, dtype="string")
    return pd.DataFrame(columns, index=pd.RangeIndex(len(rows)))
