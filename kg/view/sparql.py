"""The SPARQL the projection runs: a few whole-graph scans instead of one query per node, so that
projecting a 100k-node graph costs seconds, not hours."""

from __future__ import annotations

from kg.iris import ONTOLOGY_GRAPH

__all__ = [
    "CLASSES",
    "CONCEPTS",
    "DOCUMENTS",
    "EVIDENCE",
    "LINKS",
    "LITERALS",
    "PROPERTIES",
    "TYPES",
]

_PREFIXES = """PREFIX kg:   <https://w3id.org/sanctions-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""

# Classes and properties as the store's own ontology graph names them (the legend's words).
CLASSES = (
    _PREFIXES
    + f"""SELECT ?class ?label ?parent WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{
    ?class a owl:Class .
    OPTIONAL {{ ?class rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en") || LANG(?label) = "") }}
    OPTIONAL {{ ?class rdfs:subClassOf ?parent }}
  }}
}}"""
)

PROPERTIES = (
    _PREFIXES
    + f"""SELECT ?property ?label WHERE {{
  GRAPH <{ONTOLOGY_GRAPH}> {{
    ?property rdfs:label ?label .
    FILTER(LANGMATCHES(LANG(?label), "en") || LANG(?label) = "")
    FILTER NOT EXISTS {{ ?property a owl:Class }}
  }}
}}"""
)

# Per named graph: the graph tells which source document introduces (or mentions) the node.
TYPES = (
    _PREFIXES
    + """SELECT ?node ?class ?graph WHERE {
  GRAPH ?graph { ?node a ?class }
  FILTER(STRSTARTS(STR(?class), STR(kg:)))
}"""
)

# Literal values of typed nodes (labels, aliases, dates, counts, texts). Evidence is read apart.
LITERALS = (
    _PREFIXES
    + """SELECT DISTINCT ?node ?property ?value WHERE {
  ?node a ?class .
  FILTER(STRSTARTS(STR(?class), STR(kg:)) && ?class NOT IN (kg:Evidence, kg:Segment, kg:Variant))
  ?node ?property ?value .
  FILTER(isLiteral(?value))
}"""
)

# Links between resources, per named graph: the graph says which source document tells the link.
LINKS = (
    _PREFIXES
    + """SELECT ?node ?property ?object ?graph WHERE {
  GRAPH ?graph { ?node ?property ?object }
  FILTER(isIRI(?object) && STRSTARTS(STR(?property), STR(kg:)))
  FILTER(?property NOT IN (kg:supportedBy, kg:inDocument, kg:method, kg:segmentKind, kg:graph))
}"""
)

CONCEPTS = (
    _PREFIXES
    + """SELECT ?concept ?label WHERE {
  ?concept skos:prefLabel ?label .
  FILTER(LANGMATCHES(LANG(?label), "en") || LANG(?label) = "")
}"""
)

EVIDENCE = (
    _PREFIXES
    + """SELECT ?node ?evidence ?document ?text ?method ?confidence ?start WHERE {
  ?node kg:supportedBy ?evidence .
  ?evidence kg:inDocument ?document .
  OPTIONAL { ?evidence kg:exactText ?text }
  OPTIONAL { ?evidence kg:method/skos:prefLabel ?method }
  OPTIONAL { ?evidence kg:confidence ?confidence }
  OPTIONAL { ?evidence kg:startOffset ?start }
}"""
)

DOCUMENTS = (
    _PREFIXES
    + """SELECT ?document ?title ?published ?file ?publisher ?graph WHERE {
  ?document a kg:SourceDocument .
  OPTIONAL { ?document kg:title ?title }
  OPTIONAL { ?document kg:publishedDate ?published }
  OPTIONAL { ?document kg:fileName ?file }
  OPTIONAL { ?document kg:publisher ?publisher }
  OPTIONAL { ?document kg:graph ?graph }
}"""
)
