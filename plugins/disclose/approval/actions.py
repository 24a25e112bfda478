"""What `disclose approve` and `disclose accept` do: checks first, then one appended record."""

from __future__ import annotations

from dataclasses import dataclass

from ..corpus import Corpus, rel_or
from ..errors import DiscloseError
from ..model import Document, Severity
from ..review.finding import Finding
from . import records
from .gitinfo import authors_of
from .hashing import content_hash
from .records import APPROVED, REJECTED, Acceptance, Decision
from .roster import ROLES, STAGE_LABEL, STAGE_ROLE, Person, Roster


class RefusedError(DiscloseError):
    """The action is not allowed; the message says why (Chinese)."""


@dataclass
class Subject:
    """A document, its content hash, its records and the person acting."""

    doc: Document
    sha: str
    rec: records.Records
    person: Person
    corpus: Corpus


def subject(corpus: Corpus, path: str, person_id: str) -> Subject:
    """Resolve and check the document and the person; refuse authors and unknown people."""
    doc = next((d for d in corpus.documents if d.source_path == path), None)
    if doc is None:
        bad = [str(p) for p in corpus.problems if p.path == path]
        raise RefusedError(f"{path} 不是可审核的文档" + (f"：{bad[0]}" if bad else ""))
    a = corpus.settings.approval
    roster = Roster.load(corpus.content_root / a.roster, rel_or(corpus.content_root / a.roster, corpus))
    person = roster.get(person_id)
    if person is None:
        raise RefusedError(f"“{person_id}”不在审核人员名册（{a.roster}）中")
    authors = authors_of(corpus.repo_root, [doc.source_path, *(x.path for x in doc.attachments)])
    if not authors.known:
        raise RefusedError(f"{authors.reason}。请先提交（git commit）文档，再办理审核")
    if person.email.lower() in authors.emails:
        raise RefusedError(f"{person.name}是 {path} 的作者，不能审核自己的文档（四眼原则）")
    root = corpus.content_root / a.records
    rec, problems = records.load(root, doc.index_no, rel_or(root, corpus))
    if problems:
        raise RefusedError(str(problems[0]))
    return Subject(doc, content_hash(doc, corpus.repo_root), rec, person, corpus)


def approve(s: Subject, opinion: str, reject: bool, at: str) -> Decision:
    """Record a review or approval decision for the current content."""
    a = s.corpus.settings.approval
    stage = next((st for st in a.stages if STAGE_ROLE[st] == s.person.role), None)
    if stage is None:
        raise RefusedError(f"{s.person.name}的角色（{ROLES[s.person.role]}）不办理本网站配置的审核环节")
    label = STAGE_LABEL[stage]
    if reject and not opinion.strip():
        raise RefusedError("退回时必须用 --opinion 写明理由")
    if not reject:
        _require_previous_stage(s, stage)
        open_blocks = _unaccepted(s)
        if stage == "review" and open_blocks:
            shown = "；".join(f"{f.rule}@{f.line}（{f.message}）" for f in open_blocks[:5])
            raise RefusedError(f"还有 {len(open_blocks)} 项阻止发布的检查问题未处理：{shown}。"
                               f"请修改文件，或用 disclose accept 写明理由接受后再审查")
    decision = Decision(stage, REJECTED if reject else APPROVED, s.person.id, at,
                        opinion.strip() or ("同意公开" if stage == "approve" else f"经{label}，同意公开"), s.sha)
    s.rec.decisions.append(decision)
    records.save(s.corpus.content_root / a.records, s.rec)
    return decision


def _require_previous_stage(s: Subject, stage: str) -> None:
    stages = list(s.corpus.settings.approval.stages)
    i = stages.index(stage)
    if i == 0:
        return
    prev = stages[i - 1]
    last = [d for d in s.rec.decisions if d.stage == prev and d.sha256 == s.sha]
    if not last or last[-1].decision != APPROVED:
        raise RefusedError(f"当前内容还没有通过{STAGE_LABEL[prev]}，不能{STAGE_LABEL[stage]}"
                           "（审批必须基于同一版本内容的在先审查）")


def _unaccepted(s: Subject) -> list[Finding]:
    findings = s.corpus.findings.get(s.doc.source_path, [])
    return [f for f in findings if f.severity is Severity.BLOCK and not any(
        a.rule == f.rule and a.finding == f.fingerprint for a in s.rec.acceptances)]


def accept(s: Subject, rule: str, line: int, reason: str, at: str) -> Acceptance:
    """Record a reviewer's acceptance of one finding (RULE@LINE) with a written reason."""
    if s.person.role != "reviewer":
        raise RefusedError(f"只有保密审查员可以接受检查问题，{s.person.name}的角色是{ROLES[s.person.role]}")
    if not reason.strip():
        raise RefusedError("接受检查问题必须用 --reason 写明理由")
    findings = s.corpus.findings.get(s.doc.source_path, [])
    match = [f for f in findings if f.rule == rule and f.line == line]
    if not match:
        here = "、".join(f"{f.rule}@{f.line}" for f in findings) or "无"
        raise RefusedError(f"第 {line} 行没有 {rule} 问题；本文档当前的问题：{here}")
    f = match[0]
    acc = Acceptance(f.rule, f.fingerprint, f.line, s.person.id, at, reason.strip(), s.sha)
    s.rec.acceptances.append(acc)
    records.save(s.corpus.content_root / s.corpus.settings.approval.records, s.rec)
    return acc
