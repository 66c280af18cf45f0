"""IRIs of the model. Terms come from ontology/kg.ttl; a test fails when the two drift.

`KG` is closed (rdflib `DefinedNamespace` with `_fail = True`): a term the ontology lacks is an
AttributeError, not a typo that slips into the graph.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = [
    "BASE",
    "DK",
    "GOODS",
    "GRAPH",
    "ID",
    "KG",
    "KGV",
    "METHOD",
    "MODALITY",
    "MT",
    "QK",
    "SCALE",
    "SEG",
    "SHAPES",
    "STANCE",
    "UNIT",
]

BASE = "https://w3id.org/sanctions-kg/"


class KG(DefinedNamespace):
    """The sanctions-kg ontology namespace."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # classes
    Agent: URIRef
    State: URIRef
    Person: URIRef
    Organization: URIRef
    GovernmentBody: URIRef
    Company: URIRef
    MilitaryOrganization: URIRef
    InternationalOrganization: URIRef
    MediaOrganization: URIRef
    ResearchOrganization: URIRef
    PoliticalGroup: URIRef
    Post: URIRef
    Tenure: URIRef
    Measure: URIRef
    Sanction: URIRef
    Countermeasure: URIRef
    SupportMeasure: URIRef
    MeasurePackage: URIRef
    TargetGroup: URIRef
    Event: URIRef
    Territory: URIRef
    TerritorialDispute: URIRef
    Claim: URIRef
    Administration: URIRef
    NameUsage: URIRef
    Statement: URIRef
    Quantity: URIRef
    SourceDocument: URIRef
    Segment: URIRef
    Evidence: URIRef
    Mention: URIRef
    Discrepancy: URIRef
    Variant: URIRef
    Agreement: URIRef
    # properties
    isoCode: URIRef
    nationality: URIRef
    basedIn: URIRef
    subOrganizationOf: URIRef
    memberOf: URIRef
    alias: URIRef
    postIn: URIRef
    holder: URIRef
    post: URIRef
    asOf: URIRef
    imposedBy: URIRef
    implementedBy: URIRef
    measureType: URIRef
    target: URIRef
    targetGroup: URIRef
    beneficiary: URIRef
    coversGoods: URIRef
    partOfPackage: URIRef
    respondsTo: URIRef
    coordinatedWith: URIRef
    announcedDate: URIRef
    effectiveDate: URIRef
    endDate: URIRef
    startDate: URIRef
    date: URIRef
    memberCount: URIRef
    memberKind: URIRef
    affiliatedWith: URIRef
    subgroupOf: URIRef
    member: URIRef
    actor: URIRef
    place: URIRef
    partOf: URIRef
    disputedTerritory: URIRef
    party: URIRef
    claimant: URIRef
    claimedTerritory: URIRef
    inDispute: URIRef
    administrator: URIRef
    administeredTerritory: URIRef
    name: URIRef
    usedBy: URIRef
    namedTerritory: URIRef
    speaker: URIRef
    onBehalfOf: URIRef
    content: URIRef
    quote: URIRef
    about: URIRef
    stance: URIRef
    medium: URIRef
    contradicts: URIRef
    quantityKind: URIRef
    numericValue: URIRef
    unit: URIRef
    rawText: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    subject: URIRef
    title: URIRef
    publisher: URIRef
    publishedDate: URIRef
    dateNote: URIRef
    documentKind: URIRef
    language: URIRef
    origin: URIRef
    fileName: URIRef
    contentHash: URIRef
    graph: URIRef
    segmentKind: URIRef
    segmentOf: URIRef
    supportedBy: URIRef
    inDocument: URIRef
    startOffset: URIRef
    endOffset: URIRef
    exactText: URIRef
    mentionOf: URIRef
    mentions: URIRef
    method: URIRef
    extractor: URIRef
    confidence: URIRef
    note: URIRef
    concerns: URIRef
    property: URIRef
    variant: URIRef
    value: URIRef
    valueRef: URIRef
    reportedIn: URIRef
    agreementParty: URIRef
    affectsAgreement: URIRef
    inOrganization: URIRef
    administeredThrough: URIRef
    jurisdiction: URIRef
    modality: URIRef
    suspectedActor: URIRef
    sameGroupAs: URIRef
    dateInheritedFrom: URIRef
    notBefore: URIRef
    notAfter: URIRef
    statedValue: URIRef
    scale: URIRef
    externalName: URIRef


KGV = Namespace(BASE + "vocab/")
MT = Namespace(BASE + "vocab/measure-type/")
GOODS = Namespace(BASE + "vocab/goods/")
STANCE = Namespace(BASE + "vocab/stance/")
QK = Namespace(BASE + "vocab/quantity-kind/")
UNIT = Namespace(BASE + "vocab/unit/")
DK = Namespace(BASE + "vocab/document-kind/")
METHOD = Namespace(BASE + "vocab/method/")
SEG = Namespace(BASE + "vocab/segment-kind/")
MODALITY = Namespace(BASE + "vocab/modality/")
SCALE = Namespace(BASE + "vocab/scale/")
SHAPES = Namespace(BASE + "shapes#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
