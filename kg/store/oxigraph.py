"""Embedded Oxigraph store (on disk, the default) and its in-memory twin (tests, notebooks)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError, StoreBusy, StoreError
from kg.sparql.guard import check_read_query
from kg.sparql.syntax import describe_syntax_error
from kg.store.base import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S
from kg.store.deadline import Cancelled, run_with_deadline
from kg.store.merged import write_version
from kg.store.replace import replace_graph_parts, replace_graphs
from kg.store.swap import is_managed, new_version, prune, switch, writer_lock
from kg.store.terms import BindingValue, QueryResult, Term, to_term

__all__ = ["OxigraphStore", "bind", "from_ox", "to_ox"]

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_NAMED, _BLANK, _LITERAL = ox.NamedNode, ox.BlankNode, ox.Literal
# A fresh build's store has 12-16 table files; bulk-loaded batches add about ten each.
COMPACT_ABOVE_FILES = 64


def to_ox(term: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if term.kind == "uri":
        return ox.NamedNode(term.value)
    if term.kind == "bnode":
        return ox.BlankNode(term.value)
    if term.lang:
        return ox.Literal(term.value, language=term.lang)
    datatype = ox.NamedNode(term.datatype) if term.datatype else None
    return ox.Literal(term.value, datatype=datatype)


def bind(bindings: Mapping[str, BindingValue] | None) -> dict[ox.Variable, Any]:
    """pyoxigraph substitutions for `bindings`: values reach the engine as terms, never as text."""
    substitutions = {}
    for name, value in (bindings or {}).items():
        try:
            substitutions[ox.Variable(name)] = to_ox(to_term(value))
        except ValueError as error:
            raise QueryError(f"?{name}: {value!r} cannot be bound: {error}") from None
    return substitutions


def from_ox(node: Any) -> Term | None:
    """A pyoxigraph term as a Term; `type() is` checks, as this runs once per result cell."""
    if node is None:
        return None
    kind = type(node)
    if kind is _NAMED:
        return Term("uri", node.value)
    if kind is _LITERAL:
        lang = node.language
        if lang:
            return Term("literal", node.value, None, lang)
        return Term("literal", node.value, node.datatype.value)
    if kind is _BLANK:
        return Term("bnode", node.value)
    raise StoreError(f"unsupported term in a result: {node}")


def boolean_result(value: bool) -> QueryResult:
    """An ASK answer in the shape every backend returns: one row, variable 'result'."""
    return QueryResult(["result"], [(Term.literal(str(value).lower(), XSD_BOOLEAN),)])


class OxigraphStore:
    """pyoxigraph.Store behind the GraphStore interface. `path=None` keeps it in memory.

    The default graph holds the merge of the named graphs (see kg.store.base.MERGE_DEFAULT_GRAPH):
    Oxigraph's own union mode would repeat a triple once per graph that holds it and inflate
    counts. A new store on disk is made versioned (kg.store.swap: PATH is a link to a folder),
    as `kg build` makes it, so that `load_file` can build a new version aside and switch to it.
    """

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        if self.path is not None and not read_only and not self.path.exists():
            _create_versioned(self.path)
        # Open the folder the link points to, never the link: RocksDB reopens files by path, and
        # after a switch the link leads to another version's files (seen corrupting a store).
        self._folder = self.path.resolve() if self.path else None
        self._store = _open(self._folder, read_only)

    @property
    def raw(self) -> ox.Store:
        """The pyoxigraph store itself, for bulk work that the interface does not cover."""
        return self._store

    @property
    def versioned(self) -> bool:
        """On disk behind a link (as `kg build` makes it): loads switch to a new version."""
        return self.path is not None and is_managed(self.path)

    def query(
        self,
        sparql: str,
        bindings: Mapping[str, BindingValue] | None = None,
        *,
        timeout_s: float | None = DEFAULT_TIMEOUT_S,
        max_rows: int | None = DEFAULT_MAX_ROWS,
    ) -> QueryResult:
        form = check_read_query(sparql)
        if form not in ("SelectQuery", "AskQuery"):
            raise QueryError(
                f"{form} gives a graph, not rows: run it with kg.store.construct(store, query)"
            )
        substitutions = bind(bindings)
        try:
            return run_with_deadline(
                lambda token: self._run(sparql, substitutions, max_rows, token), timeout_s
            )
        except SyntaxError as error:
            raise QueryError(describe_syntax_error(sparql, str(error))) from error
        except RuntimeError as error:  # e.g. a binding for a variable not selected
            raise QueryError(f"query failed: {error}") from error

    def _run(
        self,
        sparql: str,
        substitutions: dict[ox.Variable, Any],
        max_rows: int | None,
        token: Cancelled,
    ) -> QueryResult:
        solutions = self._store.query(sparql, substitutions=substitutions)
        if isinstance(solutions, ox.QueryBoolean):
            return boolean_result(bool(solutions))
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("only SELECT and ASK are supported here")
        variables = [v.value for v in solutions.variables]
        rows: list[tuple[Term | None, ...]] = []
        limit = -1 if max_rows is None else max_rows
        for solution in solutions:
            if len(rows) == limit:
                return QueryResult(variables, rows, truncated=True)
            if not len(rows) & 1023 and token.cancelled:
                break  # the caller has given up: stop reading
            rows.append(tuple(map(from_ox, solution)))
        return QueryResult(variables, rows)

    def replace_graphs(self, nquads: bytes, graphs: list[str]) -> None:
        """Replace `graphs` by the quads of `nquads` in one transaction: all or nothing, the
        merged default graph kept right (kg.store.replace)."""
        self._writable()
        try:
            replace_graphs(self._store, nquads, graphs)
        except (OSError, SyntaxError) as error:
            raise StoreError(
                f"{self.path or 'memory'}: load failed, nothing changed: {error}"
            ) from error

    def replace_parts(self, parts: Sequence[tuple[str, bytes]]) -> None:
        """`replace_graphs` with the quads given graph by graph: ((graph, its N-Quads), ...)."""
        self._writable()
        try:
            replace_graph_parts(self._store, parts)
        except (OSError, SyntaxError) as error:
            raise StoreError(
                f"{self.path or 'memory'}: load failed, nothing changed: {error}"
            ) from error

    def load_file(
        self, nquads: Path, progress: Callable[[str], None] | None = None
    ) -> tuple[int, int]:
        """Switch to a new version holding this store's graphs with those of `nquads` replaced.

        Writes a new folder beside the live one in one bulk load (the file's graphs, the graphs
        the file does not replace and the merged default graph: kg.store.merged), then switches
        the link: the whole load is one atomic step. Returns (graphs, quads) loaded.
        """
        if not self.versioned:
            raise StoreError(f"{self.path or 'memory'}: not a versioned store; load in batches")
        self._writable()
        say = progress or (lambda _: None)
        link = self.path
        assert link is not None
        with writer_lock(link):
            if link.resolve() != self._folder:  # another writer switched versions since we opened
                self._folder = link.resolve()
                self._store = _open(self._folder, read_only=False)
            target = new_version(link)
            try:
                say(f"bulk-loading {nquads} and the merged default graph into {target.name}")
                fresh, carried, quads = write_version(target, nquads, self._store)
                graphs = sum(1 for _ in fresh.named_graphs()) - carried
                fresh.flush()
            except (OSError, SyntaxError, StoreError) as error:
                shutil.rmtree(target, ignore_errors=True)
                raise StoreError(f"{nquads}: load failed, {link} unchanged: {error}") from error
            previous = link.resolve()
            switch(link, target)
            self._store, self._folder = fresh, target
            prune(link, keep={target, previous})
        return graphs, quads

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self._store)

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only; open it without read_only to load")

    def compact(self, max_files: int = COMPACT_ABOVE_FILES, *, force: bool = False) -> bool:
        """Compact the store when writes left it in many files (or when `force`); whether it did.

        Each bulk-loaded batch (kg.store.replace) adds its own files, and RocksDB's background
        compaction does not keep up with a run of them: with a hundred files a query scanned
        them all, 5-10x slower than on the same quads compacted. One compaction at the end
        of a run (seconds per million quads) puts that right. Fewer, larger batches leave
        fewer files that still overlap (25 after 3,000 articles: two named queries 1.4-1.5x
        slower than compacted), hence `force` for a run that added much.
        """
        if self.path is None or self.read_only:
            return False
        folder = self._folder or self.path
        if not force and sum(1 for n in os.listdir(folder) if n.endswith(".sst")) <= max_files:
            return False
        self._store.optimize()
        return True

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self._store.flush()

    def close(self) -> None:
        self.flush()
        del self._store


def _open(path: Path | None, read_only: bool) -> ox.Store:
    try:
        if path is None:
            return ox.Store()
        if read_only:
            return ox.Store.read_only(str(path))
        return ox.Store(str(path))
    except OSError as error:
        if "lock" in str(error).lower():
            raise StoreBusy(
                f"{path}: the store is busy (another process is writing to it)"
            ) from error
        raise StoreError(f"{path}: cannot open the store: {error}") from error


def _create_versioned(link: Path) -> None:
    """Make an empty versioned store: a folder beside `link`, and `link` pointing at it."""
    with writer_lock(link):
        if link.exists():
            return  # made by another process meanwhile
        target = new_version(link)
        store = _open(target, read_only=False)
        store.flush()
        del store
        switch(link, target)
