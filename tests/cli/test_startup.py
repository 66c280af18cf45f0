"""What `kg query --name X` imports: start-up is most of the command (bench/cli_bench.py), so
the query path must not load the NLP stack, pandas, Typer's pydantic coercion, rdflib or httpx.
Each check runs the real command in a fresh process and looks at its sys.modules at exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kg.build.pipeline import BuildReport
from kg.config import Settings

CHECK = """
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0]
                                                in {roots!r})), file=sys.stderr))
sys.argv = ["kg", "query", "--name", "summary-classes", "--format", "tsv"]
import kg.cli
kg.cli.main()
"""


def _loaded(roots: set[str], config: Settings) -> set[str]:
    env = {**os.environ, "KG_STORE": config.store, "KG_BUILD": str(config.build_dir)}
    done = subprocess.run(
        [sys.executable, "-c", CHECK.format(roots=sorted(roots))],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("class\tcount\n")
    return {name.split(".")[0] for name in json.loads(done.stderr.strip().splitlines()[-1])}


def test_query_loads_no_nlp_pandas_or_typer(built: tuple[Settings, BuildReport]) -> None:
    config, _ = built
    heavy = {"spacy", "dateparser", "pandas", "numpy", "typer", "pydantic"}
    assert _loaded(heavy, config) == set()


def test_query_loads_no_rdflib_or_httpx(built: tuple[Settings, BuildReport]) -> None:
    config, _ = built
    assert _loaded({"rdflib", "httpx", "click", "rich"}, config) == set()  # httpx loads click


def test_import_kg_does_not_read_package_metadata(repo: Path) -> None:
    code = (
        "import sys, kg; before = 'importlib.metadata' in sys.modules; "
        "from importlib.metadata import version; "
        "print(before, kg.__version__ == version('sanctions-kg'), '__version__' in dir(kg))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=repo, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "True"]
