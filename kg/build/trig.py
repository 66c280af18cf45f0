"""kg.trig from per-graph TriG blocks, so an incremental build serialises only changed graphs.

The canonical TriG (kg.build.output.canonical_trig) is the prefix header followed by one block
per graph in graph order, and each graph's block depends on that graph's quads alone: the
concatenation of the blocks of each graph's own canonical TriG, under one header, is the same
bytes (tests/build/test_targeted.py checks it). Blocks are cached by chunk hash in
build/incremental/trig/ and written after the outputs, with the rest of the cache.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from kg.build.cache import read_packed
from kg.build.chunks import DEFAULT, chunk_hash, lines
from kg.build.output import canonical_trig

__all__ = ["blocks_of", "joined"]


def _cut(trig: bytes) -> tuple[bytes, bytes]:
    """(the @prefix header, the rest) of a TriG document."""
    rows = trig.split(b"\n")
    i = 0
    while i < len(rows) and rows[i].startswith(b"@prefix"):
        i += 1
    return b"\n".join(rows[:i]) + b"\n", b"\n".join(rows[i:])


def blocks_of(chunks: Mapping[str, bytes], folder: Path) -> dict[str, bytes] | None:
    """Chunk hash -> TriG block for every graph (cached ones read, others serialised), or None
    when the graphs cannot be written as blocks (quads in the default graph)."""
    if DEFAULT in chunks:
        return None
    blocks: dict[str, bytes] = {}
    for chunk in chunks.values():
        digest = chunk_hash(chunk)
        cached = read_packed(folder / f"{digest}.trigz")
        blocks[digest] = cached if cached is not None else _cut(canonical_trig(chunk))[1]
    return blocks


def joined(chunks: Mapping[str, bytes], blocks: Mapping[str, bytes]) -> bytes:
    """kg.trig: the header, then each graph's block in graph order."""
    first = next((lines(c)[0] for c in chunks.values() if c), None)
    if first is None:
        return canonical_trig(b"")
    header = _cut(canonical_trig(first + b"\n"))[0]
    return header + b"".join(blocks[chunk_hash(chunks[g])] for g in sorted(chunks))
