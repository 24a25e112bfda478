"""The table of `disclose` commands: each command declares its arguments next to its function.

    @command("check", help="…", args=[arg("paths", nargs="*", …), arg("--format", …)])
    def cmd_check(args) -> int: ...

`cli.build_parser()` walks `COMMANDS` (in the order the commands were declared) and gives each
an argparse subparser. A command module registers by being imported (`cli.load_commands`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

Handler = Callable[[argparse.Namespace], int]


@dataclass(frozen=True)
class Arg:
    """One `add_argument` call: its names or flags and keyword arguments."""

    flags: tuple[str, ...]
    options: dict[str, Any] = field(default_factory=dict)


def arg(*flags: str, **options: Any) -> Arg:
    """An argument of a command, with `ArgumentParser.add_argument`'s parameters."""
    return Arg(flags, options)


@dataclass(frozen=True)
class Command:
    """A subcommand: its name, help line, arguments and the function that runs it."""

    name: str
    help: str
    args: tuple[Arg, ...]
    func: Handler


COMMANDS: dict[str, Command] = {}


def command(name: str, *, help: str, args: list[Arg] | tuple[Arg, ...] = ()) -> Callable[[Handler], Handler]:  # noqa: A002
    """Register the decorated `cmd_*` function as the subcommand `name`."""
    def register(func: Handler) -> Handler:
        if name in COMMANDS and COMMANDS[name].func is not func:
            raise ValueError(f"command {name!r} declared twice")
        COMMANDS[name] = Command(name, help, tuple(args), func)
        return func
    return register


def add_commands(sub: Any, commands: Iterable[Command]) -> None:
    """Give each command a subparser of `sub` (argparse's subparsers action)."""
    for cmd in commands:
        p = sub.add_parser(cmd.name, help=cmd.help)
        for a in cmd.args:
            p.add_argument(*a.flags, **a.options)
        p.set_defaults(func=cmd.func)
