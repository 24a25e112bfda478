"""The roster of reviewers and approvers, a YAML file validated like the configuration."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..config import _build, opt
from ..errors import ConfigError, Problem

ROLES = {"reviewer": "保密审查员", "approver": "分管领导"}
STAGE_ROLE = {"review": "reviewer", "approve": "approver"}
STAGE_LABEL = {"review": "保密审查", "approve": "领导审批"}


@dataclass(frozen=True)
class Person:
    """Someone who may review or approve."""

    id: str = opt("人员标识（命令行 --as 使用）")
    name: str = opt("姓名")
    role: str = opt("角色：reviewer（保密审查员）或 approver（分管领导）")
    email: str = opt("git 提交所用电子邮箱（用于核对作者）")
    signing_key: str = opt("签名密钥指纹（可选）", "")


@dataclass(frozen=True)
class RosterFile:
    """The whole roster file."""

    people: tuple[Person, ...] = opt("人员列表")


class Roster:
    """Lookup over the validated roster."""

    def __init__(self, people: tuple[Person, ...]) -> None:
        self.people = {p.id: p for p in people}

    def get(self, person_id: str) -> Person | None:
        """The person with this id."""
        return self.people.get(person_id)

    @classmethod
    def load(cls, path: Path, display: str) -> Roster:
        """Read and validate the roster; a missing file is an empty roster (nobody may approve)."""
        if not path.exists():
            return cls(())
        problems: list[Problem] = []
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ConfigError([Problem(display, f"YAML 格式错误：{exc}", "roster")], "审核人员名册无效：") from None
        built = _build(RosterFile, raw, "roster", problems, display)
        if built is not None and not problems:
            seen: set[str] = set()
            for i, p in enumerate(built.people):
                where = f"roster.people[{i}]"
                if p.role not in ROLES:
                    problems.append(Problem(display, f"角色“{p.role}”无效", f"{where}.role",
                                            hint="只能是 reviewer 或 approver"))
                if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", p.id) or p.id in seen:
                    problems.append(Problem(display, f"人员标识“{p.id}”无效或重复", f"{where}.id"))
                if "@" not in p.email:
                    problems.append(Problem(display, f"电子邮箱“{p.email}”无效", f"{where}.email"))
                seen.add(p.id)
        if problems or built is None:
            raise ConfigError(problems, "审核人员名册无效：")
        return cls(built.people)
