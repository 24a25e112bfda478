"""The publish gate: a document goes live only with a valid chain of decisions on its exact
content, by people other than its authors, and with every blocking finding resolved or accepted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..config import Approval
from ..model import Document, Severity
from ..review.finding import Finding
from . import gitinfo
from .gitinfo import Authors
from .records import APPROVED, REJECTED, Acceptance, Decision, Records
from .roster import STAGE_LABEL, STAGE_ROLE, Roster


@dataclass
class Verdict:
    """The gate's answer for one document."""

    reason: str | None                      # None: may be published
    publish_date: dt.date | None = None
    chain: list[Decision] = field(default_factory=list)
    accepted: list[tuple[Finding, Acceptance]] = field(default_factory=list)
    unaccepted: list[Finding] = field(default_factory=list)


@dataclass
class Gate:
    """Everything the gate needs beyond the document itself."""

    config: Approval
    roster: Roster
    repo_root: Path
    records_file: str = ""  # repo-relative records file of the document being judged

    def why_invalid(self, d: Decision, stage: str, authors: Authors) -> str | None:
        """Why a decision record does not count, or None when it does."""
        person = self.roster.get(d.person)
        if person is None:
            return f"“{d.person}”不在审核人员名册中"
        if person.role != STAGE_ROLE[stage]:
            return f"{person.name}的角色不能办理{STAGE_LABEL[stage]}"
        if person.email.lower() in authors.emails:
            return f"{person.name}是本文档的作者，不能审核自己的文档"
        return self.why_commit_invalid(d.line, person.email, person.signing_key, person.name)

    def why_commit_invalid(self, line: int, email: str, key: str, name: str) -> str | None:
        """Checks on the commit that added a record line (when configured)."""
        if not (self.config.require_own_commit or (self.config.verify_signatures and key)):
            return None
        blame = gitinfo.line_commits(self.repo_root, self.records_file)
        if not line or line > len(blame) or blame[line - 1][0].startswith("0000000"):
            return "审核记录尚未提交"
        commit, author = blame[line - 1]
        if self.config.require_own_commit and author != email.lower():
            return f"审核记录不是由{name}本人提交的"
        if self.config.verify_signatures and key:
            status, signed_by = gitinfo.signature(self.repo_root, commit)
            if status not in ("G", "U") or key not in signed_by:
                return f"审核记录所在提交没有{name}的有效签名"
        return None

    def acceptance_valid(self, a: Acceptance, authors: Authors) -> bool:
        """A finding accepted by a reviewer who is not an author."""
        person = self.roster.get(a.person)
        return bool(person and person.role == "reviewer" and person.email.lower() not in authors.emails
                    and self.why_commit_invalid(a.record_line, person.email, person.signing_key,
                                                person.name) is None)

    def judge(self, doc: Document, sha: str, authors: Authors, records: Records,
              findings: list[Finding]) -> Verdict:
        """Whether the document may be published, and if not, why (Chinese)."""
        blocks = [f for f in findings if f.severity is Severity.BLOCK]
        accepted, unaccepted = [], []
        for f in blocks:
            match = next((a for a in records.acceptances if a.rule == f.rule and a.finding == f.fingerprint
                          and self.acceptance_valid(a, authors)), None)
            (accepted.append((f, match)) if match else unaccepted.append(f))
        verdict = Verdict(None, accepted=accepted, unaccepted=unaccepted)
        if unaccepted:
            shown = "、".join(f"{f.rule}（第 {f.line} 行）" for f in unaccepted[:3])
            verdict.reason = f"保密检查发现阻止发布的问题：{shown}" + (f"等 {len(unaccepted)} 项" if len(unaccepted) > 3 else "")
            return verdict
        if not records.decisions:
            verdict.reason = f"待{STAGE_LABEL[self.config.stages[0]]}"
            return verdict
        if not authors.known:
            verdict.reason = f"无法确定作者（{authors.reason}），暂不发布"
            return verdict
        for stage in self.config.stages:
            reason = self.stage_reason(stage, sha, authors, records, verdict)
            if reason:
                verdict.reason = reason
                return verdict
        verdict.publish_date = doc.published or verdict.chain[-1].date
        return verdict

    def stage_reason(self, stage: str, sha: str, authors: Authors, records: Records,
                     verdict: Verdict) -> str | None:
        label = STAGE_LABEL[stage]
        current = [d for d in records.decisions if d.stage == stage and d.sha256 == sha]
        if not current:
            if any(d.stage == stage for d in records.decisions):
                return f"{label}后内容已修改，原{label}失效，需重新{label}"
            return f"待{label}"
        last = current[-1]
        invalid = self.why_invalid(last, stage, authors)
        if invalid:
            return f"{label}记录无效：{invalid}"
        if last.decision == REJECTED:
            return f"{label}退回：{last.opinion}"
        if last.decision != APPROVED:
            return f"{label}记录的决定“{last.decision}”无效"
        if verdict.chain and records.decisions.index(last) < records.decisions.index(verdict.chain[-1]):
            return f"{label}记录早于前一环节，需重新{label}"
        verdict.chain.append(last)
        return None
