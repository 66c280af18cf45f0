"""The HTTP side of `kg serve`: a Starlette app answering the SPARQL 1.1 Query protocol.

Routes: /query and /sparql (GET ?query=, POST form, POST application/sparql-query); the query
page (/, /page.js, /page.css); /update, /store and every write method get 403 saying why.
Before any route, kg.serve.http_checks refuses a Host that is not this server (DNS rebinding)
and an Origin that is not this page (cross-site requests from a page the user visits) unless
`--cors` allows it. Bodies are read as they arrive, up to a size and a time limit whatever
Content-Length says. Every query passes kg.sparql.guard, then runs in a worker process.
"""

from __future__ import annotations

from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kg.errors import QueryError, QueryRefused
from kg.serve.config import ServeConfig
from kg.serve.formats import GRAPH_TYPES, RESULT_TYPES, negotiate
from kg.serve.http_checks import BodyError, OriginGuard, read_body, text
from kg.serve.page import QueryPage
from kg.serve.pool import Busy, Overrun, WorkerCrashed, WorkerPool
from kg.sparql.guard import check_read_query

__all__ = ["READ_ONLY", "make_app"]

READ_ONLY = (
    "this endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, ...) and "
    "Graph Store writes are refused; send queries to /query"
)
DATASET_PARAMS = (
    "default-graph-uri",
    "named-graph-uri",
    "using-graph-uri",
    "using-named-graph-uri",
)
MAX_FIELDS = 64


class _Service:
    def __init__(self, config: ServeConfig, pool: WorkerPool) -> None:
        self.config = config
        self.pool = pool
        self.page = QueryPage(config.queries_dir)

    async def query(self, request: Request) -> Response:
        if request.method not in ("GET", "HEAD", "POST"):
            return text(403, READ_ONLY)
        params = parse_qs(request.url.query, keep_blank_values=True, max_num_fields=MAX_FIELDS)
        if request.method == "POST":
            try:
                body = await read_body(request, self.config.max_body, self.config.body_timeout_s)
                kind = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
                if kind == "application/x-www-form-urlencoded":
                    params.update(
                        parse_qs(
                            body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FIELDS
                        )
                    )
                elif kind == "application/sparql-query":
                    params["query"] = [body.decode("utf-8")]
                elif kind == "application/sparql-update":
                    return text(403, READ_ONLY)
                else:
                    return text(
                        415,
                        f"unsupported Content-Type {kind!r}: send a form or application/sparql-query",
                    )
            except BodyError as error:
                return text(error.status, error.message)
            except (UnicodeDecodeError, ValueError) as error:
                return text(400, f"malformed request body: {error}")
        if "update" in params:
            return text(403, READ_ONLY)
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return text(400, "give exactly one non-empty query parameter")
        dataset = [name for name in DATASET_PARAMS if name in params]
        if dataset:
            return text(
                400,
                f"{dataset[0]} is not supported: the default graph is the merge of all named "
                "graphs; use GRAPH in the query",
            )
        return await self.answer(queries[0], request.headers.get("accept"))

    async def answer(self, sparql: str, accept: str | None) -> Response:
        try:
            form = check_read_query(sparql)
        except QueryRefused as error:
            return text(403, str(error))
        except QueryError as error:
            return text(400, str(error))
        types = list(GRAPH_TYPES if form in ("ConstructQuery", "DescribeQuery") else RESULT_TYPES)
        media = negotiate(accept, types)
        if media is None:
            return text(406, f"cannot answer in {accept!r}; this query gives: {', '.join(types)}")
        request = {"query": sparql, "form": form, "media": media, "max_rows": self.config.max_rows}
        limit = self.config.timeout_s
        try:
            reply = await self.pool.run(request, limit)
        except Overrun:
            return text(503, f"query stopped after {limit:g} s (this endpoint's time limit)")
        except WorkerCrashed:
            return text(
                503,
                "the query ended its worker (over the memory cap, or a crash); other queries go on",
            )
        except Busy:
            return text(503, "all query workers stayed busy; try again shortly")
        status = int(reply.header.get("status", 500))
        if status != 200:
            return text(status, str(reply.header.get("error", "query failed")))
        headers = (
            {"KG-Results-Truncated": f"max-rows={self.config.max_rows}"}
            if reply.header.get("truncated")
            else {}
        )
        return Response(reply.body, 200, headers=headers, media_type=media)

    async def page_route(self, request: Request) -> Response:
        return self.page.response(request.url.path)

    async def refuse(self, request: Request) -> Response:
        path = request.url.path
        if (
            path == "/update"
            or path.startswith("/store")
            or request.method in ("PUT", "DELETE", "PATCH")
        ):
            return text(403, READ_ONLY)
        return text(404, f"nothing at {path}: queries go to /query, the query page is /")


def make_app(config: ServeConfig, port: int, pool: WorkerPool) -> Starlette:
    """The ASGI app for a server bound to 127.0.0.1:`port`, running queries on `pool`."""
    service = _Service(config, pool)
    every = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]
    routes = [
        Route("/query", service.query, methods=every),
        Route("/sparql", service.query, methods=every),
        *(Route(path, service.page_route, methods=["GET", "HEAD"]) for path in QueryPage.PATHS),
        Route("/{rest:path}", service.refuse, methods=every),
    ]
    app = Starlette(routes=routes)
    app.add_middleware(OriginGuard, port=port, cors=config.cors)
    return app
