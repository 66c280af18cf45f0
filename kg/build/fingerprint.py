"""What a built graph depends on, as hashes: the code and model (one hash for everything the
build reads besides data), the curated inputs, and each ingested file.

A change of code, ontology, shapes or library versions invalidates every cached graph (the
next build is a full one); the curated data is one unit because the curated loader resolves
references, inherited dates and discrepancies across its files; an ingested graph is its file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

import kg

__all__ = ["code_fingerprint", "file_hash", "tree_fingerprint"]

LIBRARIES = ("rdflib", "pyshacl", "pyoxigraph", "pyyaml", "spacy")
# Floors above the build (imports only go down, so they cannot change what it writes): editing
# a query, a view or the CLI keeps the cache.
ABOVE_BUILD = frozenset(
    {"analyse", "cli", "eval", "graphread", "interop", "query", "serve", "view"}
)
FORMAT = "1"  # bump when the cache layout or what a chunk holds changes


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(folder: Path, patterns: Iterable[str]) -> list[Path]:
    return sorted({p for pattern in patterns for p in folder.rglob(pattern) if p.is_file()})


def tree_fingerprint(
    folder: Path, patterns: Iterable[str] = ("*",), skip: frozenset[str] = frozenset()
) -> str:
    """One hash over the names (relative to `folder`) and contents of its files, leaving out
    the top-level folders named in `skip`."""
    digest = hashlib.sha256()
    for path in _files(folder, patterns):
        relative = path.relative_to(folder).parts
        if "__pycache__" in relative or (len(relative) > 1 and relative[0] in skip):
            continue
        digest.update(str(path.relative_to(folder)).encode("utf-8") + b"\0")
        digest.update(file_hash(path).encode() + b"\n")
    return digest.hexdigest()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def code_fingerprint(ontology_dir: Path) -> str:
    """The kg package's sources at and below the build's floor (lexicons and data files
    included), the ontology and shapes, and the libraries that write and validate the graph."""
    package = Path(kg.__file__).parent
    parts = [
        FORMAT,
        tree_fingerprint(package, ("*.py", "*.yaml", "*.json", "*.txt"), ABOVE_BUILD),
        tree_fingerprint(ontology_dir, ("*.ttl", "*.jsonld")),
        *(f"{name}={_version(name)}" for name in LIBRARIES),
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
