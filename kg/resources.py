"""Where the ontology and the named queries live: the repository's folders in a source checkout,
the copies shipped inside the package (kg/_data) once installed from a wheel."""

from __future__ import annotations

from pathlib import Path

__all__ = ["REPO_ROOT", "bundled_dir", "in_source_tree"]

REPO_ROOT = Path(__file__).resolve().parents[1]


def in_source_tree(root: Path = REPO_ROOT) -> bool:
    """True when `root` is a checkout of the project (it holds ontology/kg.ttl), as in an editable
    install; False for a package installed into site-packages."""
    return (root / "ontology" / "kg.ttl").is_file()


def bundled_dir(name: str) -> Path:
    """The folder `name` ("ontology" or "queries"): the checkout's own when there is one, so edits
    show at once, else the copy in the wheel. A wheel installs as plain files, so a Path is safe."""
    if in_source_tree():
        return REPO_ROOT / name
    from importlib.resources import files  # 5-6 ms of start-up (tempfile, zipfile): only here

    return Path(str(files("kg") / "_data" / name))
