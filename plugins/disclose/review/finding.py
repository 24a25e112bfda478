"""A finding of the confidentiality check."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..model import Severity


@dataclass(frozen=True)
class Finding:
    """One thing the check found, located in the original file; excerpt is always masked."""

    rule: str
    severity: Severity
    path: str
    line: int
    column: int
    excerpt: str
    message: str
    hint: str
    end_column: int = 0

    @property
    def fingerprint(self) -> str:
        """Rule and masked excerpt: identifies a finding across unrelated edits of the file."""
        return f"{self.rule}:{self.excerpt}"

    def to_json(self) -> dict[str, Any]:
        """The JSON form of the CLI contract."""
        data = asdict(self)
        data["severity"] = str(self.severity)
        del data["end_column"]
        return data

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: [{self.rule}] {self.severity}: {self.message}"
