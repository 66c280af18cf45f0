"""A measure of a document as discourse.py assembles it: resolved ids, dates, flags, confidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.dates import PartialDate
from kg.extract.measures import MeasureMention

__all__ = ["BASE_CONFIDENCE", "LISTING_MEANS", "SUPPORT", "Consolidated"]

SUPPORT = frozenset({"military-aid"})
LISTING_MEANS = ("asset-freeze", "entry-ban", "export-ban")  # what a bare "blacklist" may be
BASE_CONFIDENCE = {
    "subject": 0.8,
    "pronoun": 0.65,
    "package": 0.65,
    "sentence": 0.7,
    "previous": 0.55,
    "body": 0.5,  # a government body's state, from the article (its only imposing state)
    "inferred": 0.45,  # the article's only imposer, not stated for this measure
    "unknown": 0.4,  # no imposer stated: kept, with the imposer left open
}


@dataclass
class Consolidated:
    """A measure (or a package) of the document with resolved entity ids."""

    mentions: list[MeasureMention]
    type: str
    imposer: str | None
    implemented_by: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)
    goods: list[str] = field(default_factory=list)
    announced: PartialDate | None = None
    effective: PartialDate | None = None
    how: str = "subject"
    is_package: bool = False
    package: Consolidated | None = None
    package_cue: bool = False
    countermeasure: bool = False
    original: bool = False
    date_from_package: bool = False  # the text dates the package, not this measure
    doer_named: bool = False  # the text names a doer that is no entity: never inferred
    body_only: bool = False  # a government body imposes whose state is not yet known
    earlier: bool = False  # told as an earlier measure ("previously blacklisted"): kept apart

    @property
    def sentence(self) -> int:
        return self.mentions[0].sentence.index

    @property
    def generic(self) -> bool:
        return self.type == "sanctions-unspecified"

    @property
    def confidence(self) -> float:
        value = BASE_CONFIDENCE.get(self.how, 0.6)
        if self.generic:
            value -= 0.1
        return round(min(0.95, value + 0.03 * (len(self.mentions) - 1)), 3)

    def target_ids(self) -> set[str]:
        found = set(self.targets)
        for group in self.groups:
            found.update(group.get("affiliated_with", []))
            if group.get("based_in"):
                found.add(group["based_in"])
        return found
