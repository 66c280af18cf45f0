"""`kg export` onto what is not a regular file: devices and pipes are written through (never
replaced by a file), `-` is standard output, a symbolic link keeps being a link (the file it
points at is replaced atomically), a folder or a failing device is a one-line error."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build.pipeline import BuildReport
from kg.config import Settings
from kg.errors import StoreError
from kg.store import export

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def nq(built: tuple[Settings, BuildReport]) -> Path:
    config, _ = built
    return config.build_dir / "kg.nq"


def _device(tmp_path: Path, name: str, minor: int) -> Path:
    """A private node of /dev/null (minor 3) or /dev/full (7): as root, a regression must not
    turn the system's own node into a file (the old code did). Without root the system's node
    is used; it cannot be replaced then."""
    node = tmp_path / name
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except OSError:
        return Path("/dev") / name
    return node


def _lines(data: bytes) -> int:
    return len(list(ox.parse(data, format=ox.RdfFormat.N_QUADS)))


def test_dev_null_stays_a_device(nq: Path, tmp_path: Path) -> None:
    null = _device(tmp_path, "null", 3)
    report = export(nq, null, "nquads")
    assert report.quads > 1000
    assert stat.S_ISCHR(os.stat(null).st_mode)


def test_dev_full_is_an_error_and_stays_a_device(nq: Path, tmp_path: Path) -> None:
    full = _device(tmp_path, "full", 7)
    if not full.exists():
        pytest.skip("no /dev/full here")
    with pytest.raises(StoreError, match=r"full: export failed, output incomplete: No space"):
        export(nq, full, "nquads")
    assert stat.S_ISCHR(os.stat(full).st_mode)


def test_a_pipe_is_written_through(nq: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    report = export(nq, fifo, "nquads")
    reader.join(timeout=60)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert _lines(received[0]) == report.quads


def test_a_symlink_stays_a_link_and_its_target_is_replaced(nq: Path, tmp_path: Path) -> None:
    target = tmp_path / "real.nq"
    target.write_text("old\n")
    link = tmp_path / "link.nq"
    link.symlink_to(target)
    report = export(nq, link, "nquads")
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert _lines(target.read_bytes()) == report.quads
    assert {p.name for p in tmp_path.iterdir()} == {"real.nq", "link.nq"}  # no temporary left


def test_a_folder_is_refused(nq: Path, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        export(nq, tmp_path, "nquads")


def test_dash_is_standard_output(built: tuple[Settings, BuildReport], nq: Path) -> None:
    config, _ = built
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "export", "-", "-f", "nquads", "--from", str(nq)],
        capture_output=True,
        env={**os.environ, "KG_BUILD": str(config.build_dir)},
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert _lines(done.stdout) == nq.read_bytes().count(b"\n")
    assert b"wrote" in done.stderr and not (REPO / "-").exists()
