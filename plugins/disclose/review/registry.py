"""Rules and the registry: each rule declares id, title, default severity and `check()`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar

from ..errors import DiscloseError
from ..model import Severity
from .context import Context
from .finding import Finding


class Rule:
    """Base class of a check rule: subclasses set the class attributes and write check()."""

    id: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    severity: ClassVar[Severity]
    # "text": check() reads a Context; "attachment": raised by review/attachments.py while it
    # reads a file's parts (no text examples in tests/rules/, fixtures in tests/test_attachments.py).
    applies_to: ClassVar[str] = "text"
    # Front-matter keys check() reads from ctx.front (callers may leave ctx.front empty when the
    # file's front matter has none of them). A rule reading ctx.front must list its keys here.
    front_keys: ClassVar[tuple[str, ...]] = ()

    def check(self, ctx: Context) -> Iterator[Finding]:
        """Yield the findings of this rule in one file."""
        raise NotImplementedError


class DuplicateRuleError(DiscloseError):
    """Two rules were registered under one id."""


class Registry:
    """An explicit, ordered set of rules with unique ids."""

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._rules: dict[str, Rule] = {}
        for rule in rules:
            self.add(rule)

    def add(self, rule: Rule) -> None:
        """Register a rule; refuse an id that is already taken."""
        if rule.id in self._rules:
            raise DuplicateRuleError(f"规则 {rule.id} 重复注册")
        self._rules[rule.id] = rule

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __contains__(self, rule_id: str) -> bool:
        return rule_id in self._rules

    def get(self, rule_id: str) -> Rule:
        """The rule with this id."""
        return self._rules[rule_id]

    def ids(self) -> list[str]:
        """All rule ids in registration order."""
        return list(self._rules)


def default_registry() -> Registry:
    """Every built-in rule, listed explicitly (one module each under rules/)."""
    from .rules import ALL_RULES

    return Registry(ALL_RULES)
