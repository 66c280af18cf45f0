"""The notebooks in notebooks/ run top to bottom against a fresh build of the bundled corpus.

Each notebook is a percent-format `.py` (the source) paired with an `.ipynb` (what Jupyter
opens), committed without outputs so that diffs show only what a person changed. The key numbers
sit in `assert` cells, so a wrong number fails the run. Every `notebooks/NN-*.ipynb` found is
tested: a new notebook joins without touching this file.
"""

from __future__ import annotations

import ast
import json
import os
import re
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

import kg
from kg.build.pipeline import BuildReport
from kg.config import Settings

REPO = Path(__file__).resolve().parents[2]
FOLDER = REPO / "notebooks"
# A notebook is NN-name.py + NN-name.ipynb; other files (an executed copy, a checkpoint) are not.
NAME = re.compile(r"[0-9]{2}-[a-z0-9-]+")
STEMS = sorted(
    {p.stem for p in FOLDER.iterdir() if p.suffix in (".py", ".ipynb") and NAME.fullmatch(p.stem)}
)
CELL_TIMEOUT_S = 120
# What a notebook may import from the package: the public API (kg.__all__) and kg.analyse.
PUBLIC_MODULES = {"kg", "kg.analyse"}
ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")  # the kernel colours its tracebacks
KERNEL = "sanctions-kg-tests"
SYNC_HINT = "run `.venv/bin/jupytext --sync notebooks/{stem}.py`"


def _read_pair(stem: str) -> tuple[nbformat.NotebookNode, nbformat.NotebookNode]:
    source, paired = FOLDER / f"{stem}.py", FOLDER / f"{stem}.ipynb"
    assert source.is_file(), (
        f"notebooks/{stem}.py missing: pair the notebook with "
        f"`.venv/bin/jupytext --set-formats ipynb,py:percent notebooks/{stem}.ipynb`"
    )
    assert paired.is_file(), (
        f"notebooks/{stem}.ipynb missing: `.venv/bin/jupytext --to ipynb notebooks/{stem}.py`"
    )
    return jupytext.read(source), nbformat.read(paired, as_version=4)


def _failed_cell(notebook: nbformat.NotebookNode) -> int:
    """The index of the first cell whose outputs hold an error (as Jupyter counts, from 0)."""
    for index, cell in enumerate(notebook.cells):
        if any(out.get("output_type") == "error" for out in cell.get("outputs", [])):
            return index
    return -1


@pytest.fixture
def kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A kernelspec for this interpreter, found first: the notebooks run in the venv that has kg,
    whatever `python3` kernel a user-level Jupyter install may point elsewhere."""
    folder = tmp_path / "kernels" / KERNEL
    folder.mkdir(parents=True)
    spec = {
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "sanctions-kg tests",
        "language": "python",
    }
    (folder / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    return KERNEL


def test_the_notebooks_are_there() -> None:
    assert {"01-explore-with-sparql", "04-the-kuril-dispute"} <= set(STEMS), STEMS


@pytest.mark.parametrize("stem", STEMS)
def test_notebook_runs_top_to_bottom(
    stem: str, built: tuple[Settings, BuildReport], kernel: str
) -> None:
    config, _ = built
    path = FOLDER / f"{stem}.ipynb"
    assert path.is_file(), (
        f"notebooks/{stem}.ipynb missing: `.venv/bin/jupytext --to ipynb notebooks/{stem}.py`"
    )
    notebook = nbformat.read(path, as_version=4)
    # The kernel finds the store the way a notebook always does: kg.open_store() reads
    # KG_STORE / KG_BUILD; here they point at the session's temporary build.
    env = {**os.environ, "KG_BUILD": str(config.build_dir), "KG_STORE": config.store}
    client = NotebookClient(
        notebook,
        kernel_name=kernel,
        timeout=CELL_TIMEOUT_S,
        resources={"metadata": {"path": str(REPO)}},
    )
    failure: CellExecutionError | None = None
    try:
        client.execute(env=env)
    except CellExecutionError as error:
        failure = error
    if failure is not None:
        index = _failed_cell(notebook)
        message = ANSI_ESCAPE.sub("", str(failure))
        pytest.fail(f"notebooks/{stem}.ipynb: cell {index} failed\n{message}", pytrace=False)


@pytest.mark.parametrize("stem", STEMS)
def test_ipynb_matches_its_paired_py(stem: str) -> None:
    source, paired = _read_pair(stem)
    formats = paired.metadata.get("jupytext", {}).get("formats", "")
    assert "py:percent" in formats, f"notebooks/{stem}.ipynb is not paired with a percent .py"
    from_py = [(c.cell_type, c.source) for c in source.cells]
    from_ipynb = [(c.cell_type, c.source) for c in paired.cells]
    assert from_py == from_ipynb, (
        f"notebooks/{stem}.ipynb and .py differ; {SYNC_HINT.format(stem=stem)}"
    )


@pytest.mark.parametrize("stem", STEMS)
def test_committed_ipynb_has_no_outputs(stem: str) -> None:
    _, paired = _read_pair(stem)
    dirty = [
        index
        for index, cell in enumerate(paired.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, (
        f"notebooks/{stem}.ipynb has outputs in cells {dirty}: clear all outputs in Jupyter "
        f"before saving, or rebuild it from the source: `.venv/bin/jupytext --to ipynb "
        f"notebooks/{stem}.py`"
    )


@pytest.mark.parametrize("stem", STEMS)
def test_notebook_uses_only_the_public_api(stem: str) -> None:
    source, _ = _read_pair(stem)
    code = "\n".join(c.source for c in source.cells if c.cell_type == "code")
    imported: list[str] = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module == "kg":
            imported += [
                "kg" if alias.name in kg.__all__ else f"kg.{alias.name}" for alias in node.names
            ]
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.append(node.module)
    wrong = [m for m in imported if m.split(".")[0] == "kg" and m not in PUBLIC_MODULES]
    assert not wrong, f"notebooks/{stem}: imports beyond kg's public API: {wrong}"
