"""Decisions as signed statements: one canonical byte form, signed with the person's SSH key.

The statement binds everything that gives a decision its meaning: the document (index
number), the stage, the decision, the SHA-256 of exactly what is published, the time (with
+08:00), the person, and the SHA-256 of the opinion text. Change any of them — or replay the
statement for another document or stage — and the signature no longer verifies.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from . import sshsig
from .records import Acceptance, Decision, Records
from .roster import ROLES, STAGE_LABEL, STAGE_ROLE, Roster

NAMESPACE = "disclose-decision@v1"
BEIJING = dt.timezone(dt.timedelta(hours=8))


def canonical(index_no: str, stage: str, decision: str, sha256: str, at: str, person: str,
              text: str, extra: tuple[tuple[str, str], ...] = ()) -> bytes:
    """The exact bytes that are signed (UTF-8, one `key: value` a line, fixed order)."""
    lines = ["disclose-statement-v1", f"index_no: {index_no}", f"stage: {stage}",
             f"decision: {decision}", f"content_sha256: {sha256}", f"at: {at}", f"person: {person}",
             f"text_sha256: {hashlib.sha256(text.encode('utf-8')).hexdigest()}",
             *(f"{k}: {v}" for k, v in extra)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def decision_bytes(index_no: str, d: Decision) -> bytes:
    return canonical(index_no, d.stage, d.decision, d.sha256, d.at, d.person, d.opinion)


def acceptance_bytes(index_no: str, a: Acceptance) -> bytes:
    return canonical(index_no, "accept", "接受", a.sha256, a.at, a.person, a.reason,
                     (("rule", a.rule), ("finding", a.finding), ("line", str(a.line))))


def now() -> str:
    """The current time in Beijing, to the second, as statements record it."""
    from .. import clock

    return clock.now().astimezone(BEIJING).replace(microsecond=0).isoformat()


def parse_time(at: str) -> dt.datetime | None:
    """The statement time, or None unless it is an ISO time with the +08:00 offset."""
    try:
        t = dt.datetime.fromisoformat(at)
    except ValueError:
        return None
    return t if t.utcoffset() == dt.timedelta(hours=8) else None


def why_not(roster: Roster, stage: str, person_id: str, at: str, message: bytes, signature: str,
            authors: frozenset[str] = frozenset()) -> str | None:
    """Why a signed statement does not count (Chinese), or None when it does."""
    person = roster.people.get(person_id)
    label = STAGE_LABEL.get(stage, stage)
    if person is None:
        return f"“{person_id}”不在审核人员名册中"
    role = STAGE_ROLE.get(stage)
    if role is None:
        return f"未知的环节“{stage}”"
    if not person.has_role(role):
        return f"{person.name}的角色（{person.role_names}）不能办理{label}，需要{ROLES[role]}"
    when = parse_time(at)
    if when is None:
        return f"时间“{at}”格式无效（应为带 +08:00 的时间）"
    if not signature:
        return "没有签名（只有 disclose approve / accept / withdraw / abolish 可以写入审核记录）"
    if not person.keys:
        return f"名册中没有{person.name}的签名公钥"
    try:
        key = sshsig.verify(signature, message, NAMESPACE, roster.keys_of(person))
    except sshsig.SignatureError as exc:
        return f"{person.name}的签名无效：{exc}"
    entry = roster.key_entry(key.blob)
    if entry and not entry[1].valid_on(when.date()):
        return f"{person.name}的密钥 {key.fingerprint} 已于 {entry[1].revoked} 吊销"
    if person.id in authors:
        return f"{person.name}是本文档的作者，不能审核自己的文档"
    return None


def preverify(index_no: str, recs: Records) -> frozenset[bytes]:
    """The signatures of a document's decisions and acceptances checked against the keys they
    carry, in a worker (sshsig.preverify): the gate's later checks of them are lookups."""
    pairs = [(decision_bytes(index_no, d), d.signature) for d in recs.decisions] + \
        [(acceptance_bytes(index_no, a), a.signature) for a in recs.acceptances]
    found = (sshsig.preverify(signature, message, NAMESPACE) for message, signature in pairs if signature)
    return frozenset(d for d in found if d is not None)
