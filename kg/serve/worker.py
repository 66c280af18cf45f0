"""A query worker: one process that runs guarded queries over the read-only store, with no network.

`kg serve` starts a few of these (kg.serve.pool) as `python -m kg.serve.worker STORE PARENT_PID [MEMORY_MB]`
and talks to each over its stdin and stdout, never a port. Each request and each reply is a frame:
a 4-byte big-endian length, then a JSON header line, then (replies only) the answer's bytes.
JSON, not pickle, so that a worker running a hostile query cannot make the server run code.

Before the first request the worker opens the store, asks to die with the server and loads the
seccomp filter (kg.serve.sandbox): a SERVICE clause that got past the guard fails with
PermissionError instead of connecting. The server kills a worker whose query runs past the time
limit, so the worker never watches the clock itself. Before each query the worker checks whether
the store changed (`kg build`/`kg load` switched the link to a new version, or `kg ingest` wrote
into the live one: a read-only RocksDB handle keeps the state it opened) and reopens it if so.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import struct
import sys
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from kg.serve.formats import GRAPH_TYPES, RESULT_TYPES, convert_results
from kg.serve.sandbox import die_with_parent, forbid_network

__all__ = ["LiveStore", "answer", "main", "read_frame", "write_frame"]

HEADER = struct.Struct(">I")
MAX_FRAME = 64 << 20


def read_frame(stream: BinaryIO) -> bytes | None:
    """One frame's payload, or None at end of input."""
    head = stream.read(HEADER.size)
    if len(head) < HEADER.size:
        return None
    (size,) = HEADER.unpack(head)
    if size > MAX_FRAME:
        raise ValueError(f"frame of {size} bytes is over {MAX_FRAME}")
    payload = stream.read(size)
    if len(payload) < size:
        return None
    return payload


def write_frame(stream: BinaryIO, header: dict[str, Any], body: bytes = b"") -> None:
    payload = json.dumps(header).encode() + b"\n" + body
    stream.write(HEADER.pack(len(payload)) + payload)
    stream.flush()


class LiveStore:
    """The live version of the store at `link`, reopened read-only whenever it changes."""

    def __init__(self, link: Path) -> None:
        self.link = link
        self.serving: Path | None = None
        self._mark: tuple[tuple[str, int], ...] = ()
        self._store: ox.Store | None = None

    def _signature(self, folder: Path) -> tuple[tuple[str, int], ...]:
        """Names and sizes of the files a write changes (WAL, MANIFEST, CURRENT), cheaply."""
        marks = []
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".log") or entry.name.startswith(("MANIFEST", "CURRENT")):
                    marks.append((entry.name, entry.stat().st_size))
        return tuple(sorted(marks))

    def get(self) -> ox.Store:
        folder = self.link.resolve()
        mark = self._signature(folder)
        if self._store is None or folder != self.serving or mark != self._mark:
            self._store = None  # close the old handle first: its version may be pruned
            self._store = ox.Store.read_only(str(folder))
            self.serving, self._mark = folder, mark
        return self._store


class _Capped(Exception):
    """Enough lines were written."""


class _LineCap:
    """A file-like sink that keeps the first `limit` lines and stops the writer after them."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.lines = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.lines += data.count(b"\n")
        if self.lines > self.limit:
            raise _Capped
        return len(data)

    def flush(self) -> None:
        pass

    def kept(self) -> tuple[bytes, bool]:
        text = b"".join(self.parts)
        if self.lines <= self.limit:
            return text, False
        return b"".join(line + b"\n" for line in text.split(b"\n")[: self.limit]), True


def answer(store: ox.Store, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    """Run one request: {'query', 'form', 'media', 'max_rows'} -> (header, body)."""
    media, cap = request["media"], int(request["max_rows"])
    try:
        result = store.query(request["query"])
        if request["form"] == "AskQuery":
            if not isinstance(result, ox.QueryBoolean):
                raise TypeError("not an ASK answer")
            body = result.serialize(format=RESULT_TYPES[media]) or b""
            return {"status": 200, "media": media, "truncated": False}, body
        if request["form"] in ("ConstructQuery", "DescribeQuery"):
            if not isinstance(result, ox.QueryTriples):
                raise TypeError("not a graph answer")
            triples = list(islice(result, cap + 1))
            body = ox.serialize(triples[:cap], format=GRAPH_TYPES[media]) or b""
            return {"status": 200, "media": media, "truncated": len(triples) > cap}, body
        if not isinstance(result, ox.QuerySolutions):
            raise TypeError("not a SELECT answer")
        sink = _LineCap(cap + 1)  # the header line and `cap` rows
        with contextlib.suppress(_Capped):
            result.serialize(sink, format=ox.QueryResultsFormat.TSV)  # type: ignore[arg-type]  # any object with write() will do
        tsv, truncated = sink.kept()
        return {"status": 200, "media": media, "truncated": truncated}, convert_results(tsv, media)
    except SyntaxError as error:
        return {"status": 400, "error": f"SPARQL syntax error: {error}"}, b""
    except PermissionError as error:
        return {
            "status": 403,
            "error": f"the query tried to reach the network, which this endpoint forbids ({error})",
        }, b""
    except (OSError, RuntimeError, TypeError, ValueError) as error:
        return {"status": 500, "error": f"query failed: {error}"}, b""


def main(argv: list[str]) -> int:
    link, parent = Path(argv[0]), int(argv[1])
    memory_mb = int(argv[2]) if len(argv) > 2 else 0
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server; it stops us
    channel = os.fdopen(os.dup(1), "wb")  # the reply channel; stray prints go to stderr
    os.dup2(2, 1)
    requests = sys.stdin.buffer
    live = LiveStore(link)
    try:
        live.get()
    except OSError as error:
        write_frame(
            channel, {"status": "failed", "error": f"{link}: cannot open the store: {error}"}
        )
        return 1
    if memory_mb > 0:  # a query past it fails to allocate and ends this worker, not the machine
        limit = memory_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    forbid_network()
    write_frame(channel, {"status": "ready", "serving": str(live.serving), "pid": os.getpid()})
    while (payload := read_frame(requests)) is not None:
        request = json.loads(payload)
        try:
            store = live.get()
        except OSError as error:
            write_frame(channel, {"status": 503, "error": f"the store cannot be opened: {error}"})
            continue
        header, body = answer(store, request)
        header["serving"] = str(live.serving)
        write_frame(channel, header, body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
