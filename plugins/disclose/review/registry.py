"""The registry: an explicit, ordered set of rules (each a `rule.Rule`) with unique ids."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..errors import DiscloseError
from ..schema import Option
from .rule import Rule

__all__ = ["DuplicateRuleError", "Registry", "Rule", "default_registry"]


class DuplicateRuleError(DiscloseError):
    """Two rules were registered under one id."""


class Registry:
    """An explicit, ordered set of rules with unique ids."""

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._rules: dict[str, Rule] = {}
        self._options: dict[str, Option] = {}
        for rule in rules:
            self.add(rule)

    def add(self, rule: Rule) -> None:
        """Register a rule; refuse an id that is already taken."""
        if rule.id in self._rules:
            raise DuplicateRuleError(f"规则 {rule.id} 重复注册")
        for name, option in rule.options.items():
            if self._options.get(name, option) is not option:
                raise DuplicateRuleError(f"规则 {rule.id} 的选项 {name} 与另一条规则的同名选项定义不同")
        self._options.update(rule.options)
        self._rules[rule.id] = rule

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules.values())

    def __contains__(self, rule_id: str) -> bool:
        return rule_id in self._rules

    def get(self, rule_id: str) -> Rule:
        """The rule with this id."""
        return self._rules[rule_id]

    def options(self) -> dict[str, Option]:
        """Every option the rules declare (Rule.options), by name, in registration order."""
        return dict(self._options)

    def ids(self) -> list[str]:
        """All rule ids in registration order."""
        return list(self._rules)


def default_registry() -> Registry:
    """Every built-in rule, listed explicitly (one module each under rules/)."""
    # Deferred, not a cycle (rules/ import rule.py, never this module): importing the rules loads
    # phonenumbers and python-stdnum, which commands that never check a file should not pay for.
    from .rules import ALL_RULES

    return Registry(ALL_RULES)
