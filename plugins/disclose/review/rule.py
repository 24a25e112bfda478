"""The base class of a check rule (below the registry: rule modules import this, not registry.py)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import ClassVar

from ..model import Severity
from ..schema import Option
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
    # The rule's settings, by name (as a Python-Markdown extension declares `config`): each
    # becomes an option of DISCLOSE.review (config.review_section) and, prepared, an attribute
    # of ctx.options. Rules sharing a setting list the same Option object (rules/_common.py).
    options: ClassVar[Mapping[str, Option]] = {}

    def check(self, ctx: Context) -> Iterator[Finding]:
        """Yield the findings of this rule in one file."""
        raise NotImplementedError
