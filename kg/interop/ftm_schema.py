"""How the graph's classes map to FollowTheMoney schemas, and a checked `put` into a proxy.

The tables are data: one row per class. States have no FtM schema of their own: a state is a
`Territory` at country level (FtM's reference entity for a country, with `territoryCode`), and
everywhere else it is a country code (`country`, `nationality`).

`EntityProxy.add` drops a value it cannot clean without a word (a bad date becomes nothing);
`put` cleans first and raises, so the export never loses a value silently.
"""

from __future__ import annotations

import re
from typing import Any

from followthemoney import model, registry
from followthemoney.proxy import EntityProxy

from kg.interop.errors import FtmExportError
from kg.namespace import ID, KG

__all__ = [
    "ENTITY_SCHEMAS",
    "FTM_NS",
    "MEASURE_CLASSES",
    "ftm_id",
    "make_proxy",
    "put",
]

FTM_NS = "https://w3id.org/ftm#"  # as in ontology/alignments.ttl
# graph class -> FtM schema, most specific class first
ENTITY_SCHEMAS: dict[str, str] = {
    str(KG.Person): "Person",
    str(KG.Company): "Company",
    str(KG.GovernmentBody): "PublicBody",
    str(KG.MilitaryOrganization): "PublicBody",
    str(KG.InternationalOrganization): "Organization",
    str(KG.MediaOrganization): "Organization",
    str(KG.ResearchOrganization): "Organization",
    str(KG.PoliticalGroup): "Organization",
    str(KG.Organization): "Organization",
    str(KG.State): "Territory",
    str(KG.Territory): "Territory",
    str(KG.Event): "Event",
    str(KG.SourceDocument): "Document",
}
# measures written as FtM Sanction nodes (restrictive ones; aid is not a designation)
MEASURE_CLASSES = (str(KG.Sanction), str(KG.Countermeasure))
_UNSAFE = re.compile(r"[^A-Za-z0-9-]+")  # FtM ids: letters, digits, dots, hyphens


def ftm_id(iri: str) -> str:
    """A readable FtM id from a node IRI: id/person/barack-obama -> kg.person.barack-obama."""
    if not iri.startswith(str(ID)):
        raise FtmExportError(f"{iri}: not a node of this graph (expected {ID}...)")
    local = iri[len(str(ID)) :]
    entity_id = "kg." + ".".join(_UNSAFE.sub("-", part).strip("-") for part in local.split("/"))
    if registry.entity.clean(entity_id) is None:
        raise FtmExportError(f"{iri}: no valid FtM id can be made from it ({entity_id!r})")
    return entity_id


def make_proxy(schema: str, entity_id: str) -> EntityProxy:
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    return proxy


def put(proxy: EntityProxy, prop: str, value: Any, origin: str) -> None:
    """Add a value, or raise naming `origin` (the IRI it came from) when FtM cannot take it."""
    if value is None or value == "":
        return
    prop_obj = proxy.schema.get(prop)
    if prop_obj is None:
        raise FtmExportError(f"{origin}: FtM schema {proxy.schema.name} has no property {prop!r}")
    cleaned = prop_obj.type.clean(value, proxy=proxy)
    if cleaned is None:
        raise FtmExportError(
            f"{origin}: {value!r} is not a valid FtM {prop_obj.type.name} for "
            f"{proxy.schema.name}.{prop}; FtM would drop it silently"
        )
    proxy.add(prop, cleaned, cleaned=True)
