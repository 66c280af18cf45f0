"""The Dask cluster of `kg ingest --workers N` / `--scheduler ADDRESS`: a LocalCluster bound to
127.0.0.1, or a client of a running scheduler, set up for a run of a few long tasks per worker.

Dask is imported only here and only when a run needs a cluster (it costs half a second); what
runs on the cluster is kg.ingest.distributed.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

from kg.errors import KGError

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["Cluster", "ClusterError", "dask_client"]


class ClusterError(KGError):
    """The Dask cluster could not be started or reached."""


# What a LocalCluster does on the side costs cores its workers need (the scheduler lives in
# this process, beside the writer): the workers' sampling profiler took 10-15% of the
# extraction time; work stealing rebalances every 100 ms what never needs it (a few tasks per
# worker in flight, all alike); the 20 ms event-loop tick and the 0.5 s system monitor wake
# every server process for nothing a run of this kind reads. The nanny's MALLOC_TRIM_THRESHOLD_
# (fixed, it turns off glibc's adaptive mmap threshold, so the model's arrays are mapped and
# unmapped at every call) made the per-document step 4-21% slower (the same 300 articles,
# single process, with it and without, alternated); the one-thread numeric libraries stay.
_QUIET = {
    "distributed.worker.profile.enabled": False,
    "distributed.scheduler.work-stealing": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.nanny.pre-spawn-environ": {
        "OMP_NUM_THREADS": 1,
        "MKL_NUM_THREADS": 1,
        "OPENBLAS_NUM_THREADS": 1,
    },
}


@contextlib.contextmanager
def dask_client(workers: int = 0, scheduler: str | None = None) -> Iterator[Client]:
    """A client of the cluster at `scheduler`, or of a new LocalCluster of `workers`
    single-threaded processes bound to 127.0.0.1 (dashboard too), closed afterwards."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise ClusterError(
            f"Dask is not installed ({error}): pip install 'dask[distributed]>=2026.8'"
        ) from None

    with contextlib.ExitStack() as held:
        try:
            if scheduler:
                client = held.enter_context(Client(scheduler, timeout="20s"))  # type: ignore[no-untyped-call]
            else:
                with dask.config.set(_QUIET):
                    cluster = LocalCluster(  # type: ignore[no-untyped-call]
                        n_workers=max(1, workers),
                        threads_per_worker=1,
                        processes=True,
                        host="127.0.0.1",
                        dashboard_address="127.0.0.1:0",
                        silence_logs=logging.CRITICAL,  # heartbeats lost at shutdown are no news
                    )
                held.enter_context(cluster)
                client = held.enter_context(Client(cluster))  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as error:
            where = scheduler or "a local cluster on 127.0.0.1"
            raise ClusterError(f"Dask: cannot use {where}: {error}") from None
        yield client


class Cluster:
    """The cluster of a run, started (or reached) only when a document needs extracting: a
    re-run on an unchanged corpus starts no worker and loads no model."""

    def __init__(self, workers: int = 0, scheduler: str | None = None) -> None:
        self.workers, self.scheduler = workers, scheduler
        self._held = contextlib.ExitStack()
        self._client: Client | None = None

    def client(self) -> Client:
        if self._client is None:
            self._client = self._held.enter_context(dask_client(self.workers, self.scheduler))
        return self._client

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self._held.close()
