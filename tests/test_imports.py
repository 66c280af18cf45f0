"""Each package of kg imports first, in a fresh interpreter: a circle of package-level imports
shows only when a user's first import starts it (`from kg.link import Gazetteer` once failed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = sorted(
    ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kg").rglob("__init__.py")
)


def test_every_package_is_found() -> None:
    assert {"kg", "kg.extract", "kg.link", "kg.ingest", "kg.store"} <= set(PACKAGES)


@pytest.mark.parametrize("package", PACKAGES)
def test_package_imports_first(package: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import {package}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
