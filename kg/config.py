"""Where things live. Defaults follow the repository layout; environment variables override them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["BASE_IRI", "GRAPH_IRI", "Settings", "embedded_path", "settings"]

REPO_ROOT = Path(__file__).resolve().parents[1]
# The project's IRI base as a plain string, for modules that must not pay for importing rdflib
# (kg.namespace builds its namespaces on it; a test keeps the two equal).
BASE_IRI = "https://w3id.org/sanctions-kg/"
GRAPH_IRI = BASE_IRI + "graph/"


@dataclass(frozen=True)
class Settings:
    root: Path
    ontology_dir: Path
    sources_dir: Path
    curated_dir: Path
    queries_dir: Path
    build_dir: Path
    store: str  # store spec: "oxigraph:PATH" (default), "memory", or "sparql:URL"

    @property
    def trig_path(self) -> Path:
        return self.build_dir / "kg.trig"


def settings() -> Settings:
    """Read settings from the environment (KG_ROOT, KG_DATA, KG_BUILD, KG_STORE)."""
    root = Path(os.environ.get("KG_ROOT", REPO_ROOT))
    data = Path(os.environ.get("KG_DATA", root / "data"))
    build = Path(os.environ.get("KG_BUILD", root / "build"))
    return Settings(
        root=root,
        ontology_dir=root / "ontology",
        sources_dir=data / "sources",
        curated_dir=data / "curated",
        queries_dir=root / "queries",
        build_dir=build,
        store=os.environ.get("KG_STORE", f"oxigraph:{build / 'store'}"),
    )


def embedded_path(spec: str) -> Path | None:
    """The folder of an embedded store spec ('oxigraph:PATH' or a bare PATH); None for
    'memory' and 'sparql:URL', which name no folder."""
    if spec == "memory" or spec.startswith("sparql:"):
        return None
    if spec.startswith("oxigraph:"):
        return Path(spec.removeprefix("oxigraph:"))
    return None if "://" in spec else Path(spec)
