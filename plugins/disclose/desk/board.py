"""The queue of one person and the clerk's "my documents", computed from the corpus and the
gate only (`Gate.pending`, `Entry.state`, `audit.deadline`): the desk decides nothing here."""

from __future__ import annotations

from dataclasses import dataclass

from ..approval import audit
from ..approval.gate import Pending
from ..approval.gitinfo import Authors
from ..approval.live import published_files
from ..approval.roster import ROLES, STAGE_LABEL, Person
from ..corpus import Corpus, Entry, State


@dataclass(frozen=True)
class Row:
    """One document or dataset on a list."""

    path: str
    index_no: str
    title: str
    kind: str            # 文档 / 数据集
    due: str             # the 20-working-day deadline (YYYY-MM-DD)
    overdue: bool
    status: str          # what the clerk reads: 待保密审查, 退回, 待领导审批, 已发布 …
    detail: str          # why (the gate's reason, or the 退回 opinion)
    mine: bool           # the person is one of its authors (may not decide on it)


def pending(corpus: Corpus, entry: Entry) -> Pending | None:
    """The gate's next step for this entry (None when the gate cannot judge it)."""
    if corpus.gate is None or entry.records is None or entry.authors is None:
        return None
    if entry.state in (State.ERROR, State.WITHHELD, State.WITHDRAWN):
        return None
    return corpus.gate.pending(entry.doc, entry.sha, entry.authors, entry.records, entry.findings)


def status(corpus: Corpus, entry: Entry) -> tuple[str, str]:
    """(status, detail) in the words of the issue: 待审查 / 退回 / 待审批 / 已发布, else the state."""
    p = pending(corpus, entry)
    if p is not None and p.rejected is not None:
        return f"{STAGE_LABEL[p.rejected.stage]}退回", p.rejected.opinion
    if p is not None and p.stage is not None:
        label = f"待{STAGE_LABEL[p.stage]}"
        live = "网站继续显示已批准的版本" if entry.state is State.LIVE_APPROVED else ""
        return label, "；".join(x for x in (p.reason if p.reason != label else "", live) if x)
    if entry.state is State.PUBLISH:
        return "已发布", ""
    return entry.state.value, entry.reason


def authors(corpus: Corpus, entry: Entry) -> Authors | None:
    """The entry's authors as the gate saw them (read from history for a document with errors,
    which the gate did not judge)."""
    if entry.authors is not None or corpus.history is None:
        return entry.authors
    return corpus.history.authors_of(published_files(entry))


def _row(corpus: Corpus, entry: Entry, person: Person) -> Row:
    d = audit.deadline(corpus, entry.doc)
    st, detail = status(corpus, entry)
    who = authors(corpus, entry)
    mine = bool(who and who.includes(person.id, person.email))
    return Row(entry.path, entry.doc.index_no, entry.doc.title, "数据集" if entry.doc.is_dataset else "文档",
               d["due"], d["overdue"], st, detail, mine)


def queue(corpus: Corpus, person: Person) -> list[Row]:
    """What waits for this person's role, oldest deadline first; their own documents are left
    out (four-eyes: another reviewer or approver decides on them)."""
    rows = []
    for entry in corpus.entries.values():
        p = pending(corpus, entry)
        if p is None or p.role is None or not person.has_role(p.role):
            continue
        row = _row(corpus, entry, person)
        if not row.mine:
            rows.append(row)
    return sorted(rows, key=lambda r: (r.due, r.index_no))


ORDER = ("退回", "待", "有错误", "发布日期未到", "网站继续", "已发布")


def my_documents(corpus: Corpus, person: Person) -> list[Row]:
    """Every document whose commits this person signed (its authors), by state: 退回 first
    (the clerk has to act), then waiting, then published; oldest deadline first within."""
    rows = [_row(corpus, e, person) for e in corpus.entries.values()
            if (who := authors(corpus, e)) is not None and who.includes(person.id, person.email)]

    def rank(r: Row) -> int:
        return next((i for i, s in enumerate(ORDER) if s in r.status), len(ORDER))

    return sorted(rows, key=lambda r: (rank(r), r.due, r.index_no))


def role_names(person: Person) -> str:
    return "、".join(ROLES[r] for r in person.roles)
