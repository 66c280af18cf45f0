"""Measures (any subclass of kg:Measure) as typed records: class, label, SKOS measure type,
announced / effective / end dates with their precision, package and the sources telling them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kg.dates import PartialDate
from kg.graphread.names import local_name, short, source_id
from kg.graphread.select import partial_date, select, text
from kg.store.base import GraphStore

__all__ = ["Measure", "read_measures"]

_MEASURES = """
SELECT ?m ?class ?label ?type ?typeLabel ?ann ?eff ?end ?package WHERE {
  { SELECT ?class WHERE { ?class rdfs:subClassOf+ kg:Measure } }
  ?m a ?class .
  OPTIONAL { ?m rdfs:label ?label }
  OPTIONAL { ?m kg:measureType ?type OPTIONAL { ?type skos:prefLabel ?typeLabel } }
  OPTIONAL { ?m kg:announcedDate ?ann }
  OPTIONAL { ?m kg:effectiveDate ?eff }
  OPTIONAL { ?m kg:endDate ?end }
  OPTIONAL { ?m kg:partOfPackage ?package }
}
"""
# A source tells a measure when its graph holds the measure's evidence.
_SOURCES = """
SELECT DISTINCT ?m ?g WHERE {
  ?m a ?class . ?class rdfs:subClassOf+ kg:Measure .
  GRAPH ?g { ?m kg:supportedBy ?e }
}
"""


@dataclass(frozen=True)
class Measure:
    """One measure by node key; `measure_type` is the concept's local name ('asset-freeze')."""

    key: str
    label: str
    cls: str
    measure_type: str | None
    measure_type_label: str | None
    package: str | None
    announced: PartialDate | None
    effective: PartialDate | None
    end: PartialDate | None
    sources: tuple[str, ...]


def read_measures(store: GraphStore) -> dict[str, Measure]:
    """Every measure by node key, its sources (source ids) sorted."""
    found = select(store, _MEASURES)
    # Sorted here (cheaper than ORDER BY in the store), so that where a single-valued field has
    # two values the same one is kept every run.
    found.sort(key=lambda row: tuple(t.value if t else "" for t in row.values()))
    sources: dict[str, set[str]] = defaultdict(set)
    for row in select(store, _SOURCES):
        source = source_id(row["g"].value)  # type: ignore[union-attr]
        if source:
            sources[short(row["m"].value)].add(source)  # type: ignore[union-attr]
    measures: dict[str, Measure] = {}
    for row in found:
        key = short(row["m"].value)  # type: ignore[union-attr]
        if key in measures:
            continue
        kind, package, label = row["type"], row["package"], row["label"]
        measures[key] = Measure(
            key=key,
            label=key if label is None else label.value,
            cls=local_name(row["class"].value),  # type: ignore[union-attr]
            measure_type=local_name(kind.value) if kind else None,
            measure_type_label=text(row["typeLabel"]),
            package=short(package.value) if package else None,
            announced=partial_date(row["ann"]),
            effective=partial_date(row["eff"]),
            end=partial_date(row["end"]),
            sources=tuple(sorted(sources.get(key, ()))),
        )
    return measures
