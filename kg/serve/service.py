"""One guarded query against the Oxigraph process: checked, time-limited, capped, converted.

The checks happen here, not in Oxigraph: `oxigraph serve-read-only` refuses updates but runs
SERVICE (it fetched from a local test server in our trial) and does not stop a query that streams
nothing (a cross product ran on after its `--timeout-s` and after the client left). So every
query passes kg.query.guard first; the answer is read as it streams, cut at the row cap, and
abandoned at the deadline, when the Oxigraph process is restarted to stop the query for good.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import httpx

from kg.errors import QueryError, QueryRefused
from kg.query.guard import check_read_query
from kg.serve.backend import OxigraphServer
from kg.serve.formats import (
    GRAPH_TYPES,
    RESULT_TYPES,
    convert_boolean,
    convert_graph,
    convert_results,
    negotiate,
)

__all__ = ["Answer", "QueryService"]

TEXT = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str) -> Answer:
        return cls(status, TEXT, (message.rstrip() + "\n").encode("utf-8"))


class _Late(Exception):
    """The query ran past the deadline."""


class QueryService:
    """Runs guarded queries against `backend` with a time limit and a row cap."""

    def __init__(self, backend: OxigraphServer, *, timeout_s: float, max_rows: int) -> None:
        self.backend = backend
        self.timeout_s = timeout_s
        self.max_rows = max_rows
        self._http = httpx.Client()

    def close(self) -> None:
        self._http.close()

    def answer(self, sparql: str, accept: str | None) -> Answer:
        try:
            form = check_read_query(sparql)
        except QueryRefused as error:
            return Answer.error(403, str(error))
        except QueryError as error:
            return Answer.error(400, str(error))
        graph = form in ("ConstructQuery", "DescribeQuery")
        types = list(GRAPH_TYPES if graph else RESULT_TYPES)
        media_type = negotiate(accept, types)
        if media_type is None:
            return Answer.error(
                406, f"cannot answer in {accept!r}; this query gives: {', '.join(types)}"
            )
        upstream = "application/n-triples" if graph else "text/tab-separated-values"
        if form == "AskQuery":
            upstream = "application/sparql-results+json"
        self.backend.follow()  # a new build since the last query: serve it
        generation = self.backend.generation
        try:
            body, truncated = self._fetch(sparql, upstream, capped=form != "AskQuery")
        except _Late:
            self.backend.restart(generation)  # the only sure way to stop the query
            return Answer.error(
                503, f"query stopped after {self.timeout_s:g} s (this endpoint's time limit)"
            )
        except httpx.TransportError:
            return Answer.error(
                502, "the query engine restarted meanwhile (a runaway query was stopped); try again"
            )
        except _Upstream as error:
            return Answer.error(error.status, error.message)
        try:
            if form == "AskQuery":
                data = convert_boolean(body, media_type)
            elif graph:
                data = convert_graph(body, media_type)
            else:
                data = convert_results(body, media_type)
        except (SyntaxError, ValueError):  # Oxigraph's own --timeout-s cut the answer short
            return Answer.error(
                503, f"query stopped after {self.timeout_s:g} s (this endpoint's time limit)"
            )
        headers = {"KG-Results-Truncated": f"max-rows={self.max_rows}"} if truncated else {}
        return Answer(200, media_type, data, headers)

    def _fetch(self, sparql: str, media_type: str, *, capped: bool) -> tuple[bytes, bool]:
        """The answer's lines, up to the header and `max_rows` rows, within the deadline."""
        deadline = time.monotonic() + self.timeout_s
        keep = self.max_rows + 1 if media_type.startswith("text/tab") else self.max_rows
        lines: list[bytes] = []
        pending = b""
        try:
            with self._http.stream(
                "POST",
                f"{self.backend.url}/query",
                data={"query": sparql},
                headers={"Accept": media_type},
                timeout=httpx.Timeout(self.timeout_s),
            ) as response:
                if response.status_code != 200:
                    text = response.read().decode("utf-8", "replace").strip()[:600]
                    raise _Upstream(400 if response.status_code == 400 else 502, text)
                for chunk in response.iter_bytes():
                    if time.monotonic() > deadline:
                        raise _Late
                    if not capped:
                        pending += chunk
                        continue
                    parts = (pending + chunk).split(b"\n")
                    pending = parts.pop()
                    lines.extend(parts)
                    if len(lines) > keep:
                        return b"\n".join(lines[:keep]) + b"\n", True
        except httpx.TimeoutException:
            raise _Late from None
        if not capped:
            return pending, False
        return b"".join(line + b"\n" for line in lines) + pending, False


class _Upstream(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message
