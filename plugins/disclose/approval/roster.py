"""The roster: everyone who may write or decide, with their roles and SSH public keys.

Identity comes from keys, never from names or e-mail addresses: a decision counts only when
signed by a key listed here for that person, and a commit's author is the person whose key
signed it. The roster itself counts only when an administrator key signed it (trust.py).
Revoked keys stay listed with the day of revocation, so older signatures can still be read.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import ConfigError, Problem
from .sshsig import PublicKey, SignatureError

ROLES = {"clerk": "信息公开工作人员", "reviewer": "保密审查员", "approver": "分管领导"}
STAGE_ROLE = {"review": "reviewer", "approve": "approver", "accept": "reviewer",
              "withdraw": "approver", "abolish": "approver"}
STAGE_LABEL = {"review": "保密审查", "approve": "领导审批", "accept": "接受检查问题",
               "withdraw": "撤回", "abolish": "废止"}


@dataclass(frozen=True)
class Key:
    """One SSH public key of a person; `revoked` is the first day it no longer counts."""

    key: PublicKey
    revoked: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        return self.revoked is None or day < self.revoked


@dataclass(frozen=True)
class Person:
    """Someone who may write, review or approve."""

    id: str
    name: str
    roles: tuple[str, ...]
    keys: tuple[Key, ...] = ()
    email: str = ""  # only to recognise authors of history before the signed baseline

    @property
    def role(self) -> str:
        """The first role (for messages)."""
        return self.roles[0]

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def role_names(self) -> str:
        return "、".join(ROLES[r] for r in self.roles)


class Roster:
    """Lookup over the validated roster."""

    def __init__(self, people: tuple[Person, ...], raw: bytes = b"") -> None:
        self.people = {p.id: p for p in people}
        self.raw = raw  # the exact file bytes, which the administrator signs
        self.by_key = {k.key.blob: p for p in people for k in p.keys}

    def get(self, person_id: str) -> Person | None:
        """The person with this id, or with this exact name (staff often type the name)."""
        found = self.people.get(person_id)
        if found is None:
            named = [p for p in self.people.values() if p.name == person_id]
            found = named[0] if len(named) == 1 else None
        return found

    def keys_of(self, person: Person) -> list[PublicKey]:
        return [k.key for k in person.keys]

    def key_entry(self, blob: bytes) -> tuple[Person, Key] | None:
        """The person and key entry for a public key blob."""
        person = self.by_key.get(blob)
        if person is None:
            return None
        return person, next(k for k in person.keys if k.key.blob == blob)

    def all_keys(self) -> list[PublicKey]:
        return [k.key for p in self.people.values() for k in p.keys]

    @classmethod
    def load(cls, path: Path, display: str) -> Roster:
        """Read and validate the roster; a missing file is an empty roster (nobody may approve)."""
        if not path.exists():
            return cls(())
        if path.is_symlink():
            raise ConfigError([Problem(display, "名册不能是符号链接", "roster", code="approval.roster")],
                              "审核人员名册无效：")
        raw = path.read_bytes()
        try:
            data = yaml.safe_load(raw.decode("utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise ConfigError([Problem(display, f"YAML 格式错误：{exc}", "roster", code="approval.roster")],
                              "审核人员名册无效：") from None
        problems: list[Problem] = []
        people = _people(data, display, problems)
        if problems:
            raise ConfigError(problems, "审核人员名册无效：")
        return cls(tuple(people), raw)


def _people(data: Any, display: str, problems: list[Problem]) -> list[Person]:
    def bad(where: str, message: str, hint: str | None = None) -> None:
        problems.append(Problem(display, message, where, hint=hint, code="approval.roster"))

    if not isinstance(data, dict) or not isinstance(data.get("people"), list):
        bad("people", "名册应有 people: 人员列表")
        return []
    out, seen_ids, seen_keys = [], set(), set()
    for i, p in enumerate(data["people"]):
        where = f"people[{i}]"
        if not isinstance(p, dict):
            bad(where, "每个人员应是一组字段（id、name、roles、keys）")
            continue
        unknown = set(p) - {"id", "name", "role", "roles", "keys", "email"}
        if unknown:
            bad(where, f"未知字段：{'、'.join(sorted(unknown))}")
        pid, name = str(p.get("id", "")), str(p.get("name", ""))
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", pid) or pid in seen_ids:
            bad(f"{where}.id", f"人员标识“{pid}”无效或重复", "小写字母、数字、- 或 _")
        seen_ids.add(pid)
        if not name:
            bad(f"{where}.name", "缺少姓名")
        roles = p.get("roles", p.get("role"))
        roles = (roles,) if isinstance(roles, str) else tuple(roles or ())
        for r in roles:
            if r not in ROLES:
                bad(f"{where}.roles", f"角色“{r}”无效", "只能是 clerk、reviewer 或 approver")
        if not roles:
            bad(f"{where}.roles", "至少需要一个角色")
        keys = []
        for j, k in enumerate(p.get("keys") or []):
            kw = f"{where}.keys[{j}]"
            entry = k if isinstance(k, dict) else {"key": k}
            try:
                key = PublicKey.parse(str(entry.get("key", "")))
            except SignatureError as exc:
                bad(kw, str(exc), "填写 .pub 文件中的一整行，如 ssh-ed25519 AAAA…")
                continue
            revoked = entry.get("revoked")
            try:
                day = dt.date.fromisoformat(str(revoked)) if revoked else None
            except ValueError:
                bad(f"{kw}.revoked", f"吊销日期“{revoked}”无效", "格式为 YYYY-MM-DD")
                continue
            if key.blob in seen_keys:
                bad(kw, f"公钥 {key.fingerprint} 在名册中重复登记", "一把密钥只能属于一个人")
            seen_keys.add(key.blob)
            keys.append(Key(key, day))
        email = str(p.get("email") or "")
        out.append(Person(pid, name, roles, tuple(keys), email.lower()))
    return out
