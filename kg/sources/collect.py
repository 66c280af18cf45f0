"""Which files `kg ingest PATH...` reads, each with the folder it was found under.

Folders are searched recursively. A symbolic link inside a folder (to a file, a folder, or a
sidecar) is refused by name unless `follow_symlinks`: `passwd.txt -> /etc/passwd` would otherwise
put an outside file's sentences into the graph as evidence. A file named on the command line is
read even if it is a link: the user chose it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.sources.readers import ARTICLE_SUFFIXES

__all__ = ["Found", "collect"]


@dataclass(frozen=True)
class Found:
    path: Path
    root: Path  # the folder given to `kg ingest` (the file's parent when a file was given)

    @property
    def relative(self) -> Path:
        return self.path.relative_to(self.root)


def _link_problem(path: Path) -> tuple[str, str]:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return (
        str(path),
        f"{path}: is a symbolic link to {target}; not followed (pass --follow-symlinks to read it)",
    )


def _walk(folder: Path, follow: bool) -> tuple[list[Path], list[tuple[str, str]]]:
    found: list[Path] = []
    refused: list[tuple[str, str]] = []
    for current, dirs, files in os.walk(folder, followlinks=follow):
        here = Path(current)
        if not follow:
            for name in [d for d in dirs if (here / d).is_symlink()]:
                dirs.remove(name)
                refused.append(_link_problem(here / name))
        dirs.sort()
        for name in sorted(files):
            path = here / name
            if path.suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            sidecar = path.with_suffix(".yaml")
            if not follow and path.is_symlink():
                refused.append(_link_problem(path))
            elif not follow and sidecar.is_symlink():
                refused.append((str(path), _link_problem(sidecar)[1]))
            elif path.is_file():
                found.append(path)
    return found, refused


def collect(
    paths: Iterable[Path], *, follow_symlinks: bool = False
) -> tuple[list[Found], list[tuple[str, str]]]:
    """Article files of `paths`, and (path, problem) for what cannot be read."""
    found: list[Found] = []
    problems: list[tuple[str, str]] = []
    for path in map(Path, paths):
        if path.is_dir():
            files, refused = _walk(path, follow_symlinks)
            found += [Found(p, path) for p in files]
            problems += refused
        elif path.is_file():
            found.append(Found(path, path.parent))
        elif path.is_symlink():
            problems.append((str(path), f"{path}: a symbolic link to nothing"))
        else:
            problems.append((str(path), "no such file or folder"))
    unique: dict[Path, Found] = {}
    for item in found:
        unique.setdefault(item.path.resolve(), item)
    return list(unique.values()), problems
