"""The fields of every entity and fact kind, and the RDF each becomes. Data, not code paths.

The curated-data loader checks YAML against these tables; the RDF writer walks them; the
extractor fills the same fields. Adding a field is one line here plus the ontology term.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, Namespace, URIRef

from kg.namespace import GOODS, KG, MODALITY, MT, QK, SCALE, STANCE, UNIT

__all__ = ["ENTITY_KINDS", "FACT_KINDS", "FieldSpec", "KindSpec"]

WIKIDATA = Namespace("http://www.wikidata.org/entity/")

# value kinds
REF = "ref"  # id of an entity or fact
CONCEPT = "concept"  # local name in a SKOS scheme namespace
DATE = "date"
INT = "int"
NUMBER = "number"
TEXT = "text"
CHOICE = "choice"  # one of a fixed set of names, each mapped to an IRI
GROUP = "group"  # nested target group
VARIANT = "variant"  # nested discrepancy variant
FIELD = "field"  # the name of another kind's field
EXTERNAL = "external"  # an id in an external namespace (Wikidata)
GROUPREF = "groupref"  # the id of a target group (declared in any source's target_groups)


@dataclass(frozen=True)
class FieldSpec:
    predicate: URIRef | None
    kind: str
    many: bool = False
    required: bool = False
    scheme: Namespace | None = None
    choices: Mapping[str, URIRef] = field(default_factory=dict)
    inverse: bool = False  # the triple points from the value to the node (org members)


@dataclass(frozen=True)
class KindSpec:
    rdf_class: URIRef | None  # None: the class comes from a CHOICE field on RDF.type
    fields: Mapping[str, FieldSpec]


def _f(predicate: URIRef | None, kind: str, **options: object) -> FieldSpec:
    return FieldSpec(predicate, kind, **options)  # type: ignore[arg-type]


ORG_KINDS = {
    "government": KG.GovernmentBody,
    "company": KG.Company,
    "military": KG.MilitaryOrganization,
    "international": KG.InternationalOrganization,
    "media": KG.MediaOrganization,
    "research": KG.ResearchOrganization,
    "political": KG.PoliticalGroup,
    "other": KG.Organization,
}

MEASURE_CLASSES = {
    "sanction": KG.Sanction,
    "countermeasure": KG.Countermeasure,
    "support": KG.SupportMeasure,
}

MEMBER_KINDS = {"person": KG.Person, "organization": KG.Organization}

_COMMON_ENTITY = {
    "aliases": _f(KG.alias, TEXT, many=True),
    "external_names": _f(KG.externalName, TEXT, many=True),
    "wikidata": _f(OWL.sameAs, EXTERNAL, scheme=WIKIDATA),
    "note": _f(KG.note, TEXT),
}

ENTITY_KINDS: Mapping[str, KindSpec] = {
    "state": KindSpec(KG.State, {**_COMMON_ENTITY, "iso": _f(KG.isoCode, TEXT, required=True)}),
    "person": KindSpec(KG.Person, {**_COMMON_ENTITY, "nationality": _f(KG.nationality, REF)}),
    "organization": KindSpec(
        None,
        {
            **_COMMON_ENTITY,
            "kind": _f(RDF.type, CHOICE, choices=ORG_KINDS),
            "based_in": _f(KG.basedIn, REF),
            "part_of": _f(KG.subOrganizationOf, REF),
            "members": _f(KG.memberOf, REF, many=True, inverse=True),
        },
    ),
    "territory": KindSpec(KG.Territory, {**_COMMON_ENTITY, "part_of": _f(KG.partOf, REF)}),
    "post": KindSpec(
        KG.Post,
        {
            **_COMMON_ENTITY,
            "post_in": _f(KG.postIn, REF, required=True),
            "jurisdiction": _f(KG.jurisdiction, REF),
        },
    ),
    "agreement": KindSpec(
        KG.Agreement,
        {
            **_COMMON_ENTITY,
            "parties": _f(KG.agreementParty, REF, many=True),
            "date": _f(KG.date, DATE),
        },
    ),
}

GROUP_FIELDS: Mapping[str, FieldSpec] = {
    "id": _f(None, TEXT),
    "description": _f(RDFS.label, TEXT, required=True),
    "count": _f(KG.memberCount, INT),
    "member_kind": _f(KG.memberKind, CHOICE, choices=MEMBER_KINDS),
    "affiliated_with": _f(KG.affiliatedWith, REF, many=True),
    "based_in": _f(KG.basedIn, REF),
    "members": _f(KG.member, REF, many=True),
    "subgroups": _f(KG.subgroupOf, GROUP, many=True, inverse=True),
    "same_as": _f(KG.sameGroupAs, GROUPREF, many=True),
}

VARIANT_FIELDS: Mapping[str, FieldSpec] = {
    "value": _f(KG.value, TEXT),
    "value_ref": _f(KG.valueRef, REF),
    "source": _f(KG.reportedIn, TEXT, required=True),
    "evidence": _f(KG.supportedBy, TEXT, many=True, required=True),
}

_DATES = {
    "announced": _f(KG.announcedDate, DATE),
    "effective": _f(KG.effectiveDate, DATE),
    "end": _f(KG.endDate, DATE),
}

# a period instead of a date ("in the first half of 2023"), and how the source presents the thing
_PERIOD = {
    "not_before": _f(KG.notBefore, DATE),
    "not_after": _f(KG.notAfter, DATE),
}
_MODALITY = {"modality": _f(KG.modality, CONCEPT, many=True, scheme=MODALITY)}

FACT_KINDS: Mapping[str, KindSpec] = {
    "package": KindSpec(
        KG.MeasurePackage,
        {
            "label": _f(RDFS.label, TEXT),
            "imposer": _f(KG.imposedBy, REF),
            "announced": _DATES["announced"],
            "implemented_by": _f(KG.implementedBy, REF, many=True),
            "responds_to": _f(KG.respondsTo, REF, many=True),
            "coordinated_with": _f(KG.coordinatedWith, REF, many=True),
        },
    ),
    "measure": KindSpec(
        None,
        {
            "class": _f(RDF.type, CHOICE, required=True, choices=MEASURE_CLASSES),
            "type": _f(KG.measureType, CONCEPT, scheme=MT),
            "label": _f(RDFS.label, TEXT),
            "description": _f(RDFS.comment, TEXT),
            "imposer": _f(KG.imposedBy, REF),
            "implemented_by": _f(KG.implementedBy, REF, many=True),
            "targets": _f(KG.target, REF, many=True),
            "target_groups": _f(KG.targetGroup, GROUP, many=True),
            "beneficiaries": _f(KG.beneficiary, REF, many=True),
            "goods": _f(KG.coversGoods, CONCEPT, many=True, scheme=GOODS),
            **_DATES,
            "package": _f(KG.partOfPackage, REF),
            "responds_to": _f(KG.respondsTo, REF, many=True),
            "coordinated_with": _f(KG.coordinatedWith, REF, many=True),
            "agreements": _f(KG.affectsAgreement, REF, many=True),
            "in_organization": _f(KG.inOrganization, REF),
            "date_inherited_from": _f(KG.dateInheritedFrom, REF),
            **_PERIOD,
            **_MODALITY,
        },
    ),
    "event": KindSpec(
        KG.Event,
        {
            "label": _f(RDFS.label, TEXT),
            "description": _f(RDFS.comment, TEXT),
            "date": _f(KG.date, DATE),
            "actors": _f(KG.actor, REF, many=True),
            "place": _f(KG.place, REF),
            "suspected_actors": _f(KG.suspectedActor, REF, many=True),
            **_PERIOD,
            **_MODALITY,
        },
    ),
    "tenure": KindSpec(
        KG.Tenure,
        {
            "holder": _f(KG.holder, REF, required=True),
            "post": _f(KG.post, REF, required=True),
            "as_of": _f(KG.asOf, DATE),
            "start": _f(KG.startDate, DATE),
            "end": _f(KG.endDate, DATE),
            **_PERIOD,  # a former holder: the tenure lies before not_after
        },
    ),
    "dispute": KindSpec(
        KG.TerritorialDispute,
        {
            "label": _f(RDFS.label, TEXT),
            "territories": _f(KG.disputedTerritory, REF, many=True),
            "parties": _f(KG.party, REF, many=True),
        },
    ),
    "claim": KindSpec(
        KG.Claim,
        {
            "claimant": _f(KG.claimant, REF, required=True),
            "territory": _f(KG.claimedTerritory, REF, required=True),
            "dispute": _f(KG.inDispute, REF),
            "start": _f(KG.startDate, DATE),
            "end": _f(KG.endDate, DATE),
            "description": _f(RDFS.comment, TEXT),
        },
    ),
    "administration": KindSpec(
        KG.Administration,
        {
            "administrator": _f(KG.administrator, REF, required=True),
            "territory": _f(KG.administeredTerritory, REF, required=True),
            "through": _f(KG.administeredThrough, REF),
            "start": _f(KG.startDate, DATE),
            "end": _f(KG.endDate, DATE),
            "description": _f(RDFS.comment, TEXT),
        },
    ),
    "name_usage": KindSpec(
        KG.NameUsage,
        {
            "name": _f(KG.name, TEXT, required=True),
            "used_by": _f(KG.usedBy, REF, required=True),
            "territory": _f(KG.namedTerritory, REF, required=True),
            "language": _f(None, TEXT),
        },
    ),
    "statement": KindSpec(
        KG.Statement,
        {
            "speaker": _f(KG.speaker, REF, required=True),
            "on_behalf_of": _f(KG.onBehalfOf, REF),
            "date": _f(KG.date, DATE),
            "content": _f(KG.content, TEXT),
            "quote": _f(KG.quote, TEXT),
            "about": _f(KG.about, REF, many=True),
            "stance": _f(KG.stance, CONCEPT, scheme=STANCE),
            "medium": _f(KG.medium, REF),
            "contradicts": _f(KG.contradicts, REF, many=True),
            "responds_to": _f(KG.respondsTo, REF, many=True),
            **_MODALITY,
        },
    ),
    "quantity": KindSpec(
        KG.Quantity,
        {
            "quantity_kind": _f(KG.quantityKind, CONCEPT, scheme=QK),
            "value": _f(KG.numericValue, NUMBER),
            "count": _f(KG.numericValue, INT),
            "stated_value": _f(KG.statedValue, NUMBER),
            "scale": _f(KG.scale, CONCEPT, scheme=SCALE),
            "unit": _f(KG.unit, CONCEPT, scheme=UNIT),
            "raw": _f(KG.rawText, TEXT),
            "period_start": _f(KG.periodStart, DATE),
            "period_end": _f(KG.periodEnd, DATE),
            "subjects": _f(KG.subject, REF, many=True),
        },
    ),
    "discrepancy": KindSpec(
        KG.Discrepancy,
        {
            "concerns": _f(KG.concerns, REF, required=True),
            "property": _f(KG.property, FIELD, required=True),
            "variants": _f(KG.variant, VARIANT, many=True, required=True),
        },
    ),
}
