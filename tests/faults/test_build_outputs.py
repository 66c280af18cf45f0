"""A build replaces all its outputs or none: on a full disk or a read-only folder the previous
kg.trig, kg.nq and store stay, agreeing with each other, nothing is leaked, and one line names
the file. Its bytes do not depend on the process (hash seed)."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build.pipeline import build
from kg.config import Settings
from kg.errors import OutputError

REPO = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A small tmpfs at `folder` (needs root and mount); the test is skipped without one."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _kg(args: list[str], config: Settings, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "KG_ROOT": str(config.root),
        "KG_BUILD": str(config.build_dir),
        "KG_STORE": config.store,
        "COLUMNS": "300",
        **extra,
    }
    return subprocess.run(
        [sys.executable, "-m", "kg.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
    )


def _snapshot(build_dir: Path) -> dict[str, object]:
    return {
        "trig": (build_dir / "kg.trig").read_bytes(),
        "nq": (build_dir / "kg.nq").read_bytes(),
        "store": (build_dir / "store").resolve(),
        "entries": sorted(p.name for p in build_dir.iterdir()),
    }


def _change_the_input(config: Settings) -> None:
    """Outputs of the next build differ from the last one's, so a half-replaced set shows."""
    sidecar = config.sources_dir / "000_6dda27f3a0c12004.yaml"
    sidecar.write_text(
        sidecar.read_text(encoding="utf-8").replace("title:", "title: Changed -", 1),
        encoding="utf-8",
    )


def _fill(folder: Path, leave: int) -> None:
    """Fill the file system of `folder` until about `leave` bytes are free."""
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with (folder / "filler").open("wb") as handle:
        handle.write(b"\0" * max(0, free - leave))


def test_a_full_disk_changes_no_output_and_leaks_nothing(
    project_copy: Settings, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "small", "8m") as disk:
        config = _with_build(project_copy, disk / "build")
        first = build(config)
        assert first.store is not None
        _change_the_input(config)
        cases = (
            (150_000, "kg.trig", []),
            (900_000, "kg.nq", []),
            (2_200_000, "store-", ["--full"]),  # the store written whole
            (1_750_000, "store-", []),  # per graph: a copy of the last build's, changed graphs
        )
        for leave, culprit, options in cases:
            _fill(disk, leave)
            before = _snapshot(config.build_dir)
            if culprit == "store-":  # as a user sees it: one line, no traceback
                done = _kg(["build", *options], config)
                assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
                [message] = done.stderr.strip().splitlines()
            else:
                with pytest.raises(OutputError) as caught:
                    build(config)
                message = f"error: {caught.value}"
            assert message.startswith(f"error: {config.build_dir / culprit}"), message
            assert "No space left" in message
            assert _snapshot(config.build_dir) == before  # all old, agreeing; no store-*, no .tmp
            (disk / "filler").unlink()
        # with room again, the build replaces everything
        build(config)
        assert b"Changed -" in (config.build_dir / "kg.nq").read_bytes()
        assert len(list(config.build_dir.glob("store-*"))) == 2  # the live one and the one before


def test_a_read_only_build_folder_is_one_line_naming_it(
    project_copy: Settings, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "ro", "20m") as disk:
        config = _with_build(project_copy, disk / "build")
        build(config)
        before = _snapshot(config.build_dir)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        for command in (["build"], ["build", "--no-store"]):
            done = _kg(command, config)
            assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
            [line] = done.stderr.strip().splitlines()
            assert str(config.build_dir) in line and "Read-only file system" in line
        assert _snapshot(config.build_dir) == before


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (600_000, 600_000))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG


def test_a_file_size_limit_fails_the_build_before_anything_is_replaced(
    project_copy: Settings,
) -> None:
    """Without root: RLIMIT_FSIZE makes the kg.nq write fail (kg.trig fits), as a full disk
    does; the old code left a new kg.trig beside the old kg.nq."""
    build(project_copy)
    _change_the_input(project_copy)
    before = _snapshot(project_copy.build_dir)
    env = {**os.environ, "KG_ROOT": str(project_copy.root), "KG_BUILD": str(project_copy.build_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "kg.cli", "build"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        preexec_fn=_limit_file_size,
        timeout=300,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "kg.nq" in done.stderr and "too large" in done.stderr
    assert _snapshot(project_copy.build_dir) == before


def test_two_processes_with_different_hash_seeds_build_the_same_bytes(
    project_copy: Settings, tmp_path: Path
) -> None:
    outputs = []
    for seed in ("1", "2"):
        config = _with_build(project_copy, tmp_path / f"build-{seed}")
        done = _kg(["build", "--no-store"], config, PYTHONHASHSEED=seed)
        assert done.returncode == 0, done.stderr
        outputs.append({n: (config.build_dir / n).read_bytes() for n in ("kg.trig", "kg.nq")})
    assert outputs[0]["kg.nq"] == outputs[1]["kg.nq"]
    assert outputs[0]["kg.trig"] == outputs[1]["kg.trig"]


def _with_build(config: Settings, build_dir: Path) -> Settings:
    return dataclasses.replace(config, build_dir=build_dir, store=f"oxigraph:{build_dir / 'store'}")
