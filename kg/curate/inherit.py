"""Dates a measure inherits from its package, when the text dates only the package.

"Japan's round of January 2023 ... banning the export of vaccines" dates the round, not the ban:
the ban gets the round's announced date, marked with kg:dateInheritedFrom so that no one reads it
as a date the text gives the measure itself. Nothing is inherited when any source dates the measure.
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.model import Fact

__all__ = ["inherit_package_dates"]


def inherit_package_dates(facts: Sequence[Fact]) -> list[str]:
    """Set `announced` and `date_inherited_from` on undated measures of dated packages.

    Returns the ids of the measures that inherited a date.
    """
    package_dates = {
        f.id: f.fields["announced"]
        for f in facts
        if f.kind == "package" and "announced" in f.fields
    }
    dated = {f.id for f in facts if f.kind == "measure" and "announced" in f.fields}
    inherited = []
    for fact in facts:
        if fact.kind != "measure" or fact.id in dated:
            continue
        package = fact.fields.get("package")
        if package in package_dates:
            fact.fields["announced"] = package_dates[package]
            fact.fields["date_inherited_from"] = package
            inherited.append(fact.id)
    return sorted(set(inherited))
