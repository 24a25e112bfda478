"""Approval records: one YAML file per document (by index number), appended by the CLI.

The file is in the repository, so git history is the audit trail. Each entry records who,
when, what they decided and the SHA-256 of exactly the content they saw, and carries the
person's signature over that statement (statements.py): the file itself is not trusted.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from ..errors import Problem
from ..indexno import url_path

APPROVED, REJECTED = "同意", "退回"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HEADER = ("# 审核记录：每条都是审核人用自己的 SSH 密钥签名的声明，由 disclose approve / accept / withdraw / abolish\n"
          "# 写入；手工改动任何一个字都会使签名失效。git 历史即审计记录。\n")


@dataclass(frozen=True)
class Decision:
    """A review or approval decision on one version of a document."""

    stage: str
    decision: str
    person: str
    at: str
    opinion: str
    sha256: str
    signature: str = ""  # SSHSIG over statements.decision_bytes, by the person's key

    @property
    def date(self) -> dt.date:
        """The calendar day of the decision (UTC+8)."""
        return dt.datetime.fromisoformat(self.at).date()


@dataclass(frozen=True)
class Acceptance:
    """A reviewer's written acceptance of one finding of the check."""

    rule: str
    finding: str
    line: int
    person: str
    at: str
    reason: str
    sha256: str
    signature: str = ""  # SSHSIG over statements.acceptance_bytes


@dataclass
class Records:
    """Everything recorded for one document."""

    index_no: str
    decisions: list[Decision] = field(default_factory=list)
    acceptances: list[Acceptance] = field(default_factory=list)


def records_path(root: Path, index_no: str) -> Path:
    """Where a document's records live: <records folder>/<index number as path>.yml."""
    return root / f"{url_path(index_no)}.yml"


def load(root: Path, index_no: str, display_root: str) -> tuple[Records, list[Problem]]:
    """The records of a document (empty when none), and problems with the file."""
    path = records_path(root, index_no)
    shown = f"{display_root}/{url_path(index_no)}.yml"
    if not path.exists():
        return Records(index_no), []
    if path.is_symlink():
        return Records(index_no), [Problem(shown, "审核记录文件不能是符号链接", "records", code="approval.records")]
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return Records(index_no), [Problem(shown, f"审核记录文件格式错误：{exc}", "records", code="approval.records")]
    if not isinstance(data, dict):
        return Records(index_no), [Problem(shown, "审核记录文件格式错误", "records", code="approval.records")]
    rec = Records(index_no)
    problems = []
    try:
        for entry in data.get("decisions") or []:
            rec.decisions.append(Decision(**{k: str(v) for k, v in entry.items()}))
        for entry in data.get("acceptances") or []:
            rec.acceptances.append(Acceptance(**{k: (int(v) if k == "line" else str(v)) for k, v in entry.items()}))
    except (TypeError, ValueError, AttributeError) as exc:
        problems.append(Problem(shown, f"审核记录字段有误：{exc}", "records", code="approval.records"))
    if data.get("index_no") != index_no:
        problems.append(Problem(shown, f"审核记录的索引号 {data.get('index_no')} 与文档 {index_no} 不符",
                                "index_no", code="approval.records"))
    return rec, problems


class _Dumper(yaml.SafeDumper):
    """Multi-line strings (signatures) as literal blocks, so the file reads well in a diff."""


_Dumper.add_representer(str, lambda d, v: d.represent_scalar(
    "tag:yaml.org,2002:str", v, style="|" if "\n" in v else None))


def save(root: Path, rec: Records) -> Path:
    """Write the records file (atomically)."""
    path = records_path(root, rec.index_no)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"index_no": rec.index_no,
            "decisions": [asdict(d) for d in rec.decisions],
            "acceptances": [asdict(a) for a in rec.acceptances]}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(HEADER + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000),
                   encoding="utf-8")
    os.replace(tmp, path)
    return path

