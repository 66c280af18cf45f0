"""The ingest step writes its N-Quads as text (kg.ingest.graph), not through rdflib's terms and
writer: these tests hold it to rdflib's own bytes, on tricky literals one by one and on whole
document graphs, so that the speed-up can never change what is stored."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as rdf_namespace

from kg.config import settings
from kg.dates import PartialDate
from kg.ingest.context import Context
from kg.ingest.graph import document_quads, literal_text, node_kinds, write_document
from kg.iris import graph_iri
from kg.model import Entity, Evidence, Fact, SourceDocument
from kg.rdf.canonical import canonical_nquads
from kg.rdf.writer import GraphWriter
from kg.sources.documents import read_corpus
from kg.store import open_store


@dataclass(frozen=True)
class Span:
    entity_id: str
    start: int
    end: int
    text: str


S, P = URIRef("https://example.org/s"), URIRef("https://example.org/p")

TRICKY = [
    "",
    "plain",
    'a "quoted" word',
    "back\\slash \\n (not a newline) and \\\\ two",
    "line one\nline two\r\nwindows\rmac",
    "tab\there and \x0b\x0c\x1f controls \x7f",
    "unicode: é ß 日本語 Кремль \u2028\u2029 \ufeff \U0001f1ef\U0001f1f5",
    'trailing backslash \\"',
    "<angle> & {braces} | ^ `",
    "combining e\u0301 and NFKC \ufb01",
]


def _rdflib_text(value: object, **options: object) -> str:
    """The object of the one line rdflib's N-Triples writer writes for (S, P, literal)."""
    graph = Graph()
    graph.add((S, P, Literal(value, **options)))  # type: ignore[arg-type]
    line = graph.serialize(format="nt", encoding="utf-8").decode("utf-8").strip()
    prefix = f"<{S}> <{P}> "
    assert line.startswith(prefix) and line.endswith(" .")
    return line[len(prefix) : -2]


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("lang", [None, "en", "ja-JP", "EN-gb", ""])
def test_string_literals_are_written_as_rdflib_writes_them(text: str, lang: str | None) -> None:
    assert literal_text(text, lang=lang) == _rdflib_text(text, lang=lang)


@given(st.text())
def test_any_text_is_written_as_rdflib_writes_it(text: str) -> None:
    assert literal_text(text) == _rdflib_text(text)
    assert literal_text(text, lang="en") == _rdflib_text(text, lang="en")


@pytest.mark.parametrize(
    ("value", "datatype"),
    [
        (0, rdf_namespace.XSD.integer),
        (-17, rdf_namespace.XSD.integer),
        (10**30, rdf_namespace.XSD.integer),
        (True, rdf_namespace.XSD.integer),  # a bool is an int to Python, not to rdflib
        ("01", rdf_namespace.XSD.integer),  # rdflib normalises the lexical form
        (Decimal("0.850"), None),
        (Decimal("1E+2"), None),
        (Decimal("-0.000"), None),
        (2.5, rdf_namespace.XSD.decimal),
        ("3.10", rdf_namespace.XSD.decimal),
        (7, rdf_namespace.XSD.decimal),
        (1.0, None),
        (42, None),
    ],
)
def test_typed_literals_are_written_as_rdflib_writes_them(value: object, datatype: object) -> None:
    assert literal_text(value, datatype=datatype) == _rdflib_text(value, datatype=datatype)  # type: ignore[arg-type]


@pytest.mark.parametrize("iso", ["2024", "2024-03", "2024-03-12", "0999", "1900-02"])
def test_dates_are_written_as_rdflib_writes_them(iso: str) -> None:
    date = PartialDate(iso)
    assert literal_text(date.iso, datatype=URIRef(date.datatype)) == _rdflib_text(
        date.iso, datatype=URIRef(date.datatype)
    )


def test_a_language_tag_rdflib_refuses_is_refused() -> None:
    with pytest.raises(ValueError, match="not a valid language tag"):
        literal_text("x", lang="not a tag")


def _through_rdflib(
    document: SourceDocument,
    facts: list[Fact],
    entities: list[Entity],
    kinds: dict[str, str],
    mentions: list[Span] | None = None,
) -> bytes:
    """The document's graph as the rdflib Dataset path writes it (kg build's writer)."""
    writer = GraphWriter(node_kinds(kinds, facts, entities))
    write_document(writer, document, facts, entities, mentions or [])
    tail = f" <{graph_iri(document.id)}> .".encode()
    lines = canonical_nquads(writer.dataset).splitlines()
    return b"\n".join(line for line in lines if line.endswith(tail)) + b"\n"


def test_the_bundled_sources_graphs_are_rdflibs_bytes() -> None:
    """Every bundled source with its curated entities and facts: quotes, dates, numbers,
    groups, variants, language-tagged names."""
    context = Context(settings(), open_store("memory"), True, 1_000_000)
    assert context.curated is not None and context.bundled
    for document_id, path in context.bundled.items():
        document = next(d for d in _corpus() if d.id == document_id)
        assert document.path.resolve() == path
        entities, facts, _ = context.curated_for(document)
        assert facts, document_id
        ours = document_quads(document, facts, entities, context.kinds)
        assert ours == _through_rdflib(document, facts, entities, context.kinds), document_id


def _corpus() -> list[SourceDocument]:
    return read_corpus(settings().sources_dir)


def test_a_document_of_tricky_text_is_rdflibs_bytes(tmp_path: Path) -> None:
    text = "\n".join(TRICKY)
    document = SourceDocument(
        id="tricky-1",
        path=tmp_path / 'odd "name"\\.txt',
        text=text,
        title='A "title"\nwith a newline \\ and 日本',
        publisher="Pub\r\nlisher",
        kind="news-article",
        language="en",
        published=PartialDate("2024-03"),
        date_note='noted "so"',
        origin='https://example.org/a?b="c"',
    )
    person = Entity(
        id="p-1",
        kind="person",
        name='Ann "the" \\ Smith',
        aliases=("Анна", "A.\nSmith"),
        source_id="tricky-1",
    )
    start = text.index("unicode")
    quote = text[start : start + 12]
    machine = [Evidence("tricky-1", start, start + 12, quote, "extracted", "x 1.0", 0.8456)]
    statement = Fact(
        id="s-1",
        kind="statement",
        source_id="tricky-1",
        fields={
            "speaker": "p-1",
            "content": 'said "no"\nthen\\yes',
            "date": PartialDate("2024-03-12"),
        },
        evidence=machine,
        note='a note with "quotes"',
    )
    kinds = {"p-1": "person"}
    mentions = [Span("p-1", start, start + 8, quote[:8]), Span("p-1", 0, 0, "")]
    ours = document_quads(document, [statement], [person], kinds, mentions)
    assert ours == _through_rdflib(document, [statement], [person], kinds, mentions)
    assert b"/mention> " in ours
    assert ours.count(b"\n") > 15
