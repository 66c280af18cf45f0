"""Confine a query worker: no network, no new programs, and death with the server.

A SERVICE clause makes Oxigraph open a socket and connect out from inside Rust code, where no
Python hook sees it, so the operating system has to refuse: a seccomp filter (libseccomp through
`pyseccomp`) makes `socket`, `connect` and their kin fail with EACCES in this process and in
anything it could start, and `execve` fail too. The filter is applied after the store is open
and before the first query is read, and it cannot be lifted (no_new_privs). PR_SET_PDEATHSIG
makes the kernel kill the worker when the server that started it dies, even by `kill -9`.
"""

from __future__ import annotations

import ctypes
import errno
import os
import signal

import pyseccomp as seccomp

__all__ = ["DENIED_SYSCALLS", "die_with_parent", "forbid_network", "forbid_outbound"]

PR_SET_PDEATHSIG = 1
DENIED_SYSCALLS = (
    "socket",
    "socketpair",
    "connect",
    "bind",
    "listen",
    "accept",
    "accept4",
    "sendto",
    "sendmsg",
    "sendmmsg",
    "execve",
    "execveat",
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
)
NOT_SUPPORTED = ("io_uring_setup", "io_uring_enter", "io_uring_register")  # would bypass the filter


def die_with_parent(parent: int) -> None:
    """Ask the kernel for SIGKILL when the parent dies; exit now if it is already gone."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def forbid_network() -> None:
    """Load the filter into this process (irreversible)."""
    rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    for name in DENIED_SYSCALLS:
        rules.add_rule(seccomp.ERRNO(errno.EACCES), name)
    for name in NOT_SUPPORTED:
        rules.add_rule(seccomp.ERRNO(errno.ENOSYS), name)
    rules.load()


def forbid_outbound() -> None:
    """A lighter filter for a process that must still listen (the `oxigraph` server binary):
    no connect, no datagram to an address, no io_uring. It accepts connections and answers
    them, but cannot open one, so its SERVICE clauses fail."""
    rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    rules.add_rule(seccomp.ERRNO(errno.EACCES), "connect")
    rules.add_rule(seccomp.ERRNO(errno.EACCES), "sendto", seccomp.Arg(4, seccomp.NE, 0))
    rules.add_rule(seccomp.ERRNO(errno.EACCES), "sendmmsg")
    for name in NOT_SUPPORTED:
        rules.add_rule(seccomp.ERRNO(errno.ENOSYS), name)
    rules.load()
