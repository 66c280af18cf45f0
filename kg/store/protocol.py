"""The SPARQL 1.1 protocols over HTTP (Query, Update, Graph Store), with the errors named.

Where the server lives and how to reach it: `Endpoints` (from a `sparql:URL` spec, with Oxigraph's
layout /query, /update, /store by default, each overridable by environment). `SparqlClient` sends
requests with httpx and maps every failure to a kg error that names the URL: unreachable or
refused (StoreError), a bad query (QueryError), a time limit hit (QueryTimeout), including
Virtuoso's, which answers HTTP 200 with partial results and the header `X-SQL-State: S1TAT`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

from kg.errors import QueryError, QueryTimeout, StoreError
from kg.store.deadline import Cancelled

__all__ = ["Endpoints", "SparqlClient", "StreamReader"]

ENV_PREFIX = "KG_SPARQL_"


@dataclass(frozen=True)
class Endpoints:
    """URLs of one server's query, update and Graph Store Protocol endpoints, and credentials."""

    query: str
    update: str | None = None
    store: str | None = None
    user: str | None = None
    password: str | None = None
    auth: str = "basic"  # or "digest" (Virtuoso)

    @classmethod
    def from_spec(cls, spec: str, env: Mapping[str, str] | None = None) -> Endpoints:
        """`sparql:http://HOST:PORT` (Oxigraph's layout), overridden by KG_SPARQL_QUERY_URL,
        KG_SPARQL_UPDATE_URL, KG_SPARQL_STORE_URL, KG_SPARQL_USER, KG_SPARQL_PASSWORD and
        KG_SPARQL_AUTH (basic | digest)."""
        env = os.environ if env is None else env
        base = spec.removeprefix("sparql:").rstrip("/")
        if not base.startswith(("http://", "https://")):
            raise StoreError(f"store spec {spec!r}: expected sparql:http://HOST:PORT")

        def pick(name: str, default: str | None) -> str | None:
            return env.get(ENV_PREFIX + name) or default

        auth = pick("AUTH", "basic") or "basic"
        if auth not in ("basic", "digest"):
            raise StoreError(f"{ENV_PREFIX}AUTH={auth!r}: expected basic or digest")
        return cls(
            query=pick("QUERY_URL", f"{base}/query") or f"{base}/query",
            update=pick("UPDATE_URL", f"{base}/update"),
            store=pick("STORE_URL", f"{base}/store"),
            user=pick("USER", None),
            password=pick("PASSWORD", None),
            auth=auth,
        )


class StreamReader:
    """A response body as a file for pyoxigraph's streaming parsers, that stops when the caller
    of the query has given up (its deadline passed), closing the connection early."""

    def __init__(self, chunks: Iterator[bytes], token: Cancelled) -> None:
        self._chunks, self._token, self._buffer = chunks, token, b""

    def read(self, size: int = -1) -> bytes:
        if self._token.cancelled:
            raise QueryTimeout("stopped reading: the caller's deadline passed")
        if size < 0:
            data = self._buffer + b"".join(self._chunks)
            self._buffer = b""
            return data
        while not self._buffer:
            chunk = next(self._chunks, None)
            if chunk is None:
                return b""
            self._buffer = chunk
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data


class SparqlClient:
    """One connection pool to one server; thread-safe (httpx.Client)."""

    def __init__(self, endpoints: Endpoints) -> None:
        import httpx  # loaded with the first remote store, not by every command that queries

        self.endpoints = endpoints
        auth: httpx.Auth | None = None
        if endpoints.user is not None:
            kind = httpx.DigestAuth if endpoints.auth == "digest" else httpx.BasicAuth
            auth = kind(endpoints.user, endpoints.password or "")
        self._http = httpx.Client(auth=auth, follow_redirects=False)

    def close(self) -> None:
        self._http.close()

    @contextmanager
    def stream(
        self,
        method: str,
        url: str,
        *,
        timeout_s: float | None,
        headers: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        content: bytes | None = None,
        params: Mapping[str, str] | None = None,
    ) -> Iterator[httpx.Response]:
        """An open response with a 2xx status; every failure becomes a kg error naming `url`."""
        import httpx

        try:
            with self._http.stream(
                method,
                url,
                headers=headers,
                data=data,
                content=content,
                params=params,
                timeout=httpx.Timeout(timeout_s),
            ) as response:
                _check(response, url)
                yield response
        except httpx.TimeoutException as error:
            raise QueryTimeout(f"{url}: no answer within {timeout_s:g} s") from error
        except httpx.TransportError as error:
            raise StoreError(f"cannot reach the SPARQL server at {url}: {error}") from error

    def send(self, method: str, url: str, *, timeout_s: float | None, **kwargs: object) -> bytes:
        """A whole request and its body (updates, Graph Store uploads and downloads)."""
        with self.stream(method, url, timeout_s=timeout_s, **kwargs) as response:  # type: ignore[arg-type]
            return response.read()


def _check(response: httpx.Response, url: str) -> None:
    if response.headers.get("X-SQL-State") == "S1TAT":
        raise QueryTimeout(
            f"{url}: the server stopped the query at its own time limit (X-SQL-State: S1TAT); "
            "its answer would be partial"
        )
    if response.is_success:
        return
    body = response.read().decode("utf-8", "replace").strip()[:600]
    status = response.status_code
    if status in (401, 403):
        raise StoreError(
            f"{url} refused the request (HTTP {status}): {body or 'check KG_SPARQL_USER and KG_SPARQL_PASSWORD'}"
        )
    if status == 400:
        raise QueryError(f"{url} rejected the request (HTTP 400): {body}")
    raise StoreError(f"{url}: HTTP {status}: {body}")


def body_file(response: httpx.Response, token: Cancelled) -> IO[bytes]:
    """The streamed body of `response` as a readable file (see StreamReader)."""
    return StreamReader(response.iter_bytes(), token)  # type: ignore[return-value]
