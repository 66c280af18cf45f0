"""Any SPARQL 1.1 server as a GraphStore: Oxigraph server, Virtuoso, GraphDB, Fuseki and the like.

Reads go through the Query protocol (results as SPARQL JSON, parsed as they stream); writes
through the Update protocol, or the Graph Store protocol for the data itself. The same rules as
the embedded store hold: the guard checks every query before it leaves (updates, SERVICE, LOAD
and foreign FROM are refused here, whatever the server would do), values are bound in a VALUES
block of N-Triples terms (kg.store.values), each query has a wall-clock limit (the caller stops
waiting and the reading thread closes the connection) and a row cap.

Loading is all or nothing per `replace_graphs` call, in one of two ways (`load_strategy`):

- "update" (default): one SPARQL Update request that drops the graphs, inserts the new ones and
  updates the merged default graph. Servers run one request as one transaction (Oxigraph,
  Fuseki/TDB2, GraphDB), so a failure or a crash leaves every graph as it was.
- "gsp": each graph is uploaded (Graph Store PUT, N-Triples) into a staging graph, then one
  Update request moves the staging graphs over their targets. Lighter for servers that choke on
  big update requests (Virtuoso). A crash between the two steps leaves staging graphs, which
  hold nothing the default graph sees; a later load drops those older than an hour.

The default graph is the merge of the named graphs, as on every backend. A server whose default
graph is not writable (Virtuoso) keeps the merge in a named graph given as `merged_graph`
(KG_SPARQL_MERGED_GRAPH), sent as `default-graph-uri` with each query.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Mapping, Sequence

import pyoxigraph as ox

from kg.config import GRAPH_IRI as GRAPH
from kg.errors import QueryError, StoreError
from kg.sparql.guard import check_read_query
from kg.store.base import DEFAULT_MAX_ROWS, DEFAULT_TIMEOUT_S
from kg.store.deadline import Cancelled, run_with_deadline
from kg.store.oxigraph import boolean_result, from_ox
from kg.store.protocol import Endpoints, SparqlClient, body_file
from kg.store.terms import BindingValue, QueryResult, Term
from kg.store.updates import group_by_graph, replace_update, staged_replace_update
from kg.store.values import with_values

__all__ = ["STAGING", "RemoteStore"]

STAGING = f"{GRAPH}staging/"
STALE_STAGING_S = 3600
RESULTS_JSON = "application/sparql-results+json"


class RemoteStore:
    """A SPARQL 1.1 server behind the GraphStore interface."""

    def __init__(
        self,
        endpoints: Endpoints | str,
        *,
        read_only: bool = False,
        load_strategy: str = "update",
        load_timeout_s: float = 600.0,
        merged_graph: str | None = None,
    ) -> None:
        if isinstance(endpoints, str):
            endpoints = Endpoints.from_spec(endpoints)
        if load_strategy not in ("update", "gsp"):
            raise StoreError(f"load strategy {load_strategy!r}: expected 'update' or 'gsp'")
        self.endpoints = endpoints
        self.read_only = read_only
        self.load_strategy = load_strategy
        self.load_timeout_s = load_timeout_s
        self.merged_graph = merged_graph
        self._client = SparqlClient(endpoints)
        self._staging_checked = False

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoints.query!r})"

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
        text = with_values(sparql, bindings)
        return run_with_deadline(
            lambda token: self._run(text, form == "AskQuery", timeout_s, max_rows, token), timeout_s
        )

    def _run(
        self, text: str, ask: bool, timeout_s: float | None, max_rows: int | None, token: Cancelled
    ) -> QueryResult:
        url = self.endpoints.query
        headers = {"Accept": f"{RESULTS_JSON}, application/sparql-results+xml;q=0.5"}
        form = {"query": text}
        if self.merged_graph:
            form["default-graph-uri"] = self.merged_graph
        with self._client.stream(
            "POST", url, data=form, headers=headers, timeout_s=timeout_s
        ) as response:
            kind = response.headers.get("Content-Type", RESULTS_JSON).split(";")[0].strip()
            results_format = ox.QueryResultsFormat.from_media_type(kind)
            if results_format is None:
                raise StoreError(f"{url}: answered in {kind!r}, not SPARQL results")
            try:
                solutions = ox.parse_query_results(body_file(response, token), results_format)
                if isinstance(solutions, ox.QueryBoolean):
                    return boolean_result(bool(solutions))
                if ask:  # Virtuoso answers ASK as one row of ?__ASK_RETVAL, 1 or 0
                    first = next(iter(solutions), None)
                    value = first[0] if first is not None else None
                    return boolean_result(value is not None and value.value in ("1", "true"))
                variables = [v.value for v in solutions.variables]
                rows: list[tuple[Term | None, ...]] = []
                limit = -1 if max_rows is None else max_rows
                for solution in solutions:
                    if len(rows) == limit:
                        return QueryResult(variables, rows, truncated=True)
                    rows.append(tuple(map(from_ox, solution)))
            except SyntaxError as error:
                raise StoreError(
                    f"{url}: malformed results (the server may have cut them off at its own time limit): {error}"
                ) from error
        return QueryResult(variables, rows)

    def replace_graphs(self, nquads: bytes, graphs: list[str]) -> None:
        """Replace `graphs` with the quads of `nquads`, all or nothing (see the module doc)."""
        if self.read_only:
            raise StoreError(
                f"{self.endpoints.query}: opened read-only; open it without read_only to load"
            )
        by_graph = group_by_graph(nquads, graphs)
        if self.load_strategy == "gsp":
            self._replace_staged(graphs, by_graph)
        else:
            self._update(replace_update(graphs, by_graph, self.merged_graph))

    def replace_parts(self, parts: Sequence[tuple[str, bytes]]) -> None:
        """`replace_graphs` with the quads given graph by graph: ((graph, its N-Quads), ...)."""
        lines = [n if not n or n.endswith(b"\n") else n + b"\n" for _, n in parts]
        self.replace_graphs(b"".join(lines), [graph for graph, _ in parts])

    def _update(self, update: str) -> None:
        url = self.endpoints.update
        if url is None:
            raise StoreError(
                f"{self.endpoints.query}: no update endpoint configured (KG_SPARQL_UPDATE_URL)"
            )
        self._client.send(
            "POST",
            url,
            content=update.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"},
            timeout_s=self.load_timeout_s,
        )

    def _replace_staged(self, graphs: list[str], by_graph: dict[str, list[str]]) -> None:
        store = self.endpoints.store
        if store is None:
            raise StoreError(
                f"{self.endpoints.query}: no Graph Store endpoint configured (KG_SPARQL_STORE_URL)"
            )
        if not self._staging_checked:
            self._drop_stale_staging()
        prefix = f"{STAGING}{int(time.time())}-"
        staged = {graph: f"{prefix}{uuid.uuid4().hex}" for graph in by_graph}
        try:
            for graph, staging in staged.items():
                self._client.send(
                    "PUT",
                    store,
                    params={"graph": staging},
                    content="\n".join(by_graph[graph]).encode("utf-8"),
                    headers={"Content-Type": "application/n-triples"},
                    timeout_s=self.load_timeout_s,
                )
            self._update(staged_replace_update(graphs, staged, self.merged_graph))
        except BaseException:
            drops = " ;\n".join(f"DROP SILENT GRAPH {ox.NamedNode(s)}" for s in staged.values())
            with contextlib.suppress(StoreError):  # the server is gone: a later load drops them
                self._update(drops)
            raise

    def _drop_stale_staging(self) -> None:
        """Drop staging graphs left by loads that died more than an hour ago."""
        self._staging_checked = True
        now = time.time()
        stale = []
        for graph in self._graphs(include_staging=True):
            if graph.startswith(STAGING):
                stamp = graph.removeprefix(STAGING).split("-", 1)[0]
                if stamp.isdigit() and now - int(stamp) > STALE_STAGING_S:
                    stale.append(graph)
        if stale:
            self._update(" ;\n".join(f"DROP SILENT GRAPH {ox.NamedNode(g)}" for g in stale))

    def named_graphs(self) -> list[str]:
        return self._graphs(include_staging=False)

    def _graphs(self, *, include_staging: bool) -> list[str]:
        result = self.query(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", max_rows=None, timeout_s=120
        )
        graphs = {str(row[0]) for row in result.rows if row[0] is not None}
        graphs.discard(self.merged_graph or "")
        return sorted(g for g in graphs if include_staging or not g.startswith(STAGING))

    def export_graph(self, graph: str, timeout_s: float | None = 600.0) -> bytes:
        """One named graph as N-Triples, read through the Graph Store protocol."""
        store = self.endpoints.store
        if store is None:
            raise StoreError(
                f"{self.endpoints.query}: no Graph Store endpoint configured (KG_SPARQL_STORE_URL)"
            )
        return self._client.send(
            "GET",
            store,
            params={"graph": graph},
            headers={"Accept": "application/n-triples"},
            timeout_s=timeout_s,
        )

    def close(self) -> None:
        self._client.close()
