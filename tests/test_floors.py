"""Imports between kg's packages only go down the floors that ARCHITECTURE.md draws.

An import that runs backwards (the linker reading the curation stage, the store the query stage)
hides as an in-function import until a first import in a fresh interpreter meets a circle, so
every `from kg... import` in the source is read here, in-function and TYPE_CHECKING ones too.
"""

from __future__ import annotations

import ast
import re
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kg"


def _floors() -> list[set[str]]:
    """The floors line of ARCHITECTURE.md: packages joined by '/', floors by '→'."""
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    found = re.search(r"^errors/[^\n]*(?:\n[^\n]+)*", text, flags=re.MULTILINE)
    assert found, "ARCHITECTURE.md has no floors line starting with 'errors/'"
    return [set(floor.strip().split("/")) for floor in " ".join(found[0].split()).split("→")]


def _unit(path: Path, package: Path = PACKAGE) -> str:
    """The package (or top-level module) a file of kg belongs to; kg/__init__.py is 'kg'."""
    parts = path.relative_to(package).with_suffix("").parts
    return "kg" if parts == ("__init__",) else parts[0]


def _imports(package: Path = PACKAGE) -> list[tuple[str, str, str]]:
    """(importing unit, imported unit, where) for every import of another kg unit."""
    found = []
    for path in sorted(package.rglob("*.py")):
        source = _unit(path, package)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "kg" and len(parts) > 1 and parts[1] != source:
                    where = f"{path.relative_to(package.parent)}:{node.lineno}"
                    found.append((source, parts[1], where))
    return found


FLOORS = _floors()
LEVEL = {unit: level for level, floor in enumerate(FLOORS) for unit in floor}


def test_every_unit_of_kg_has_a_floor() -> None:
    units = {_unit(p) for p in PACKAGE.rglob("*.py")} - {"py"}
    assert units - set(LEVEL) == set(), "add these to the floors line of ARCHITECTURE.md"
    assert set(LEVEL) - units == set(), "the floors line names units that kg does not have"


@pytest.mark.parametrize("floor", range(len(FLOORS)))
def test_imports_only_go_down(floor: int) -> None:
    upward = [
        f"{where}: {source} (floor {LEVEL[source]}) imports {target} (floor {LEVEL[target]})"
        for source, target, where in _imports()
        if LEVEL[source] == floor and LEVEL[target] > floor
    ]
    assert upward == []


def test_packages_import_each_other_in_no_circle() -> None:
    graph: dict[str, set[str]] = {}
    for source, target, _ in _imports():
        graph.setdefault(source, set()).add(target)
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as error:
        pytest.fail(f"a circle of imports: {' -> '.join(error.args[1])}")


def test_the_reader_sees_in_function_and_plain_imports(tmp_path: Path) -> None:
    """The kind of import a reviewer's eye misses is the one the check must not."""
    package = tmp_path / "kg"
    (package / "link").mkdir(parents=True)
    (package / "link" / "probe.py").write_text(
        "from kg.link import x\n"  # its own package: not an arrow
        "def f():\n    from kg.curate.load import y\n    import kg.store.base\n"
    )
    assert _imports(package) == [
        ("link", "curate", "kg/link/probe.py:3"),
        ("link", "store", "kg/link/probe.py:4"),
    ]
    assert LEVEL["curate"] > LEVEL["link"] > LEVEL["store"]
