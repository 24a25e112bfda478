"""Argument types for the `disclose` command: values checked when the command line is parsed.

Each type raises `argparse.ArgumentTypeError` with the same Chinese message the YAML path gives
for the same mistake, so a bad value ends as a usage error (exit 2), never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt

from ..reader import FieldError, parse_date


def date(text: str) -> dt.date:
    """A calendar date written YYYY-MM-DD (the same rule and message as a front-matter date)."""
    try:
        return parse_date(text)
    except FieldError as exc:
        raise argparse.ArgumentTypeError(f"{exc.message}（{exc.hint}）" if exc.hint else exc.message) from None


def _integer(text: str, low: int, high: int, what: str) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{what}应为整数，实际为“{text}”") from None
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"{what}应在 {low} 到 {high} 之间，实际为 {value}")
    return value


def year(text: str) -> int:
    """A four-digit year such as 2026."""
    return _integer(text, 1949, 9999, "年度")


def count(text: str) -> int:
    """A positive number of items (such as --limit)."""
    return _integer(text, 1, 10_000, "条数")


def days(text: str) -> int:
    """A number of days ahead (0 = today)."""
    return _integer(text, 0, 3650, "天数")


def workers(text: str) -> int:
    """How many things to do at once (such as --workers)."""
    return _integer(text, 1, 64, "并发数")


def port(text: str) -> int:
    """A TCP port number."""
    return _integer(text, 1, 65535, "端口")


def any_port(text: str) -> int:
    """A TCP port number, or 0 for any free port."""
    return _integer(text, 0, 65535, "端口")


def text(value: str) -> str:
    """A value that must contain something other than spaces."""
    if not value.strip():
        raise argparse.ArgumentTypeError("不能为空")
    return value
