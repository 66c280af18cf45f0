"""Push a built graph (N-Quads, one named graph per source) into any store, graph by graph.

Each named graph in the file replaces the graph of the same name in the store, whole or not at
all. The file is read and checked completely before anything is written, so a malformed file
changes nothing. Then:

- a versioned embedded store (what `kg build` makes) gets a new version built aside and switched
  in: the whole load is one atomic step, at bulk-load speed;
- any other store (memory, a plain folder, a SPARQL server) gets batches of whole graphs, each
  batch one transaction (`GraphStore.replace_graphs`). If the process or the server dies
  mid-load, every graph is either as it was or wholly new, never half-written.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store.base import GraphStore
from kg.store.oxigraph import OxigraphStore

__all__ = ["DEFAULT_BATCH_QUADS", "LoadReport", "load", "read_graphs"]

DEFAULT_BATCH_QUADS = 50_000
Progress = Callable[[str], None]


@dataclass(frozen=True)
class LoadReport:
    path: Path
    graphs: int
    quads: int
    batches: int
    seconds: float


def read_graphs(path: Path) -> dict[str, list[str]]:
    """The file's quads grouped by named graph, as N-Quads lines; StoreError names the culprit."""
    by_graph: dict[str, list[str]] = {}
    try:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
            graph = quad.graph_name
            if not isinstance(graph, ox.NamedNode):
                raise StoreError(f"{path}: every quad must be in a named graph, not: {quad}")
            by_graph.setdefault(graph.value, []).append(f"{quad} .\n")
    except SyntaxError as error:
        raise StoreError(f"{path}: not valid N-Quads, nothing loaded: {error}") from error
    except OSError as error:
        raise StoreError(f"{path}: cannot read: {error}") from error
    return by_graph


def load(
    store: GraphStore,
    path: Path | str,
    *,
    batch_quads: int = DEFAULT_BATCH_QUADS,
    progress: Progress | None = None,
) -> LoadReport:
    """Load the N-Quads file at `path` into `store`, replacing each named graph it holds."""
    path = Path(path)
    say = progress or (lambda _: None)
    started = time.perf_counter()
    if not path.is_file():
        raise StoreError(f"{path}: no such file; run `kg build` first or give a .nq file")
    if isinstance(store, OxigraphStore) and store.versioned:
        graphs, quads = store.load_file(path, say)
        return LoadReport(path, graphs, quads, 1, time.perf_counter() - started)
    say(f"reading {path}")
    by_graph = read_graphs(path)
    total = sum(len(lines) for lines in by_graph.values())
    batches = done = 0
    for names in _batches(by_graph, batch_quads):
        data = "".join(line for name in names for line in by_graph[name]).encode("utf-8")
        store.replace_graphs(data, names)
        batches += 1
        done += sum(len(by_graph[name]) for name in names)
        say(f"{done}/{total} quads in {batches} transaction(s)")
    return LoadReport(path, len(by_graph), total, batches, time.perf_counter() - started)


def _batches(by_graph: dict[str, list[str]], batch_quads: int) -> list[list[str]]:
    """Whole graphs, packed into batches of about `batch_quads` quads (a big graph goes alone)."""
    batches: list[list[str]] = []
    current: list[str] = []
    size = 0
    for name, lines in by_graph.items():
        if current and size + len(lines) > batch_quads:
            batches.append(current)
            current, size = [], 0
        current.append(name)
        size += len(lines)
    if current:
        batches.append(current)
    return batches
