"""The fast path of `kg query`: the command people run most, started without Typer.

Typer builds the whole command tree and coerces every option through pydantic before a command
runs: about a third of `kg query`'s start-up. This module reads the plain forms of a `kg query`
command line itself (and the bare `kg queries` and `kg --version`) and calls the same function
the Typer command calls (kg.cli.querying). It reads a command line only when it reads it
exactly as Typer would; anything else (`--help`, an unknown or repeated option, a value that
starts with `-`, an empty value, a number in any but its plain form, `--`, shell completion)
goes to the Typer app untouched, which also gives every error message about the command line.
So behaviour and help are Typer's; only start-up differs.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

__all__ = ["QueryArgs", "parse", "run_fast"]

_GLOBAL = {"--data": "data", "--build-dir": "build_dir"}
_VALUED = {
    "--name": "name",
    "-n": "name",
    "--param": "param",
    "-p": "param",
    "--format": "fmt",
    "-f": "fmt",
    "--store": "store",
    "--timeout": "timeout",
    "--max-rows": "max_rows",
}
_FLAGS = {"--wide": "wide"}
_FLOAT = re.compile(r"[0-9]{1,15}(?:\.[0-9]{0,15})?|\.[0-9]{1,15}")
_INT = re.compile(r"0|[1-9][0-9]{0,17}")


@dataclass
class QueryArgs:
    """A `kg query` command line, read as Typer reads it (defaults as in kg.cli.query)."""

    data: Path | None = None
    build_dir: Path | None = None
    file: Path | None = None
    name: str | None = None
    param: list[str] = field(default_factory=list)
    fmt: str | None = None
    wide: bool = False
    store: str | None = None
    timeout: str | None = None
    max_rows: str | None = None


def _split(token: str) -> tuple[str, str | None]:
    """(option, the value written into the same token, if any)."""
    if token.startswith("--"):
        option, equals, value = token.partition("=")
        return option, value if equals else None
    if len(token) > 2 and token[:2] in _VALUED and token[2] != "=":
        return token[:2], token[2:]  # -nNAME, as click reads it
    return token, None  # -n=NAME (click's value would be "=NAME") stays unknown: Typer's


def _completing() -> bool:
    """Whether the shell asks for completions (click's _PROG_COMPLETE variable): Typer's job."""
    return any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ)


def parse(argv: list[str]) -> QueryArgs | None:
    """The command line as QueryArgs, or None when it is not a plain `kg query` command line."""
    if _completing():
        return None
    args = QueryArgs()
    seen: set[str] = set()
    at, command = 0, False
    while at < len(argv):
        token = argv[at]
        if not token.startswith("-") and not command:
            if token != "query":
                return None
            command, at = True, at + 1
            continue
        if not token.startswith("-"):
            if args.file is not None or not token:
                return None
            args.file, at = Path(token), at + 1
            continue
        option, value = _split(token)
        at += 1
        names = _VALUED if command else _GLOBAL
        if option in _FLAGS and command and value is None:
            setattr(args, _FLAGS[option], True)
            continue
        if option not in names:
            return None
        if value is None:
            if at >= len(argv):
                return None
            value, at = argv[at], at + 1
        attribute = names[option]
        if not value or value.startswith("-") or (attribute != "param" and attribute in seen):
            return None
        seen.add(attribute)
        if attribute == "param":
            args.param.append(value)
        elif attribute in ("data", "build_dir"):
            setattr(args, attribute, Path(value))
        else:
            setattr(args, attribute, value)
    if not command:
        return None
    if args.timeout is not None and not _FLOAT.fullmatch(args.timeout):
        return None
    if args.max_rows is not None and not _INT.fullmatch(args.max_rows):
        return None
    return args


def run_fast(argv: list[str]) -> None:
    """Run the command line when it is a plain `kg query` (or exactly `kg queries` or
    `kg --version`) and exit with its status; return without doing anything otherwise. Ends as
    Typer ends a command: 130 on Ctrl-C, 1 (and no traceback) when the reader of a pipe has
    gone."""
    if argv in (["queries"], ["--version"]) and not _completing():
        from kg.cli.querying import list_named, print_version

        _finish(list_named if argv == ["queries"] else print_version)
    args = parse(argv)
    if args is None:
        return
    # what the app's callback does with --data and --build-dir
    if args.data is not None:
        os.environ["KG_DATA"] = str(args.data.resolve())
    if args.build_dir is not None:
        os.environ["KG_BUILD"] = str(args.build_dir.resolve())
    from kg.cli.querying import MAX_ROWS, TIMEOUT_S, run_query

    _finish(
        lambda: run_query(
            args.file,
            args.name,
            args.param,
            args.fmt,
            args.wide,
            args.store or os.environ.get("KG_STORE") or None,  # --store's envvar, as click reads it
            float(args.timeout) if args.timeout is not None else TIMEOUT_S,
            int(args.max_rows) if args.max_rows is not None else MAX_ROWS,
        )
    )


def _finish(command: Callable[[], None]) -> NoReturn:
    """Run the command and exit as Typer would."""
    try:
        command()
        sys.stdout.flush()
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        _quiet_stdout()
        raise SystemExit(1) from None
    raise SystemExit(0)


def _quiet_stdout() -> None:
    """The reader of our stdout has gone: what is still buffered goes nowhere, and Python's own
    flush at exit must not complain (click's PacifyFlushWrapper does the same for Typer)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
