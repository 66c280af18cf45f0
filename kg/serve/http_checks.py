"""What every request must pass before a route sees it, and how a body is read safely.

- Host must name this server (127.0.0.1 or localhost, with our port): a page on another domain
  that the browser resolves to 127.0.0.1 (DNS rebinding) sends its own name and gets 421.
- A request from a web page carries Origin (and Sec-Fetch-Site): only this server's own query
  page may send queries unless `--cors` names the origin, so a page the user visits cannot drive
  the endpoint (a form POST needs no preflight). Tools (curl, SPARQLWrapper) send no Origin.
- A body is read as it arrives, with a size cap and a deadline that hold whatever Content-Length
  says (chunked, lying or absent); h11 answers 400 to a malformed Content-Length itself.
"""

from __future__ import annotations

import asyncio

from starlette.datastructures import Headers
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyError", "OriginGuard", "read_body", "text"]

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
]
QUERY_PATHS = ("/query", "/sparql")


def text(status: int, message: str, *, close: bool = False) -> Response:
    headers = {"Connection": "close"} if close else None
    return Response(message.rstrip() + "\n", status, headers=headers, media_type="text/plain")


class BodyError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


async def read_body(request: Request, limit: int, timeout_s: float) -> bytes:
    """The whole body, or BodyError: 413 past `limit` bytes, 408 past `timeout_s` seconds."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise BodyError(413, f"request body of {declared} bytes is over the limit of {limit}")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    chunks: list[bytes] = []
    size = 0
    stream = request.stream().__aiter__()
    while True:
        try:
            chunk = await asyncio.wait_for(stream.__anext__(), max(deadline - loop.time(), 0))
        except StopAsyncIteration:
            break
        except TimeoutError:
            raise BodyError(408, f"request body not received within {timeout_s:g} s") from None
        except ClientDisconnect:
            raise BodyError(400, "the client closed the connection mid-body") from None
        size += len(chunk)
        if size > limit:
            raise BodyError(413, f"request body over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


class OriginGuard:
    """ASGI middleware: Host and Origin checks, CORS for `--cors` origins, security headers."""

    def __init__(self, app: ASGIApp, port: int, cors: tuple[str, ...] = ()) -> None:
        self.app = app
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self.own = {f"http://{host}" for host in self.hosts}
        self.cors = set(cors)

    def _allowed_cross(self, origin: str) -> bool:
        return "*" in self.cors or origin in self.cors

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = (headers.get("host") or "").lower()
        origin = headers.get("origin")
        cross = origin is not None and origin not in self.own
        refusal = self._refusal(scope, headers, host, origin, cross)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        extra = list(SECURITY_HEADERS)
        if cross and origin is not None:
            extra += [
                (b"access-control-allow-origin", origin.encode("latin-1")),
                (b"vary", b"Origin"),
            ]
        if scope["method"] == "OPTIONS":
            allow = b"GET, HEAD, POST"
            extra += [(b"allow", allow), (b"access-control-allow-methods", allow)]
            extra += [(b"access-control-allow-headers", b"Content-Type, Accept")]
            await Response(status_code=204, headers={k.decode(): v.decode() for k, v in extra})(
                scope, receive, send
            )
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _refusal(
        self, scope: Scope, headers: Headers, host: str, origin: str | None, cross: bool
    ) -> Response | None:
        if host not in self.hosts:
            return text(
                421,
                f"Host {host or '(none)'!r} is not this server: use "
                f"{' or '.join(sorted('http://' + h for h in self.hosts))}",
                close=True,
            )
        if cross and origin is not None and not self._allowed_cross(origin):
            return text(
                403,
                f"cross-origin requests from {origin} are refused; start `kg serve --cors "
                f"{origin}` to allow that site to query this endpoint",
            )
        site = headers.get("sec-fetch-site", "")
        if (
            origin is None
            and site in ("cross-site", "same-site")
            and scope["path"] in QUERY_PATHS
            and not self.cors
        ):
            return text(403, "queries from another site's page are refused (Sec-Fetch-Site)")
        return None
