"""The public side of `kg serve`: a small HTTP server on 127.0.0.1 in front of Oxigraph.

Routes: /query and /sparql (SPARQL 1.1 Query protocol: GET ?query=, POST form, POST
application/sparql-query) go through QueryService; the query page and its assets (/, YASGUI's
script and style, the logo) are passed through from Oxigraph unchanged, so the page works offline;
/update, /store and any other write get 403 with a message that says why. Nothing else is served.
"""

from __future__ import annotations

import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import httpx

from kg.serve.service import TEXT, Answer, QueryService

__all__ = ["GuardedServer"]

QUERY_PATHS = {"/query", "/sparql"}
PAGE_PATHS = {"/", "/yasgui.min.js", "/yasgui.min.css", "/logo.svg", "/favicon.ico"}
MAX_BODY = 1 << 20
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


class GuardedServer(ThreadingHTTPServer):
    """Binds 127.0.0.1 only; each request is handled in its own thread."""

    daemon_threads = True

    def __init__(self, port: int, service: QueryService, *, log: bool = True) -> None:
        self.service = service
        self.log = log
        self._page = httpx.Client()
        super().__init__(("127.0.0.1", port), _Handler)

    def page(self, path: str) -> Answer:
        """A file of Oxigraph's query page, fetched from the process behind us."""
        try:
            response = self._page.get(f"{self.service.backend.url}{path}", timeout=10)
        except httpx.TransportError:
            return Answer.error(502, "the query engine is restarting; reload in a moment")
        kind = response.headers.get("Content-Type", "application/octet-stream")
        return Answer(response.status_code, kind, response.content)

    def server_close(self) -> None:
        super().server_close()
        self._page.close()


class _Handler(BaseHTTPRequestHandler):
    server: GuardedServer
    server_version = "sanctions-kg"

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path in QUERY_PATHS:
            self._query(parse_qs(url.query, keep_blank_values=True))
        elif url.path in PAGE_PATHS:
            self._send(self.server.page(url.path))
        else:
            self._refuse_or_404(url.path)

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path not in QUERY_PATHS:
            self._refuse_or_404(url.path)
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self._send(Answer.error(413, f"request body over {MAX_BODY} bytes"))
            return
        body = self.rfile.read(length).decode("utf-8", "replace")
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = parse_qs(url.query, keep_blank_values=True)
        if kind == "application/x-www-form-urlencoded":
            params.update(parse_qs(body, keep_blank_values=True))
        elif kind == "application/sparql-query":
            params["query"] = [body]
        elif kind == "application/sparql-update":
            self._send(Answer.error(403, READ_ONLY))
            return
        else:
            self._send(
                Answer.error(
                    415,
                    f"unsupported Content-Type {kind!r}: send a form or application/sparql-query",
                )
            )
            return
        self._query(params)

    def do_PUT(self) -> None:
        self._send(Answer.error(403, READ_ONLY))

    do_DELETE = do_PATCH = do_PUT

    def _refuse_or_404(self, path: str) -> None:
        if path == "/update" or path.startswith("/store"):
            self._send(Answer.error(403, READ_ONLY))
        else:
            self._send(
                Answer.error(404, f"nothing at {path}: queries go to /query, the query page is /")
            )

    def _query(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            self._send(Answer.error(403, READ_ONLY))
            return
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            self._send(Answer.error(400, "give exactly one non-empty query parameter"))
            return
        dataset = [name for name in DATASET_PARAMS if name in params]
        if dataset:
            self._send(
                Answer.error(
                    400,
                    f"{dataset[0]} is not supported: the default graph is the merge of all named graphs; use GRAPH in the query",
                )
            )
            return
        self._send(self.server.service.answer(queries[0], self.headers.get("Accept")))

    def _send(self, answer: Answer) -> None:
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type or TEXT)
        self.send_header("Content-Length", str(len(answer.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for name, value in answer.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer.body)

    def log_message(self, format: str, *args: object) -> None:
        if self.server.log:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")
