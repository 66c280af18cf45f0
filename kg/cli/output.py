"""Printing what a command found or why it failed, without Typer: the `kg query` fast path
(kg.cli.fast) prints through this module too, and must not pay for Typer or rich to write tsv.

The rich consoles are made on first use (rich.console costs start-up that a pipe never needs).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["Failed", "err_console", "fail", "out_console", "print_error"]


class Failed(SystemExit):
    """A command failed and said why on stderr: exit status 1, no traceback. A SystemExit, so
    that Typer, a test's CliRunner and a plain `python -m kg.cli` all end the same way."""

    def __init__(self) -> None:
        super().__init__(1)


@cache
def out_console() -> Console:
    from rich.console import Console

    return Console()


@cache
def err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def print_error(error: Exception) -> None:
    """`error: MESSAGE` on stderr, the message as text: messages quote ids like [x] and user
    data, which rich would eat as markup tags."""
    from rich.text import Text

    err_console().print(
        Text.assemble(("error: ", "bold red"), str(error)), soft_wrap=True, highlight=False
    )


def fail(error: Exception) -> NoReturn:
    print_error(error)
    raise Failed()
