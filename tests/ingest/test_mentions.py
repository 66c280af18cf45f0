"""Open-world mentions: every entity an ingested article names reaches its graph as a
kg:Mention (offsets into the text, exact text) and a kg:mentions link, fact or no fact."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from kg.build.validate import violations
from kg.config import Settings, settings
from kg.ingest.run import ingest_paths
from kg.iris import graph_iri, source_iri
from kg.sources.readers import read_article
from kg.store import OxigraphStore
from tests.ingest.union import ingested_union

KG = "https://w3id.org/sanctions-kg/ontology#"
# Finland and Pekka Haavisto fill no role in any fact; Haavisto is not in the gazetteer
VISIT = """---
published: 2024-05-02
title: A visit
publisher: Test Wire
---
Japan imposed sanctions on Russia on May 1.
Separately, Yoshimasa Hayashi met Pekka Haavisto of Finland in Tokyo to discuss trade.
"""


@pytest.fixture
def ingested(tmp_path: Path) -> tuple[Settings, OxigraphStore, Path]:
    config = dataclasses.replace(settings(), build_dir=tmp_path / "build", store="memory")
    store = OxigraphStore(None)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "visit.md").write_text(VISIT, encoding="utf-8")
    report = ingest_paths([folder], config=config, store=store)
    assert report.stored == ["visit"] and not report.failed
    return config, store, folder / "visit.md"


def _mentions(store: OxigraphStore) -> list[tuple[str, int, int, str]]:
    rows = store.raw.query(
        f"""SELECT ?text ?start ?end ?entity WHERE {{ GRAPH <{graph_iri("visit")}> {{
              ?m a <{KG}Mention> ; <{KG}inDocument> <{source_iri("visit")}> ;
                 <{KG}exactText> ?text ; <{KG}startOffset> ?start ; <{KG}endOffset> ?end ;
                 <{KG}mentionOf> ?entity }} }}"""
    )
    return sorted(
        (r["text"].value, int(r["start"].value), int(r["end"].value), r["entity"].value)
        for r in rows
    )


def test_every_named_entity_is_mentioned_with_exact_offsets(
    ingested: tuple[Settings, OxigraphStore, Path],
) -> None:
    _, store, path = ingested
    text = read_article(path).text
    mentions = _mentions(store)
    assert mentions, "no kg:Mention in the ingested graph"
    for exact, start, end, _ in mentions:
        assert text[start:end] == exact
    named = {exact: entity for exact, _, _, entity in mentions}
    # an entity outside every fact (Finland) and a name outside the gazetteer (Haavisto)
    assert named["Finland"].endswith("/id/state/fi")
    assert "Pekka Haavisto" in named
    listed = {
        q.object.value
        for q in store.raw.quads_for_pattern(
            ox.NamedNode(str(source_iri("visit"))),
            ox.NamedNode(KG + "mentions"),
            None,
            ox.NamedNode(str(graph_iri("visit"))),
        )
    }
    assert listed == set(named.values())
    # the minted person is written in the document's graph with the text's spelling
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    haavisto = ox.NamedNode(named["Pekka Haavisto"])
    labels = {q.object.value for q in store.raw.quads_for_pattern(haavisto, label, None, None)}
    assert labels == {"Pekka Haavisto"}


def test_a_graph_with_mentions_passes_the_shapes(
    ingested: tuple[Settings, OxigraphStore, Path],
) -> None:
    config, _, _ = ingested
    union = ingested_union(config.build_dir)
    assert any(True for _ in union.triples((None, None, None)))
    assert violations(union) == []
    # a mention whose entity the document does not list is caught (S32)
    union.remove((URIRef(str(source_iri("visit"))), URIRef(KG + "mentions"), None))
    assert {v.shape.split("#")[-1].split("-")[0] for v in violations(union)} == {"S32"}
