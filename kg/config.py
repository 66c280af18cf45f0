"""Where things live. In a source checkout the defaults follow the repository layout; an installed
package reads its bundled ontology and queries and the current directory's data/ and build/.
Environment variables override them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KGError
from kg.resources import REPO_ROOT, bundled_dir, in_source_tree

__all__ = [
    "BASE_IRI",
    "GRAPH_IRI",
    "REPO_ROOT",
    "DataFolderMissing",
    "Settings",
    "embedded_path",
    "require_data",
    "settings",
]

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
    def data_dir(self) -> Path:
        """The data folder (KG_DATA), parent of sources/ and curated/."""
        return self.sources_dir.parent

    @property
    def trig_path(self) -> Path:
        return self.build_dir / "kg.trig"


def settings() -> Settings:
    """Read settings from the environment (KG_ROOT, KG_DATA, KG_BUILD, KG_STORE). KG_ROOT names a
    project folder (ontology/, queries/, data/, build/); without it a source checkout uses the
    repository and an installed package its bundled files plus the current directory."""
    if "KG_ROOT" in os.environ:
        root = Path(os.environ["KG_ROOT"])
        ontology, queries = root / "ontology", root / "queries"
    else:
        root = REPO_ROOT if in_source_tree() else Path.cwd()
        ontology, queries = bundled_dir("ontology"), bundled_dir("queries")
    data = Path(os.environ.get("KG_DATA", root / "data"))
    build = Path(os.environ.get("KG_BUILD", root / "build"))
    return Settings(
        root=root,
        ontology_dir=ontology,
        sources_dir=data / "sources",
        curated_dir=data / "curated",
        queries_dir=queries,
        build_dir=build,
        store=os.environ.get("KG_STORE", f"oxigraph:{build / 'store'}"),
    )


class DataFolderMissing(KGError):
    """The data folder a command reads (KG_DATA, default ./data) does not exist."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        super().__init__(
            f"data folder {_shown(folder)} not found: pass KG_DATA or run from a folder with data/"
        )


def _shown(folder: Path) -> str:
    """The folder as a user typed it: relative to the current directory when under it."""
    try:
        return "./" + str(folder.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(folder)


def require_data(config: Settings) -> Path:
    """The data folder of `config`, or DataFolderMissing naming it (an installed package has no
    bundled corpus, so a command run from the wrong folder must say where it looked)."""
    if not config.data_dir.is_dir():
        raise DataFolderMissing(config.data_dir)
    return config.data_dir


def embedded_path(spec: str) -> Path | None:
    """The folder of an embedded store spec ('oxigraph:PATH' or a bare PATH); None for
    'memory' and 'sparql:URL', which name no folder."""
    if spec == "memory" or spec.startswith("sparql:"):
        return None
    if spec.startswith("oxigraph:"):
        return Path(spec.removeprefix("oxigraph:"))
    return None if "://" in spec else Path(spec)
