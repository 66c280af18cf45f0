"""`python -m kg.serve.confine PROGRAM [ARGS...]`: run PROGRAM unable to open connections.

How the project starts the `oxigraph` server binary (kg.serve.backend): the seccomp filter of
kg.serve.sandbox.forbid_outbound is loaded here and survives the exec, so the server can listen
and answer but a SERVICE clause sent to it cannot reach anything.
"""

from __future__ import annotations

import os
import sys

from kg.serve.sandbox import forbid_outbound


def main(argv: list[str]) -> int:
    if not argv:
        sys.stderr.write("usage: python -m kg.serve.confine PROGRAM [ARGS...]\n")
        return 2
    forbid_outbound()
    os.execv(argv[0], argv)
    return 127  # not reached: execv replaces this process or raises


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
