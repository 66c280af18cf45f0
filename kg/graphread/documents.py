"""Source documents: what each article is (title, publication date with its precision, file,
publisher) and which named graph holds what it says, so that a fact found in a graph can cite
its document."""

from __future__ import annotations

from dataclasses import dataclass

from kg.dates import PartialDate
from kg.graphread.names import local_name
from kg.graphread.select import partial_date, select, text
from kg.store.base import DEFAULT_TIMEOUT_S, GraphStore

__all__ = ["Document", "by_graph", "read_documents"]

_DOCUMENTS = """SELECT ?document ?title ?published ?file ?publisher ?graph WHERE {
  ?document a kg:SourceDocument .
  OPTIONAL { ?document kg:title ?title }
  OPTIONAL { ?document kg:publishedDate ?published }
  OPTIONAL { ?document kg:fileName ?file }
  OPTIONAL { ?document kg:publisher ?publisher }
  OPTIONAL { ?document kg:graph ?graph }
}"""


@dataclass(frozen=True)
class Document:
    """A source document; `title` falls back to the file name, then the IRI's last segment."""

    iri: str
    title: str
    published: PartialDate | None
    file: str | None
    publisher: str | None
    graphs: tuple[str, ...]


def read_documents(
    store: GraphStore, *, timeout_s: float | None = DEFAULT_TIMEOUT_S
) -> dict[str, Document]:
    """Every kg:SourceDocument by IRI (a field told twice: the last row's value wins)."""
    documents: dict[str, Document] = {}
    for row in select(store, _DOCUMENTS, timeout_s=timeout_s):
        doc, graph = row["document"], text(row["graph"])
        if doc is None:
            continue
        graphs = documents[doc.value].graphs if doc.value in documents else ()
        documents[doc.value] = Document(
            iri=doc.value,
            title=text(row["title"]) or text(row["file"]) or local_name(doc.value),
            published=partial_date(row["published"]),
            file=text(row["file"]),
            publisher=text(row["publisher"]),
            graphs=graphs if graph is None or graph in graphs else (*graphs, graph),
        )
    return documents


def by_graph(documents: dict[str, Document]) -> dict[str, str]:
    """Named graph IRI -> the IRI of the document whose statements it holds."""
    return {graph: iri for iri, d in documents.items() for graph in d.graphs}
