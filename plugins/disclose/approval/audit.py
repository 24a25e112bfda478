"""The audit record (记录备查): per document, who reviewed and approved what, and the outcome."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..clock import today
from ..corpus import Corpus, rel_or
from . import records
from .roster import STAGE_LABEL, Roster
from .workdays import Calendar


def calendar(corpus: Corpus) -> Calendar:
    """The working-day calendar with the hand-declared days of the configuration."""
    a = corpus.settings.approval
    return Calendar(frozenset(dt.date.fromisoformat(d) for d in a.holidays),
                    frozenset(dt.date.fromisoformat(d) for d in a.workdays))


def deadline(corpus: Corpus, doc: Any) -> dict[str, Any]:
    """The 20-working-day deadline of a document and whether it was (or is being) missed."""
    cal = calendar(corpus)
    due, by_hand = cal.add_workdays(doc.created, corpus.settings.approval.deadline_workdays)
    published = corpus.states.get(doc.source_path) == "将发布"
    effective = doc.published if published and doc.published else today()
    return {"due": due.isoformat(), "overdue": effective > due,
            "calendar_extended_by_hand": by_hand}


def audit(corpus: Corpus) -> list[dict[str, Any]]:
    """One entry per document with its whole chain, acceptances and state."""
    a = corpus.settings.approval
    roster = Roster.load(corpus.content_root / a.roster, rel_or(corpus.content_root / a.roster, corpus))
    root = corpus.content_root / a.records
    out = []
    for doc in sorted(corpus.documents, key=lambda d: d.index_no):
        rec, _ = records.load(root, doc.index_no, rel_or(root, corpus))
        sha = corpus.hashes.get(doc.source_path, "")
        state = corpus.states.get(doc.source_path, "有错误，需先修正")

        def who(pid: str) -> str:
            p = roster.get(pid)
            return p.name if p else f"{pid}（不在名册中）"

        out.append({
            "index_no": doc.index_no, "title": doc.title, "path": doc.source_path,
            "disclosure": str(doc.disclosure), "content_sha256": sha,
            "published": state == "将发布", "state": state,
            "publish_date": doc.published.isoformat() if doc.published and state == "将发布" else None,
            "decisions": [{"stage": d.stage, "stage_label": STAGE_LABEL.get(d.stage, d.stage),
                           "decision": d.decision, "person": d.person, "name": who(d.person),
                           "at": d.at, "opinion": d.opinion, "sha256": d.sha256,
                           "current": d.sha256 == sha} for d in rec.decisions],
            "acceptances": [{"rule": x.rule, "line": x.line, "person": x.person, "name": who(x.person),
                             "at": x.at, "reason": x.reason, "sha256": x.sha256} for x in rec.acceptances],
            "deadline": deadline(corpus, doc),
        })
    return out
