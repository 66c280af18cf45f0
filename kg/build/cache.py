"""The build cache in build/incremental/: each graph's chunk of the last validated build.

`manifest.json` records, for the last build that wrote its outputs, the code fingerprint, the
inputs of each unit (the curated data, each ingested file) and the graphs each unit made, by the
hash of their chunk; chunks live in `graphs/<hash>.nqz` (zlib: a tenth of the size, so the cache
adds little to a full disk), written once (content-addressed). The
manifest is replaced atomically after the outputs are in place, so it always describes a state
that passed validation: everything the next build validates is relative to that state. Writing
the cache never fails a build (it is an optimisation: a build without it is a full one), and a
cache that cannot be read is ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.atomic import atomic_write, temporary_name
from kg.build.chunks import Chunks, chunk_hash

__all__ = ["Cache", "Unit", "cache_dir", "read_packed", "write_packed"]


def cache_dir(build_dir: Path) -> Path:
    return build_dir / "incremental"


def write_packed(path: Path, data: bytes) -> None:
    """zlib-compressed, through a temporary file and a rename, without fsync: what is read back
    is checked (a chunk against its name), so a file lost in a crash is only made again (an
    fsync per file was most of the time of a 1,000-graph build)."""
    tmp = temporary_name(path)
    try:
        tmp.write_bytes(zlib.compress(data, 1))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def read_packed(path: Path) -> bytes | None:
    """What write_packed wrote, None when missing or damaged."""
    try:
        return zlib.decompress(path.read_bytes())
    except (OSError, zlib.error):
        return None


@dataclass
class Unit:
    """One input of the build and what it made: graph IRI -> chunk hash."""

    inputs: str
    graphs: dict[str, str] = field(default_factory=dict)
    stats: dict[str, object] = field(default_factory=dict)  # counts for the build report


@dataclass
class Cache:
    folder: Path
    code: str = ""
    units: dict[str, Unit] = field(default_factory=dict)  # "curated" or "ingested/<file>"

    @classmethod
    def load(cls, build_dir: Path) -> Cache:
        folder = cache_dir(build_dir)
        try:
            data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            units = {
                k: Unit(v["inputs"], dict(v["graphs"]), dict(v.get("stats", {})))
                for k, v in data["units"].items()
            }
            return cls(folder, str(data["code"]), units)
        except (OSError, ValueError, KeyError, TypeError):
            return cls(folder)

    def chunk(self, digest: str) -> bytes | None:
        """A cached chunk, None when missing or not what its name says."""
        data = read_packed(self.folder / "graphs" / f"{digest}.nqz")
        return data if data is not None and chunk_hash(data) == digest else None

    def chunks(self, unit: Unit) -> Chunks | None:
        found: Chunks = {}
        for graph, digest in unit.graphs.items():
            chunk = self.chunk(digest)
            if chunk is None:
                return None
            found[graph] = chunk
        return found

    def graphs(self) -> dict[str, str]:
        """Graph IRI -> chunk hash of the last validated build (a graph two units shared is
        recorded by each; such graphs are compared line by line, see kg.build.incremental)."""
        result: dict[str, str] = {}
        for unit in self.units.values():
            for graph, digest in unit.graphs.items():
                result[graph] = digest if graph not in result else "shared"
        return result

    def save(
        self,
        code: str,
        units: dict[str, Unit],
        chunks: dict[str, Chunks],
        trig: Mapping[str, bytes] | None = None,
    ) -> bool:
        """Record a validated build: new chunks (and TriG blocks, by chunk hash) first, then the
        manifest, then drop files no unit refers to. False (and the old cache kept or removed)
        if it could not be written."""
        graphs, blocks = self.folder / "graphs", self.folder / "trig"
        try:
            graphs.mkdir(parents=True, exist_ok=True)
            blocks.mkdir(parents=True, exist_ok=True)
            for digest, block in (trig or {}).items():
                if not (blocks / f"{digest}.trigz").exists():
                    write_packed(blocks / f"{digest}.trigz", block)
            for unit_chunks in chunks.values():
                for chunk in unit_chunks.values():
                    path = graphs / f"{chunk_hash(chunk)}.nqz"
                    if not path.exists():
                        write_packed(path, chunk)
            manifest = {
                "code": code,
                "units": {
                    k: {"inputs": u.inputs, "graphs": u.graphs, "stats": u.stats}
                    for k, u in units.items()
                },
            }
            with atomic_write(self.folder / "manifest.json") as handle:
                handle.write(json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8"))
        except OSError:
            with contextlib.suppress(OSError):
                (self.folder / "manifest.json").unlink(missing_ok=True)
            return False
        keep = {d for u in units.values() for d in u.graphs.values()}
        for path in [*graphs.glob("*.nqz"), *blocks.glob("*.trigz")]:
            if path.stem not in keep:
                path.unlink(missing_ok=True)
        self.code, self.units = code, units
        return True
