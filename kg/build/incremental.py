"""An incremental `kg build`: remake only the graphs whose inputs changed, validate only what the
change can affect, and give the bytes a full build gives.

Units of input: the curated data (data/sources + data/curated, one unit: the curated loader
resolves references, packages and discrepancies across files) and each file of build/ingested/.
A unit whose input hash and the code fingerprint match the cache reuses its chunks without
being read. Graphs whose chunk changed against the last validated build give the changed
triples; kg.build.targeted validates what they can affect. Without a usable cache, with
`full`, or when code, ontology, shapes or libraries changed, everything is made and the whole
union validated, as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

from kg.build.cache import Cache, Unit, cache_dir
from kg.build.chunks import Chunks, chunk_hash, chunks_of, merge, merge_into
from kg.build.fingerprint import code_fingerprint, file_hash, tree_fingerprint
from kg.build.mention_cache import document_mentions
from kg.build.targeted import Targeted, changed_triples, validate_changes
from kg.build.validate import fail_on, violations
from kg.config import Settings
from kg.curate import load_curated
from kg.ontology import ontology_graph, shapes_graph
from kg.rdf.assemble import assemble
from kg.sources import read_corpus

__all__ = ["CURATED", "Made", "make", "validate"]

CURATED = "curated"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
Progress = Callable[[str], None]


@dataclass
class Made:
    """The graphs of this build, per unit, and how they were obtained."""

    code: str
    units: dict[str, Unit]
    chunks: dict[str, Chunks]  # unit -> its graphs
    remade: list[str]  # units read and made again (all of them in a full build)
    full: bool  # no usable cache: validate everything
    cache: Cache
    merged: Chunks = field(default_factory=dict)
    extracted: list[str] = field(default_factory=list)  # bundled sources read by the extractor

    def nquads(self) -> bytes:
        return merge(self.merged)


def _curated(config: Settings, made: Made, mentions: bool) -> tuple[Chunks, dict[str, object]]:
    """The curated graphs, with the open-world mentions of each bundled source (cached per
    document: see kg.build.mention_cache)."""
    documents = read_corpus(config.sources_dir)
    data = load_curated(config.curated_dir, documents)
    dataset = assemble(documents, data.entities, data.facts)
    chunks = chunks_of(dataset)
    if mentions:
        found, made.extracted = document_mentions(
            cache_dir(config.build_dir) / "mentions",
            documents,
            data.kinds(),
            config.curated_dir / "entities.yaml",
            made.code,
        )
        for document in documents:
            merge_into(chunks, found[document.id])
    kinds: dict[str, int] = {}
    for fact in data.facts:
        kinds[fact.kind] = kinds.get(fact.kind, 0) + 1
    stats: dict[str, object] = {
        "documents": sorted(d.id for d in documents),
        "entities": len(data.entities),
        "facts": len({f.id for f in data.facts}),
        "facts_by_kind": dict(sorted(kinds.items())),
    }
    return chunks, stats


def _ingested(path: Path) -> Chunks:
    dataset = Dataset()
    dataset.parse(path, format="nquads")
    return chunks_of(dataset)


def _ingested_unit(path: Path) -> Callable[[], tuple[Chunks, dict[str, object]]]:
    return lambda: (_ingested(path), {})


def curated_inputs(config: Settings) -> str:
    return tree_fingerprint(config.sources_dir) + tree_fingerprint(config.curated_dir)


def make(
    config: Settings,
    ingested: Callable[[set[str]], list[Path]],
    *,
    full: bool,
    mentions: bool = False,
) -> Made:
    """Every unit's chunks, from the cache where its inputs are unchanged; `mentions` adds the
    bundled sources' open-world mentions (a unit input, so turning it off remakes them)."""
    code = code_fingerprint(config.ontology_dir)
    cache = Cache.load(config.build_dir)
    usable = not full and cache.code == code
    made = Made(code, {}, {}, [], not usable, cache)

    def unit(
        key: str, inputs: str, produce: Callable[[], tuple[Chunks, dict[str, object]]]
    ) -> None:
        old = cache.units.get(key) if usable else None
        chunks = cache.chunks(old) if old is not None and old.inputs == inputs else None
        if chunks is None or old is None:
            chunks, stats = produce()
            made.remade.append(key)
        else:
            stats = old.stats
        made.units[key] = Unit(inputs, {g: chunk_hash(c) for g, c in chunks.items()}, stats)
        made.chunks[key] = chunks
        merge_into(made.merged, chunks)

    inputs = curated_inputs(config) + ("+mentions" if mentions else "")
    unit(CURATED, inputs, lambda: _curated(config, made, mentions))
    documents = made.units[CURATED].stats.get("documents", [])
    corpus = {str(d) for d in documents} if isinstance(documents, list) else set()
    for path in ingested(corpus):
        unit(f"ingested/{path.name}", file_hash(path), _ingested_unit(path))
    return made


def _old_graphs(made: Made) -> dict[str, str] | None:
    """Graph -> chunk hash of the last validated build, None if a chunk is missing."""
    graphs: dict[str, str] = {}
    shared: set[str] = set()
    for unit in made.cache.units.values():
        for graph, digest in unit.graphs.items():
            if graph in graphs:
                shared.add(graph)
            graphs[graph] = digest
    for graph in shared:  # told by several units: hash their merge
        chunk = _old_chunk(made, graph)
        if chunk is None:
            return None
        graphs[graph] = chunk_hash(chunk)
    return graphs


def _old_chunk(made: Made, graph: str) -> bytes | None:
    merged: Chunks = {}
    for unit in made.cache.units.values():
        if graph in unit.graphs:
            chunk = made.cache.chunk(unit.graphs[graph])
            if chunk is None:
                return None
            merge_into(merged, {graph: chunk})
    return merged.get(graph, b"")


def _union_graph(nquads: bytes) -> Graph:
    """All graphs merged into one rdflib graph (Oxigraph parses; rdflib reads N-Triples)."""
    triples = {q.triple for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)}
    graph = Graph()
    graph.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"", format="nt")
    return graph


@dataclass
class Validation:
    mode: str  # "full": the whole union; "incremental": what changed; "none": nothing changed
    changed_graphs: list[str] = field(default_factory=list)
    targeted: Targeted | None = None
    seconds: float = 0.0


def validate(made: Made, nquads: bytes, say: Progress) -> Validation:
    """SHACL on the whole union (a full build) or on what changed; raises ValidationFailed."""
    started = time.perf_counter()
    old = None if made.full else _old_graphs(made)
    if old is None:
        quads = nquads.count(b"\n")
        say(f"validating {quads} quads against the SHACL shapes")
        fail_on(violations(_union_graph(nquads)))
        return Validation("full", sorted(made.merged), seconds=time.perf_counter() - started)
    new = {g: chunk_hash(c) for g, c in made.merged.items()}
    changed = sorted(g for g in set(old) | set(new) if old.get(g) != new.get(g))
    if not changed:
        return Validation("none", seconds=time.perf_counter() - started)
    before: Chunks = {}
    for graph in changed:
        chunk = _old_chunk(made, graph)
        if chunk is None:  # the cache lost a chunk: validate everything
            made.full = True
            return validate(made, nquads, say)
        before[graph] = chunk
    delta = changed_triples(before, {g: made.merged[g] for g in changed if g in made.merged})
    if any(t.predicate.value == SUBCLASS for t in delta):  # the class hierarchy is context
        made.full = True
        return validate(made, nquads, say)
    say(f"validating what {len(delta)} changed triples in {len(changed)} graphs can affect")
    union = ox.Store()
    union.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    targeted = validate_changes(
        union, delta, shapes_graph(), ontology_graph(), lambda: _union_graph(nquads)
    )
    fail_on(targeted.found)
    return Validation("incremental", changed, targeted, time.perf_counter() - started)
