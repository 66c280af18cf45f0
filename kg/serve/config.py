"""The settings of one `kg serve`, checked before anything starts."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KGError

__all__ = ["ServeConfig", "ServeConfigError"]


class ServeConfigError(KGError):
    """An option of `kg serve` is out of range."""


def _default_workers() -> int:
    return max(2, min(4, os.cpu_count() or 2))


@dataclass(frozen=True)
class ServeConfig:
    store: Path
    port: int = 7878
    timeout_s: float = 10.0
    max_rows: int = 10_000
    log: bool = True
    workers: int = field(default_factory=_default_workers)
    cors: tuple[str, ...] = ()  # origins allowed to send cross-origin requests ("*": any)
    queries_dir: Path | None = None
    max_body: int = 1 << 20
    header_timeout_s: float = 10.0
    body_timeout_s: float = 30.0
    max_connections: int = 1024
    worker_memory_mb: int = 4096  # address-space cap of each query worker (0: none)
    backlog: int = 2048

    def check(self) -> ServeConfig:
        """Self, or ServeConfigError naming the option at fault."""
        if not 0 <= self.port <= 65535:
            raise ServeConfigError(
                f"--port {self.port}: a TCP port is 0 to 65535 (0: any free port)"
            )
        if not math.isfinite(self.timeout_s) or self.timeout_s <= 0:
            raise ServeConfigError(f"--timeout {self.timeout_s}: give a positive number of seconds")
        for name, value in (
            ("--header-timeout", self.header_timeout_s),
            ("--body-timeout", self.body_timeout_s),
        ):
            if not math.isfinite(value) or value <= 0:
                raise ServeConfigError(f"{name} {value}: give a positive number of seconds")
        if self.max_rows < 1:
            raise ServeConfigError(f"--max-rows {self.max_rows}: give at least 1")
        if not 1 <= self.workers <= 64:
            raise ServeConfigError(f"--workers {self.workers}: give 1 to 64")
        if self.worker_memory_mb and self.worker_memory_mb < 512:
            raise ServeConfigError(
                f"--worker-memory {self.worker_memory_mb}: give at least 512 (MB), or 0 for no cap"
            )
        for origin in self.cors:
            if origin != "*" and not origin.startswith(("http://", "https://")):
                raise ServeConfigError(
                    f"--cors {origin!r}: give an origin such as https://example.org, or *"
                )
        if not self.store.exists():
            raise ServeConfigError(f"{self.store}: no store here; run `kg build` first")
        return self
