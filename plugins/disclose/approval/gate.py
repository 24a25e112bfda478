"""The publish gate: a document goes live only with a valid chain of signed decisions on its
exact content, by people other than its authors, and with every blocking finding resolved or
accepted by a signed acceptance.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import Document, Severity
from ..review.finding import Finding
from . import statements
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


@dataclass(frozen=True)
class Pending:
    """The next step on one version: `stage` waits for its role, unless `rejected` holds the
    signed 退回 on this very version (then it is back with the clerk until edited)."""

    stage: str | None
    rejected: Decision | None
    reason: str

    @property
    def role(self) -> str | None:
        """The roster role whose turn it is (None: the clerk's, or done)."""
        return STAGE_ROLE[self.stage] if self.stage and self.rejected is None else None


@dataclass
class Gate:
    """Everything the gate needs beyond the document itself: the stages and the roster."""

    stages: tuple[str, ...]
    roster: Roster

    def _author_ids(self, authors: Authors) -> frozenset[str]:
        by_email = {p.id for p in self.roster.people.values() if p.email and p.email in authors.emails}
        return authors.people | by_email

    def why_invalid(self, index_no: str, d: Decision, authors: Authors) -> str | None:
        """Why a decision statement does not count, or None when it does."""
        return statements.why_not(self.roster, d.stage, d.person, d.at,
                                  statements.decision_bytes(index_no, d), d.signature,
                                  self._author_ids(authors))

    def acceptance_invalid(self, index_no: str, a: Acceptance, authors: Authors) -> str | None:
        return statements.why_not(self.roster, "accept", a.person, a.at,
                                  statements.acceptance_bytes(index_no, a), a.signature,
                                  self._author_ids(authors))

    def judge(self, doc: Document, sha: str, authors: Authors, records: Records,
              findings: list[Finding]) -> Verdict:
        """Whether this version may be published, and if not, why (Chinese)."""
        blocks = [f for f in findings if f.severity is Severity.BLOCK]
        accepted, unaccepted = [], []
        for f in blocks:
            match = next((a for a in records.acceptances if a.rule == f.rule and a.finding == f.fingerprint
                          and a.sha256 == sha and self.acceptance_invalid(doc.index_no, a, authors) is None), None)
            (accepted.append((f, match)) if match else unaccepted.append(f))
        verdict = Verdict(None, accepted=accepted, unaccepted=unaccepted)
        if unaccepted:
            shown = "、".join(f"{f.rule}（第 {f.line} 行）" for f in unaccepted[:3])
            verdict.reason = f"保密检查发现阻止发布的问题：{shown}" + (f"等 {len(unaccepted)} 项" if len(unaccepted) > 3 else "")
            return verdict
        if not records.decisions:
            verdict.reason = f"待{STAGE_LABEL[self.stages[0]]}" + ("" if authors.known else f"（{authors.reason}）")
            return verdict
        if not authors.known:
            verdict.reason = f"无法确定作者（{authors.reason}），暂不发布"
            return verdict
        for stage in self.stages:
            reason = self.stage_reason(doc.index_no, stage, sha, authors, records, verdict)
            if reason:
                verdict.reason = reason
                return verdict
        verdict.publish_date = doc.published or verdict.chain[-1].date
        return verdict

    def stage_reason(self, index_no: str, stage: str, sha: str, authors: Authors, records: Records,
                     verdict: Verdict) -> str | None:
        label = STAGE_LABEL[stage]
        current = [d for d in records.decisions if d.stage == stage and d.sha256 == sha]
        if not current:
            if any(d.stage == stage for d in records.decisions):
                return f"{label}后内容已修改，原{label}失效，需重新{label}"
            return f"待{label}"
        last = current[-1]
        invalid = self.why_invalid(index_no, last, authors)
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

    def pending(self, doc: Document, sha: str, authors: Authors, records: Records,
                findings: list[Finding]) -> Pending:
        """Whose turn it is on this version: the first stage still to decide (blocking findings
        are the reviewer's: fix by the clerk or accept), or the clerk's after a 退回, or nobody."""
        verdict = self.judge(doc, sha, authors, records, findings)
        if verdict.reason is None:
            return Pending(None, None, "")
        first = self.stages[0]
        if verdict.unaccepted:
            return Pending(first, self._rejected(first, sha, records), verdict.reason)
        probe = Verdict(None)
        for stage in self.stages:
            if self.stage_reason(doc.index_no, stage, sha, authors, records, probe) is not None:
                return Pending(stage, self._rejected(stage, sha, records), verdict.reason)
        return Pending(None, None, verdict.reason)

    @staticmethod
    def _rejected(stage: str, sha: str, records: Records) -> Decision | None:
        current = [d for d in records.decisions if d.stage == stage and d.sha256 == sha]
        return current[-1] if current and current[-1].decision == REJECTED else None

    def approved_hashes(self, records: Records, current: str) -> list[str]:
        """Content hashes that have a signed approval of the last stage, newest first (cheap
        pre-selection; the full chain is judged once the version is found)."""
        last = self.stages[-1]
        out: list[str] = []
        for d in reversed(records.decisions):
            if d.stage == last and d.decision == APPROVED and d.sha256 != current and d.sha256 not in out:
                out.append(d.sha256)
        return out
