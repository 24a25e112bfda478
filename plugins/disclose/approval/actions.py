"""What `disclose approve/accept/withdraw/abolish` do: checks first, then one signed statement
appended to the document's records (nothing else writes a decision)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from .. import clock
from ..corpus import Corpus
from ..errors import DiscloseError
from ..model import Document, Severity
from ..review.finding import Finding
from . import records, sshsig, statements
from .gitinfo import Authors
from .live import published_files
from .records import APPROVED, REJECTED, Acceptance, Decision
from .roster import ROLES, STAGE_LABEL, STAGE_ROLE, Person


class RefusedError(DiscloseError):
    """The action is not allowed; the message says why (Chinese)."""


@dataclass
class Subject:
    """A document, its content hash, its records and the person acting (with their key)."""

    doc: Document
    sha: str
    rec: records.Records
    person: Person
    corpus: Corpus
    key: str | None = None


def subject(corpus: Corpus, path: str, person_id: str, key: str | None = None,
            check_authors: bool = True) -> Subject:
    """Resolve and check the document and the person; refuse authors and unknown people."""
    doc = next((d for d in corpus.documents if d.source_path == path), None)
    entry = corpus.entry(path)
    if doc is None or entry is None or entry.records is None:
        bad = [str(p) for p in corpus.problems if p.path == path]
        raise RefusedError(f"{path} 不是可审核的文档" + (f"：{bad[0]}" if bad else ""))
    if corpus.gate is None:
        bad = [str(p) for p in corpus.problems if "roster" in (p.field or "") or p.code == "approval.roster"]
        raise RefusedError("审核人员名册无效" + (f"：{bad[0]}" if bad else ""))
    roster = corpus.gate.roster
    person = roster.get(person_id)
    if person is None:
        known = "、".join(f"{p.id}（{p.name}）" for p in roster.people.values())
        raise RefusedError(f"“{person_id}”不在审核人员名册（{corpus.settings.approval.roster}）中；"
                           f"名册中的人员：{known or '无'}")
    if check_authors:
        authors = (corpus.history.authors_of(published_files(entry)) if corpus.history
                   else Authors(frozenset(), False, "不是 git 仓库，无法从提交历史确定作者"))
        if not authors.known:
            raise RefusedError(f"{authors.reason}。请先用自己的密钥签名提交（git commit -S）文档，再办理审核")
        if authors.includes(person.id, person.email):
            raise RefusedError(f"{person.name}是 {path} 的作者，不能审核自己的文档（四眼原则）")
    return Subject(doc, entry.sha, entry.records, person, corpus, key)


def _signed(s: Subject, message: bytes) -> str:
    """Sign with the acting person's key, refusing a key that is not theirs in the roster."""
    try:
        signature = sshsig.sign(message, statements.NAMESPACE, s.key)
        key = sshsig.verify(signature, message, statements.NAMESPACE,
                            [k.key for k in s.person.keys if k.valid_on(clock.today())])
    except sshsig.SignatureError as exc:
        raise RefusedError(f"无法以{s.person.name}的身份签名：{exc}。"
                           f"请用 --key 指定名册中登记的{s.person.name}本人的私钥") from None
    del key
    return signature


def _save(s: Subject) -> None:
    records.save(s.corpus.content_root / s.corpus.settings.approval.records, s.rec)


def approve(s: Subject, opinion: str, reject: bool, at: str) -> Decision:
    """Record a signed review or approval decision for the current content."""
    a = s.corpus.settings.approval
    stage = next((st for st in a.stages if s.person.has_role(STAGE_ROLE[st])), None)
    if stage is None:
        raise RefusedError(f"{s.person.name}的角色（{s.person.role_names}）不办理本网站配置的审核环节")
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
    decision = replace(decision, signature=_signed(s, statements.decision_bytes(s.doc.index_no, decision)))
    s.rec.decisions.append(decision)
    _save(s)
    return decision


def record(s: Subject, stage: str, opinion: str, at: str) -> Decision:
    """A signed withdrawal or abolition statement on the (already edited) current content."""
    role = STAGE_ROLE[stage]
    if not s.person.has_role(role):
        raise RefusedError(f"{s.person.name}的角色（{s.person.role_names}）不能办理{STAGE_LABEL[stage]}，"
                           f"需要{ROLES[role]}")
    decision = Decision(stage, APPROVED, s.person.id, at, opinion.strip(), s.sha)
    decision = replace(decision, signature=_signed(s, statements.decision_bytes(s.doc.index_no, decision)))
    s.rec.decisions.append(decision)
    _save(s)
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
    findings = s.corpus.findings_of(s.doc.source_path)
    return [f for f in findings if f.severity is Severity.BLOCK and not any(
        a.rule == f.rule and a.finding == f.fingerprint and a.sha256 == s.sha for a in s.rec.acceptances)]


def accept(s: Subject, rule: str, line: int, reason: str, at: str) -> Acceptance:
    """Record a reviewer's acceptance of one finding (RULE@LINE) with a written reason."""
    if not s.person.has_role("reviewer"):
        raise RefusedError(f"只有保密审查员可以接受检查问题，{s.person.name}的角色是{s.person.role_names}")
    if not reason.strip():
        raise RefusedError("接受检查问题必须用 --reason 写明理由")
    findings = s.corpus.findings_of(s.doc.source_path)
    match = [f for f in findings if f.rule == rule and f.line == line]
    if not match:
        here = "、".join(f"{f.rule}@{f.line}" for f in findings) or "无"
        raise RefusedError(f"第 {line} 行没有 {rule} 问题；本文档当前的问题：{here}")
    f = match[0]
    acc = Acceptance(f.rule, f.fingerprint, f.line, s.person.id, at, reason.strip(), s.sha)
    acc = replace(acc, signature=_signed(s, statements.acceptance_bytes(s.doc.index_no, acc)))
    s.rec.acceptances.append(acc)
    _save(s)
    return acc
