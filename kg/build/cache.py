"""The build cache in build/incremental/: each graph's chunk of the last validated build.

`manifest.json` records, for the last build that wrote its outputs, the code fingerprint, the
inputs of each unit (the curated data, each ingested file) and the graphs each unit made, by the
hash of their chunk; chunks live in `graphs/<hash>.nq`, written once (content-addressed). The
manifest is replaced atomically after the outputs are in place, so it always describes a state
that passed validation: everything the next build validates is relative to that state. Writing
the cache never fails a build (it is an optimisation: a build without it is a full one), and a
cache that cannot be read is ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from kg.atomic import atomic_write, temporary_name
from kg.build.chunks import Chunks, chunk_hash

__all__ = ["Cache", "Unit", "cache_dir"]


def cache_dir(build_dir: Path) -> Path:
    return build_dir / "incremental"


def _write_unsynced(path: Path, data: bytes) -> None:
    """Temporary file and rename, no fsync: a chunk is checked against its name when read, so
    one lost in a crash is only rebuilt (an fsync each was most of a 1,000-graph build)."""
    tmp = temporary_name(path)
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


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
        try:
            data = (self.folder / "graphs" / f"{digest}.nq").read_bytes()
        except OSError:
            return None
        return data if chunk_hash(data) == digest else None

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

    def save(self, code: str, units: dict[str, Unit], chunks: dict[str, Chunks]) -> bool:
        """Record a validated build: new chunks first, then the manifest, then drop chunks no
        unit refers to. False (and the old cache kept or removed) if it could not be written."""
        graphs = self.folder / "graphs"
        try:
            graphs.mkdir(parents=True, exist_ok=True)
            for unit_chunks in chunks.values():
                for chunk in unit_chunks.values():
                    path = graphs / f"{chunk_hash(chunk)}.nq"
                    if not path.exists():
                        _write_unsynced(path, chunk)
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
        keep = {f"{d}.nq" for u in units.values() for d in u.graphs.values()}
        for path in graphs.glob("*.nq"):
            if path.name not in keep:
                path.unlink(missing_ok=True)
        self.code, self.units = code, units
        return True
