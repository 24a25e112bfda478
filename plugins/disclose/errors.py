"""The error hierarchy: library code raises these, the CLI turns them into messages."""

from __future__ import annotations

from dataclasses import dataclass


class DiscloseError(Exception):
    """Base of every error this package raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem in one file, with where it is and how to fix it (Chinese text)."""

    path: str
    message: str
    field: str | None = None
    line: int | None = None
    hint: str | None = None
    code: str = "meta.invalid"

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        field = f"字段 {self.field}：" if self.field else ""
        hint = f"（提示：{self.hint}）" if self.hint else ""
        return f"{where}: [{self.code}] {field}{self.message}{hint}"


class ProblemsError(DiscloseError):
    """Raised with every problem found, so staff see them all at once."""

    def __init__(self, problems: list[Problem], headline: str = "") -> None:
        self.problems = list(problems)
        self.headline = headline or f"发现 {len(self.problems)} 个问题，未发布任何内容。"
        super().__init__(self.render())

    def render(self) -> str:
        """All problems as one message, one per line."""
        return "\n".join([self.headline, *(str(p) for p in self.problems)])


class ConfigError(ProblemsError):
    """The DISCLOSE settings in pelicanconf.py are invalid."""


class DocumentError(ProblemsError):
    """One or more documents are invalid."""


class LedgerError(ProblemsError):
    """The index-number ledger is unreadable, conflicted or inconsistent."""


class BuildError(DiscloseError):
    """A build failed; the previous output is left in place."""


class UsageError(DiscloseError):
    """A request that cannot work as asked (a path that does not exist, a date before the
    document's own): the CLI reports it as a usage error, exit status 2."""
