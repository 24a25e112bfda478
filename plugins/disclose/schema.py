"""Configuration schemas: options as validator objects (as MkDocs's `config_options`).

An `Option` is one setting: its type, its default (none: required), its help text, its checks
and `validate()`, which turns a raw value into the option's value and records every problem.

A *section* is a frozen dataclass whose fields are options: `name: int = opt("帮助", 5, ...)`
(the type is the field's annotation), plus `CHECKS` for rules that read several options.
`build()` validates a section from a dict without stopping at the first problem: unknown keys,
missing options, each option on its own (a problem in one never hides another's), then each
section check whose options are all valid. `describe()` documents a schema from the same source.

Used by config.py (the DISCLOSE setting), the review rules (`Rule.options`, each rule declaring
its own options) and opendata/dataset.py (dataset descriptors).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import difflib
import re
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .errors import Problem

REQUIRED: Any = dataclasses.MISSING
_OPTION = "option"  # the dataclass field metadata key holding a field's Option


@dataclass(frozen=True)
class Issue:
    """One problem a check found; `at` continues the option's path (`[0].since`, `.code`)."""

    message: str
    hint: str | None = None
    at: str = ""


Check = Callable[[Any], Iterable[Issue]]


def _same(value: Any) -> Any:
    return value


class Option:
    """One option: type, default (`REQUIRED` when none), help text, checks.

    `checks` run on a value of the right shape (a list that is a list, a dict that is a dict);
    a check of a list of sections must accept an item that failed (None, or holding a raw value).
    `prepare` turns the validated value into the form the code uses (review rules: phone numbers
    with and without separators); configuration keeps the validated value as written.
    """

    def __init__(self, help: str, default: Any = REQUIRED, *, type: Any = None,
                 checks: Iterable[Check] = (), prepare: Callable[[Any], Any] = _same) -> None:
        self.help = help
        self.default = default
        self.type = type
        self.checks = tuple(checks)
        self.prepare = prepare

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def fresh_default(self) -> Any:
        """A copy of the default: no two instances share a list or dict."""
        return copy.deepcopy(self.default)

    def typed(self, tp: Any) -> Option:
        """This option with its type (a section field's annotation) when it declares none."""
        if self.type is not None:
            return self
        bound = copy.copy(self)
        bound.type = tp
        return bound

    def validate(self, value: Any, where: str, problems: list[Problem], path: str) -> Any:
        """The value converted to the option's type; its problems appended to `problems`."""
        before = len(problems)
        value = _convert(self.type, value, where, problems, path)
        if not any(p.field == where for p in problems[before:]):
            for check in self.checks:
                problems.extend(_problem(path, where, issue) for issue in check(value))
        return value

    def field(self) -> Any:
        """This option as a dataclass field (a section's class body)."""
        if self.required:
            return dataclasses.field(metadata={_OPTION: self})
        if isinstance(self.default, (str, int, float, bool, type(None))):
            return dataclasses.field(default=self.default, metadata={_OPTION: self})
        return dataclasses.field(default_factory=self.fresh_default, metadata={_OPTION: self})


def opt(help: str, default: Any = REQUIRED, **kw: Any) -> Any:
    """A section field: an `Option` typed by the field's annotation (keywords as `Option`)."""
    return Option(help, default, **kw).field()


@cache
def options(cls: type) -> dict[str, Option]:
    """The options of a section, by name, in declaration order, each with its type."""
    hints = typing.get_type_hints(cls)
    return {f.name: f.metadata[_OPTION].typed(hints[f.name]) for f in dataclasses.fields(cls)}


SectionCheck = tuple[Callable[[Any], Iterable[Issue]], tuple[str, ...]]  # (check, options it reads)


def build(cls: type, raw: Any, where: str, problems: list[Problem], path: str) -> Any:
    """Section `cls` from a dict, every problem appended to `problems`.

    None when `raw` is not a dict. Otherwise an instance, in which an invalid option holds its
    raw value and a missing one None: use it only when `problems` stayed empty. A section check
    (`cls.CHECKS`: check, the options it reads) runs unless one of those options has a problem.
    """
    if not isinstance(raw, dict):
        problems.append(Problem(path, f"配置项 {where} 应为字典（dict）", field=where))
        return None
    schema = options(cls)
    start = len(problems)
    for key in raw:
        if key not in schema:
            close = difflib.get_close_matches(str(key), list(schema), n=1)
            hint = f"是否应为 {where}.{close[0]}？" if close else f"可用的配置项：{', '.join(schema)}"
            problems.append(Problem(path, f"未知配置项 {where}.{key}", field=f"{where}.{key}", hint=hint))
    values: dict[str, Any] = {}
    for name, option in schema.items():
        key = f"{where}.{name}"
        if name in raw:
            values[name] = option.validate(raw[name], key, problems, path)
        elif option.required:
            problems.append(Problem(path, f"缺少必填配置项 {key}（{option.help}）", key))
            values[name] = None
    section = cls(**values)
    broken = [p.field or "" for p in problems[start:]]
    for check, reads in getattr(cls, "CHECKS", ()):
        if not any(_related(f, f"{where}.{name}") for f in broken for name in reads):
            problems.extend(_problem(path, where, issue) for issue in check(section))
    return section


def _related(a: str, b: str) -> bool:
    """Whether one of two option paths is the other or lies inside it (`x.y[0]` and `x.y`)."""
    def inside(inner: str, outer: str) -> bool:
        return inner == outer or inner.startswith((outer + ".", outer + "["))

    return inside(a, b) or inside(b, a)


def _problem(path: str, where: str, issue: Issue) -> Problem:
    return Problem(path, issue.message, field=where + issue.at, hint=issue.hint)


def _type_name(tp: Any) -> str:
    return {str: "文本", int: "整数", float: "数字", bool: "布尔值"}.get(tp, "对象或列表")


def _convert(tp: Any, value: Any, where: str, problems: list[Problem], path: str) -> Any:
    origin = typing.get_origin(tp)
    if tp is Any:
        return value
    if dataclasses.is_dataclass(tp):
        return build(tp, value, where, problems, path)
    if origin is tuple:
        (item_tp, _) = typing.get_args(tp)
        if not isinstance(value, (list, tuple)):
            problems.append(Problem(path, f"配置项 {where} 应为列表", where))
            return ()
        return tuple(_convert(item_tp, v, f"{where}[{i}]", problems, path) for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                  for k, v in value.items()):
            problems.append(Problem(path, f"配置项 {where} 应为“文本: 文本”字典", where))
            return {}
        return dict(value)
    if origin in (typing.Union, types.UnionType):
        tp = next(a for a in typing.get_args(tp) if a is not type(None))
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)  # 85 where 85.0 is meant
    if not isinstance(value, tp) or (tp is int and isinstance(value, bool)):
        problems.append(Problem(path, f"配置项 {where} 应为{_type_name(tp)}，实际为 {value!r}", where))
    return value


def describe(cls: type, prefix: str) -> list[tuple[str, str, str]]:
    """(name, default, help) rows documenting every option of a section and those below it."""
    rows: list[tuple[str, str, str]] = []
    for name, option in options(cls).items():
        full, tp = f"{prefix}.{name}", option.type
        default = "（必填）" if option.required else repr(option.default)
        if dataclasses.is_dataclass(tp):
            rows.append((full, "", option.help))
            rows.extend(describe(tp, full))
            continue
        args = typing.get_args(tp)
        if typing.get_origin(tp) is tuple and args and dataclasses.is_dataclass(args[0]):
            rows.append((f"{full}[]", default, option.help))
            if args[0] is not cls:
                rows.extend(describe(args[0], f"{full}[]"))
            continue
        rows.append((full, default, option.help))
    return rows


# Checks shared by several options. Each takes a valid value and yields its Issues.

def at_least(low: float, message: str) -> Check:
    """The value is at least `low`."""
    return lambda value: [Issue(message)] if value < low else []


def above_up_to(low: float, high: float, message: str) -> Check:
    """low < value <= high."""
    return lambda value: [] if low < value <= high else [Issue(message)]


def matches(pattern: str, message: str, hint: str | None = None) -> Check:
    """The whole text matches `pattern`; `message` may name the value as {value}."""
    rx = re.compile(pattern)
    return lambda value: [] if rx.fullmatch(value) else [Issue(message.format(value=value), hint)]


def not_empty(message: str, hint: str | None = None) -> Check:
    """A list or dict with at least one entry."""
    return lambda value: [] if value else [Issue(message, hint)]


def each(check: Check) -> Check:
    """`check` on every item of a list (the issues stay at the list's path)."""
    return lambda values: [issue for v in values for issue in check(v)]


def one_of(choices: Iterable[str], message: str, hint: str | None = None) -> Check:
    """The text is one of `choices`; `message` may name the value as {value}."""
    allowed = tuple(choices)
    return lambda value: [] if value in allowed else [Issue(message.format(value=value), hint)]


def is_date(text: str) -> bool:
    """Whether text is an ISO date YYYY-MM-DD."""
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def date(value: str) -> list[Issue]:
    """An ISO date YYYY-MM-DD."""
    return [] if is_date(value) else [Issue(f"日期“{value}”无效", "格式为 YYYY-MM-DD")]


WEB_ADDRESS = re.compile(r"https?://[^\s<>\"']+")


def web_address(value: str) -> list[Issue]:
    """Empty, or an http(s) address (never javascript: and the like)."""
    if value and not WEB_ADDRESS.fullmatch(value):
        return [Issue(f"网址“{value}”无效", "以 https:// 或 http:// 开头的完整网址")]
    return []
