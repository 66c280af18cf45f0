"""What `kg build` writes is meant to be shared: its files get the mode the user's umask allows
(not mkstemp's 0600), and `kg validate` counts the same quads `kg build` reports (issue 19)."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys

from kg.build.pipeline import BuildReport
from kg.config import Settings


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_build_outputs_follow_the_umask(built: tuple[Settings, BuildReport]) -> None:
    config, _ = built
    expected = 0o666 & ~_umask()
    for name in ("kg.trig", "kg.nq"):
        mode = stat.S_IMODE((config.build_dir / name).stat().st_mode)
        assert mode == expected, (name, oct(mode), oct(expected))


def test_validate_counts_the_quads_build_reports(built: tuple[Settings, BuildReport]) -> None:
    config, report = built
    env = {**os.environ, "KG_BUILD": str(config.build_dir), "KG_STORE": config.store}
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "validate"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    found = re.search(r"valid: .*?(\d+) quads", done.stdout)
    assert found, done.stdout
    assert int(found.group(1)) == report.quads
