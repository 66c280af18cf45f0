"""Dates with their precision: day, month or year, kept in the literal's XSD datatype."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rdflib costs 0.1 s to import: only to_literal needs it
    from rdflib import Literal

XSD = "http://www.w3.org/2001/XMLSchema#"

__all__ = ["PartialDate"]

_FORMS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day", f"{XSD}date"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month", f"{XSD}gYearMonth"),
    (re.compile(r"^(\d{4})$"), "year", f"{XSD}gYear"),
)


@dataclass(frozen=True, order=True)
class PartialDate:
    """An ISO date of day, month or year precision: '2023-12-15', '2023-12', '2023'."""

    iso: str

    def __post_init__(self) -> None:
        for pattern, precision, _ in _FORMS:
            match = pattern.match(self.iso)
            if match:
                if precision == "day":
                    dt.date.fromisoformat(self.iso)  # raises ValueError on 2023-02-30
                elif precision == "month" and not 1 <= int(match.group(2)) <= 12:
                    raise ValueError(f"month out of range in {self.iso!r}")
                return
        raise ValueError(f"not a date of the form YYYY-MM-DD, YYYY-MM or YYYY: {self.iso!r}")

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Accepts the strings above, a `datetime.date` (YAML's own date) or an int year."""
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.isoformat())
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(f"{value:04d}")
        if isinstance(value, str):
            return cls(value.strip())
        raise ValueError(f"not a date: {value!r}")

    @classmethod
    def of(cls, day: dt.date, precision: str = "day") -> PartialDate:
        iso = day.isoformat()
        return cls({"day": iso, "month": iso[:7], "year": iso[:4]}[precision])

    @property
    def precision(self) -> str:
        return {10: "day", 7: "month", 4: "year"}[len(self.iso)]

    @property
    def first_day(self) -> dt.date:
        """The first day the date can mean, for ordering and range checks."""
        parts = [*self.iso.split("-"), "01", "01"][:3]
        return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))

    @property
    def datatype(self) -> str:
        """The XSD datatype IRI of this precision: xsd:date, xsd:gYearMonth or xsd:gYear."""
        return next(datatype for _, precision, datatype in _FORMS if precision == self.precision)

    def to_literal(self) -> Literal:
        from rdflib import Literal, URIRef

        return Literal(self.iso, datatype=URIRef(self.datatype))

    def __str__(self) -> str:
        return self.iso
