"""Machine outputs of the check: the JSON contract and SARIF 2.1.0."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..errors import Problem
from ..model import Severity
from .finding import Finding
from .registry import Registry

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://example.invalid/disclose"
# Where each rule is explained (helpUri): the rule catalogue, one anchor per rule id.
HELP_URI = INFORMATION_URI + "/rules.html#{id}"
_LEVEL = {Severity.BLOCK: "error", Severity.WARN: "warning", Severity.INFO: "note"}
_LABEL = {Severity.BLOCK: "阻止发布", Severity.WARN: "警告", Severity.INFO: "提示"}
_HANDLING = ("处理：删除或按规定遮盖；确需公开的，由保密审查员用 disclose accept 写明理由接受。"
             "级别可在 DISCLOSE.review.severity 中按规则调整。")


def rule_help(rule_id: str, title: str, description: str, severity: Severity) -> dict[str, str]:
    """The SARIF `help` of a rule (GitHub code scanning requires it): text and Markdown."""
    return {"text": f"{title}（{rule_id}，默认{_LABEL[severity]}）：{description}{_HANDLING}",
            "markdown": f"**{title}**（`{rule_id}`，默认{_LABEL[severity]}）\n\n{description}\n\n{_HANDLING}"}


def _sarif_rule(rule_id: str, title: str, description: str, severity: Severity) -> dict[str, Any]:
    return {"id": rule_id, "name": rule_id.replace(".", "_"), "shortDescription": {"text": title},
            "fullDescription": {"text": description},
            "help": rule_help(rule_id, title, description, severity),
            "helpUri": HELP_URI.format(id=rule_id),
            "defaultConfiguration": {"level": _LEVEL[severity]}}


def problem_finding(p: Problem) -> Finding:
    """A metadata problem as a block finding (meta.* rules)."""
    return Finding(p.code, Severity.BLOCK, p.path, p.line or 1, 1, "",
                   f"字段 {p.field}：{p.message}" if p.field else p.message, p.hint or "")


def dataset_note(table: Any) -> str:
    """What disclosure control did to a dataset (`opendata.table.DataTable`), as the check reports it."""
    t = table
    note = (f"个体数据，{t.k}-匿名核验通过" if t.microdata else
            f"隐去 {t.withheld} 个数值（{t.primary} 个低于阈值或集中于少数单位，其余为防推算补充隐去或依据其计算的比例），"
            f"线性规划核验 {len(t.audit)} 个隐去位置全部通过" if t.withheld else "无需隐去数值")
    return note + "".join(f"；{n}" for n in t.staff_notes)


@dataclass
class Report:
    """Findings of one run, by file, with the documents' publish state."""

    files: dict[str, list[Finding]] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)  # path -> publish state (Chinese)
    accepted: dict[tuple[str, str], str] = field(default_factory=dict)  # (path, fingerprint) -> reason
    notes: dict[str, str] = field(default_factory=dict)  # path -> disclosure-control summary of a dataset

    def is_accepted(self, f: Finding) -> bool:
        """Whether a reviewer accepted this finding with a written reason."""
        return (f.path, f.fingerprint) in self.accepted

    def all(self) -> list[Finding]:
        """Every finding in file order."""
        return [f for fs in self.files.values() for f in fs]

    def counts(self) -> Counter[str]:
        """Number of findings per severity; accepted block findings are counted apart."""
        return Counter("accepted" if self.is_accepted(f) else str(f.severity) for f in self.all())

    @property
    def blocks(self) -> bool:
        """Whether anything stops publication."""
        return self.counts()["block"] > 0

    def to_json(self) -> dict[str, Any]:
        """The CLI contract: {"files": [{"path", "findings": [...]}], "summary": {...}}."""
        c = self.counts()
        return {
            "files": [{"path": p, "findings": [{**f.to_json(), "accepted": self.is_accepted(f),
                                                **({"accepted_reason": self.accepted[(p, f.fingerprint)]}
                                                   if self.is_accepted(f) else {})} for f in fs]}
                      for p, fs in self.files.items()],
            "summary": {"files": len(self.files), "findings": sum(c.values()), "block": c["block"],
                        "warn": c["warn"], "info": c["info"], "accepted": c["accepted"],
                        "files_blocked": sum(1 for fs in self.files.values()
                                             if any(f.severity is Severity.BLOCK and not self.is_accepted(f)
                                                    for f in fs))},
        }

    def to_sarif(self, registry: Registry, root: Path | None = None) -> dict[str, Any]:
        """SARIF 2.1.0, so code hosts show the findings inline in a merge request.

        Every rule has `help` (text and Markdown) and `helpUri`; result paths are relative to
        SRCROOT, the repository root (`root`, as a file URI ending in a slash).
        """
        rules = [_sarif_rule(r.id, r.title, r.description, r.severity) for r in registry]
        known = {r.id for r in registry}
        for rule_id in sorted({f.rule for f in self.all()} - known):
            rules.append(_sarif_rule(rule_id, "元数据检查", "文档元数据（YAML 字段、索引号、附件路径等）不符合要求。",
                                     Severity.BLOCK))
        index = {r["id"]: i for i, r in enumerate(rules)}
        results = [{
            "ruleId": f.rule, "ruleIndex": index[f.rule], "level": _LEVEL[f.severity],
            "message": {"text": _where(f) + (f"{f.message}。{f.excerpt}（提示：{f.hint}）" if f.hint else f.message)},
            "locations": [_location(f)],
            "partialFingerprints": {"disclose/v1": f.fingerprint},
            **({"suppressions": [{"kind": "external", "status": "accepted",
                                  "justification": self.accepted[(f.path, f.fingerprint)]}]}
               if self.is_accepted(f) else {}),
        } for f in self.all()]
        return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
            "tool": {"driver": {"name": "disclose", "version": __version__,
                                "informationUri": INFORMATION_URI,
                                "rules": rules}},
            "originalUriBaseIds": {"SRCROOT": {"uri": _root_uri(root)}},
            "results": results}]}


def _root_uri(root: Path | None) -> str:
    """The repository root as an absolute file URI with a trailing slash (SARIF 3.14.14)."""
    uri = (root or Path.cwd()).resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"


def _where(f: Finding) -> str:
    """The place inside an attachment (file!place), said in the message."""
    file, _, place = f.path.partition("!")
    return f"附件 {file.rsplit('/', 1)[-1]} {place} 第 {f.line} 行第 {f.column} 列：" if place else ""


def _location(f: Finding) -> dict[str, Any]:
    """The file; a line region only for text files (an attachment's place is in the message)."""
    file, _, place = f.path.partition("!")
    physical: dict[str, Any] = {"artifactLocation": {"uri": quote(file, safe="/"), "uriBaseId": "SRCROOT"}}
    if not place:
        physical["region"] = {"startLine": f.line, "startColumn": f.column,
                              **({"endColumn": f.end_column} if f.end_column > f.column else {})}
    return {"physicalLocation": physical}
