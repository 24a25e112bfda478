"""Running the rules over files: severities from configuration, findings sorted and masked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import Severity
from . import decoded
from .context import Context, Options
from .finding import Finding
from .registry import Registry, default_registry

OFF = "off"


@dataclass(frozen=True)
class ReviewSettings:
    """Per-rule severity overrides ("off" disables a rule) and the rules' option values as
    configured (DISCLOSE.review); an option left out has the default its rule declares."""

    severity: dict[str, str] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)


class Checker:
    """Checks files with a registry of rules; deterministic, no state between files."""

    def __init__(self, settings: ReviewSettings | None = None, registry: Registry | None = None) -> None:
        self.registry = registry or default_registry()
        self.settings = settings or ReviewSettings()
        self.rules = [r for r in self.registry if self.settings.severity.get(r.id) != OFF]
        # Front-matter keys some rule reads (Rule.front_keys); a caller may skip parsing the
        # YAML of a file whose front matter names none of them.
        self.front_keys = frozenset(k for r in self.rules for k in r.front_keys)
        self.options = _options(self.registry, self.settings.options)

    def check_text(self, path: str, raw: str, *, front: dict[str, Any] | None = None,
                   front_lines: dict[str, int] | None = None, body_start: int = 0,
                   decode: bool = True) -> list[Finding]:
        """All findings in one file's text, in file order. With `decode`, lines holding
        percent-encoded bytes are also checked URL-decoded (review/decoded.py)."""
        ctx = Context(path, raw, self.options, front or {}, front_lines or {}, body_start)
        findings: list[Finding] = []
        for rule in self.rules:
            override = self.settings.severity.get(rule.id)
            for f in rule.check(ctx):
                if override:
                    f = Finding(f.rule, Severity(override), f.path, f.line, f.column, f.excerpt,
                                f.message, f.hint, f.end_column)
                findings.append(f)
        if decode and (percent := decoded.percent_lines(raw)) is not None:
            findings += decoded.recheck(self, path, *percent, raw, findings, decoded.PERCENT_NOTE)
        findings.sort(key=lambda f: (f.line, f.column, f.rule))
        return _dedupe(findings)


def _options(registry: Registry, configured: Mapping[str, Any]) -> Options:
    """Every option the rules declare, configured or default, in the form the rules use."""
    declared = registry.options()
    unknown = set(configured) - set(declared)
    if unknown:
        raise ValueError(f"no rule declares the option(s) {sorted(unknown)}")
    return Options({name: option.prepare(configured[name] if name in configured else option.fresh_default())
                    for name, option in declared.items()})


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.rule, f.line, f.column)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def blocking(findings: list[Finding]) -> list[Finding]:
    """The findings that stop publication."""
    return [f for f in findings if f.severity is Severity.BLOCK]
