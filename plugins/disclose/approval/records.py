"""Approval records: one YAML file per document (by index number), appended by the CLI.

The file is in the repository, so git history is the audit trail. Each entry records who,
when, what they decided and the SHA-256 of exactly the content they saw.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Problem
from ..indexno import url_path

APPROVED, REJECTED = "同意", "退回"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HEADER = "# 审核记录：由 disclose approve / disclose accept 写入，请勿手工修改；git 历史即审计记录。\n"


@dataclass(frozen=True)
class Decision:
    """A review or approval decision on one version of a document."""

    stage: str
    decision: str
    person: str
    at: str
    opinion: str
    sha256: str
    line: int = 0  # line in the records file (for git blame), not stored

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
    record_line: int = 0


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
    loader = _Loader(path.read_text(encoding="utf-8"))
    try:
        node = loader.get_single_node()
        data = (loader.construct_document(node) if node is not None else None) or {}
    except yaml.YAMLError as exc:
        return Records(index_no), [Problem(shown, f"审核记录文件格式错误：{exc}", "records", code="approval.records")]
    finally:
        loader.dispose()
    lines = _entry_lines(node)
    rec = Records(index_no)
    problems = []
    try:
        for i, entry in enumerate(data.get("decisions") or []):
            rec.decisions.append(Decision(**{k: str(v) for k, v in entry.items()},
                                          line=lines.get(("decisions", i), 0)))
        for i, entry in enumerate(data.get("acceptances") or []):
            rec.acceptances.append(Acceptance(**{k: (int(v) if k == "line" else str(v)) for k, v in entry.items()},
                                              record_line=lines.get(("acceptances", i), 0)))
    except TypeError as exc:
        problems.append(Problem(shown, f"审核记录字段有误：{exc}", "records", code="approval.records"))
    if data.get("index_no") != index_no:
        problems.append(Problem(shown, f"审核记录的索引号 {data.get('index_no')} 与文档 {index_no} 不符",
                                "index_no", code="approval.records"))
    return rec, problems


def _entry_lines(node: Any) -> dict[tuple[str, int], int]:
    out = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(value, yaml.SequenceNode):
                for i, item in enumerate(value.value):
                    out[(key.value, i)] = item.start_mark.line + 1
    return out


def save(root: Path, rec: Records) -> Path:
    """Write the records file (atomically)."""
    path = records_path(root, rec.index_no)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"index_no": rec.index_no,
            "decisions": [_plain(d, "line") for d in rec.decisions],
            "acceptances": [_plain(a, "record_line") for a in rec.acceptances]}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000),
                   encoding="utf-8")
    os.replace(tmp, path)
    return path


def _plain(obj: Any, drop: str) -> dict[str, Any]:
    data = asdict(obj)
    data.pop(drop)
    return data
