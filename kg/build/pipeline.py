"""`kg build`: sources + curated data -> validated graph -> TriG, N-Quads and the embedded store."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph

from kg.build.cache import cache_dir
from kg.build.incremental import CURATED, Made, Validation, make, validate
from kg.build.output import Outputs, write_outputs
from kg.build.store_update import Graphs, StoreWrite
from kg.build.trig import blocks_of, joined
from kg.config import Settings, require_data, settings
from kg.curate import load_curated
from kg.errors import OutputError
from kg.ingest.reconcile import reconcile
from kg.ingest.records import Manifest
from kg.lock import writer_lock
from kg.model import Fact
from kg.rdf.assemble import assemble
from kg.sources import read_corpus
from kg.store import OxigraphStore

__all__ = ["BuildReport", "build", "build_dataset", "ingested_graphs", "union_graph"]

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    documents: int
    entities: int
    facts: int
    quads: int
    graphs: int
    trig: Path | None = None
    nquads: Path | None = None
    store: Path | None = None
    seconds: float = 0.0
    facts_by_kind: dict[str, int] = field(default_factory=dict)
    reconciled: list[str] = field(default_factory=list)  # store graphs recorded before the build
    remade: list[str] = field(default_factory=list)  # units read again: "curated", "ingested/F"
    extracted: list[str] = field(default_factory=list)  # bundled sources spaCy read for mentions
    validation: Validation | None = None  # how SHACL ran: full, incremental or none
    cached: bool = False  # the build cache was written for the next build
    store_write: StoreWrite | None = None  # how the store was written: whole or per graph


def union_graph(dataset: Dataset) -> Graph:
    """All named graphs merged: what SHACL validates and what queries see as the default graph."""
    union = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def ingested_graphs(config: Settings) -> list[Path]:
    """Named graphs stored by `kg ingest` (build/ingested/<document>.nq).

    A build keeps those of documents outside data/sources, so it never drops what users ingested;
    documents of the corpus come from their curated data (run `kg ingest data/sources` again to
    add machine facts to them).
    """
    return sorted((config.build_dir / "ingested").glob("*.nq"))


def build_dataset(
    config: Settings, *, curated: bool = True, extra_facts: Sequence[Fact] = ()
) -> tuple[Dataset, BuildReport]:
    require_data(config)
    documents = read_corpus(config.sources_dir)
    data = load_curated(config.curated_dir, documents) if curated else None
    entities = data.entities if data else []
    facts = [*(data.facts if data else []), *extra_facts]
    dataset = assemble(documents, entities, facts)
    corpus = {d.id for d in documents}
    ingested = [p for p in ingested_graphs(config) if p.stem not in corpus]
    for path in ingested:
        dataset.parse(path, format="nquads")
    kinds: dict[str, int] = {}
    for fact in facts:
        kinds[fact.kind] = kinds.get(fact.kind, 0) + 1
    report = BuildReport(
        documents=len(documents) + len(ingested),
        entities=len(entities),
        facts=len({f.id for f in facts}),
        quads=sum(len(graph) for graph in dataset.graphs()),  # quads, as kg build counts
        graphs=len({c.identifier for c in dataset.graphs()}),
        facts_by_kind=dict(sorted(kinds.items())),
    )
    return dataset, report


def _reconcile(config: Settings) -> list[str]:
    """Record source graphs of the live store that build/ingested/ does not know (so this build
    keeps them); the ids of the bundled sources are rebuilt from data/ and need no record."""
    link = config.build_dir / "store"
    if not link.is_symlink() or not link.exists():
        return []
    bundled = {p.stem for p in config.sources_dir.glob("*.txt")}
    live = OxigraphStore(link, read_only=True)
    try:
        manifest = Manifest(config.build_dir / "ingested")
        found = reconcile(live, manifest, bundled)
        manifest.compact()
    finally:
        live.close()
    return found


def build(
    config: Settings | None = None,
    *,
    store: bool = True,
    progress: Progress | None = None,
    full: bool = False,
    mentions: bool = False,
    per_graph: bool = True,
) -> BuildReport:
    """Build, validate (a violation raises ValidationFailed and writes nothing), then write.

    Holds the writer lock from reading build/ingested/ to switching the store, so an ingest
    cannot add a graph that this build would then drop; the outputs are replaced all or none.
    Incremental (kg.build.incremental) unless `full`: graphs whose inputs did not change come
    from build/incremental/, and SHACL sees only what the changes can affect. `mentions`
    writes the bundled sources' open-world mentions (spaCy runs only for a document whose
    mentions are not cached); off by default until the calibrated output sizes of
    tests/faults/test_build_outputs.py allow the larger graph. The store is updated per named
    graph from the last build's (kg.build.store_update) unless `full` or not `per_graph`
    (bench/build_bench.py compares the two), or nothing proves that update right.
    """
    config = config or settings()
    require_data(config)
    say = progress or (lambda _: None)
    started = time.perf_counter()
    try:
        with writer_lock(config.build_dir / "store"):
            reconciled, report, outputs = _build_locked(
                config, store, say, full, mentions, per_graph
            )
    except OSError as error:  # the writes name their files; this is reading or the lock folder
        where = error.filename or config.build_dir
        raise OutputError(where, f"{error.strerror or error}; nothing replaced") from None
    report.trig, report.nquads, report.store = outputs.trig, outputs.nquads, outputs.store
    report.store_write = outputs.written
    report.reconciled = reconciled
    report.seconds = time.perf_counter() - started
    return report


def _build_locked(
    config: Settings, store: bool, say: Progress, full: bool, mentions: bool, per_graph: bool
) -> tuple[list[str], BuildReport, Outputs]:
    reconciled = _reconcile(config) if store else []
    say("reading sources and curated data")
    made = make(config, lambda corpus: _outside(config, corpus), full=full, mentions=mentions)
    nquads = made.nquads()
    checked = validate(made, nquads, say)
    say("writing TriG, N-Quads" + (" and the embedded store" if store else ""))
    blocks = blocks_of(made.merged, cache_dir(config.build_dir) / "trig")
    trig = joined(made.merged, blocks) if blocks is not None else None
    graphs = Graphs(
        made.merged, made.code, cache_dir(config.build_dir), not full and per_graph, _hashed(made)
    )
    outputs = write_outputs(nquads, config.build_dir, trig=trig, store=store, graphs=graphs)
    cached = made.cache.save(made.code, made.units, made.chunks, blocks)
    stats = made.units[CURATED].stats
    report = BuildReport(
        documents=len(stats.get("documents", [])) + len(made.units) - 1,  # type: ignore[arg-type]
        entities=int(stats.get("entities", 0)),  # type: ignore[call-overload]
        facts=int(stats.get("facts", 0)),  # type: ignore[call-overload]
        quads=nquads.count(b"\n"),
        graphs=len(made.merged),
        facts_by_kind=dict(stats.get("facts_by_kind", {})),  # type: ignore[call-overload]
        remade=made.remade,
        extracted=made.extracted,
        validation=checked,
        cached=cached,
    )
    return reconciled, report, outputs


def _hashed(made: Made) -> dict[str, str]:
    """The chunk hashes make() took, of the graphs only one unit makes (so the merged chunk is
    that unit's chunk): the store update need not hash 100 MB again."""
    seen: dict[str, int] = {}
    for unit in made.units.values():
        for graph in unit.graphs:
            seen[graph] = seen.get(graph, 0) + 1
    return {g: h for unit in made.units.values() for g, h in unit.graphs.items() if seen[g] == 1}


def _outside(config: Settings, corpus: set[str]) -> list[Path]:
    """Ingested graphs of documents outside the bundled corpus (see ingested_graphs)."""
    return [p for p in ingested_graphs(config) if p.stem not in corpus]
