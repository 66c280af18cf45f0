"""The heavy dependencies are extras ([nlp], [notebook]): a command that needs a missing one ends
in one line naming it and the pip command; the core commands work without them. A missing
package is simulated in a fresh process by `sys.modules[name] = None`, which makes its import
fail exactly as an uninstalled package's does (ModuleNotFoundError) and hides it from find_spec."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build.pipeline import BuildReport
from kg.config import Settings
from kg.extras import EXTRAS, MissingExtra, needs, require

RUN = """
import sys
for name in sys.argv[1].split(","):
    sys.modules[name] = None
sys.argv = ["kg", *sys.argv[2:]]
import kg.cli
kg.cli.main()
"""
EVERY_EXTRA = ",".join(m for modules in EXTRAS.values() for m in modules)


def _kg(hidden: str, args: list[str], config: Settings) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KG_STORE": config.store, "KG_BUILD": str(config.build_dir)}
    return subprocess.run(
        [sys.executable, "-c", RUN, hidden, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def _one_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    [line] = done.stderr.strip().splitlines()
    return line


@pytest.mark.parametrize(
    ("hidden", "args", "expected"),
    [
        ("spacy", ["ingest", "article.txt"], "kg ingest needs spacy"),
        ("rapidfuzz", ["eval"], "kg eval needs rapidfuzz"),
        ("rapidfuzz", ["ftm", "import", "entities.ftm.json"], "kg ftm import needs rapidfuzz"),
        ("pandas", ["analyse"], "kg analyse needs pandas"),
        ("igraph", ["export", "-f", "graphml", "out.graphml"], "kg export -f graphml needs igraph"),
    ],
)
def test_a_command_names_the_missing_extra(
    built: tuple[Settings, BuildReport], tmp_path: Path, hidden: str, args: list[str], expected: str
) -> None:
    config, _ = built
    args = [str(tmp_path / a) if a.endswith((".txt", ".json", ".graphml")) else a for a in args]
    line = _one_line(_kg(hidden, args, config))
    extra = next(name for name, modules in EXTRAS.items() if hidden in modules)
    assert line.startswith(f"error: {expected}, which is not installed (the [{extra}] extra)")
    assert line.endswith(f"pip install 'sanctions-kg[{extra}]'")
    assert not list(tmp_path.iterdir())  # nothing written before the check


def test_core_commands_work_without_any_extra(built: tuple[Settings, BuildReport]) -> None:
    config, _ = built
    done = _kg(EVERY_EXTRA, ["query", "--name", "summary-classes", "-f", "csv"], config)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "class,count"
    for args in (["--help"], ["queries"], ["query", "--help"]):
        done = _kg(EVERY_EXTRA, args, config)
        assert done.returncode == 0, (args, done.stderr)


def test_the_python_api_names_the_missing_extra(repo: Path) -> None:
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "import kg\n"
        "try:\n    kg.analyse\nexcept kg.KGError as error:\n    print(error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=repo, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        "kg.analyse needs matplotlib, which is not installed (the [notebook] extra): "
        "pip install 'sanctions-kg[notebook]'"
    )


def test_require_and_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    for extra in EXTRAS:
        require(extra, "this test")  # the dev install has every extra
    monkeypatch.setitem(sys.modules, "pycountry", None)
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingExtra, match=r"^x needs pycountry, which is not installed"):
        require("nlp", "x")
    missing = pytest.raises(MissingExtra, match=r"pip install 'sanctions-kg\[notebook\]'$")
    with missing, needs("notebook", "y"):
        import pandas  # noqa: F401
    with pytest.raises(ModuleNotFoundError), needs("notebook", "y"):
        import no_such_module_at_all  # noqa: F401  (not an extra's: left alone)


def test_to_dataframe_names_the_missing_extra(built: tuple[Settings, BuildReport]) -> None:
    config, _ = built
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import kg\n"
        f"store = kg.open_store({config.store!r})\n"
        "result = store.query('SELECT ?s WHERE { ?s ?p ?o } LIMIT 1')\n"
        "try:\n    result.to_dataframe()\nexcept kg.KGError as error:\n    print(error)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        "to_dataframe() needs pandas, which is not installed (the [notebook] extra): "
        "pip install 'sanctions-kg[notebook]'"
    )
