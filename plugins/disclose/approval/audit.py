"""The audit record (记录备查): per document, who reviewed and approved what, and the outcome."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from ..clock import today
from ..corpus import Corpus, State
from ..model import Disclosure
from . import records
from .gitinfo import Authors
from .roster import STAGE_LABEL, Roster
from .workdays import Calendar


def calendar(corpus: Corpus) -> Calendar:
    """The working-day calendar with the hand-declared days of the configuration."""
    a = corpus.settings.approval
    return Calendar(frozenset(dt.date.fromisoformat(d) for d in a.holidays),
                    frozenset(dt.date.fromisoformat(d) for d in a.workdays))


def owes_publication(doc: Any) -> bool:
    """Whether the 20-working-day duty (条例第二十六条) applies: not to a 不予公开 document (it is
    never published) nor to a withdrawn one (it was taken down on purpose)."""
    return doc.disclosure is not Disclosure.WITHHELD and doc.withdrawn is None


def deadline(corpus: Corpus, doc: Any) -> dict[str, Any]:
    """The 20-working-day deadline of a document and whether it was (or is being) missed.

    The one overdue rule of the preview banner, `disclose audit`, `disclose deadlines` and the
    build's notes. The date that counts is the publication date of the version online; else a
    declared `published` date that has passed (an imported page went out on the old site on that
    day); else today, for a document still waiting.
    """
    cal = calendar(corpus)
    due, by_hand = cal.add_workdays(doc.created, corpus.settings.approval.deadline_workdays)
    entry = corpus.entry(doc.source_path)
    live = entry.live.doc if entry is not None and entry.live is not None else None
    now = today()
    if entry is not None and entry.state is State.PUBLISH and doc.published:
        effective = doc.published
    elif live is not None and live.published:
        effective = live.published  # once published, never overdue again
    elif doc.published and doc.published <= now:
        effective = doc.published
    else:
        effective = now
    return {"due": due.isoformat(), "overdue": owes_publication(doc) and effective > due,
            "applies": owes_publication(doc), "calendar_extended_by_hand": by_hand}


def _authors(roster: Roster, authors: Authors | None) -> list[str]:
    """Names of the authors: signers, and baseline authors by their roster e-mail (else the e-mail)."""
    if authors is None:
        return []
    by_email = {p.email: p for p in roster.people.values() if p.email}
    people = {roster.people[p].name for p in authors.people if p in roster.people}
    people |= {by_email[e].name for e in authors.emails if e in by_email}
    return sorted(people) + sorted(e for e in authors.emails if e not in by_email)


def audit(corpus: Corpus) -> list[dict[str, Any]]:
    """One entry per document: its authors (commit signers), every decision with whether its
    signature verifies, the acceptances, the version that is live, and the state."""
    gate = corpus.gate
    roster = gate.roster if gate else Roster(())
    out = []
    for doc in sorted(corpus.documents, key=lambda d: d.index_no):
        entry = corpus.entry(doc.source_path)
        rec = entry.records if entry and entry.records else records.Records(doc.index_no)
        sha = entry.sha if entry else ""
        authors = entry.authors if entry else None
        state = corpus.state_label(doc.source_path)
        online = bool(entry and entry.state.online)
        empty = Authors(frozenset(), False)

        def who(pid: str) -> str:
            p = roster.people.get(pid)
            return p.name if p else f"{pid}（不在名册中）"

        def check(why: str | None) -> str:
            return "有效" if why is None else why

        out.append({
            "index_no": doc.index_no, "title": doc.title, "path": doc.source_path,
            "disclosure": str(doc.disclosure), "content_sha256": sha,
            "published": online, "state": state,
            "publish_date": doc.published.isoformat() if doc.published and online else None,
            "live_version": ({"sha256": entry.live.sha, "commit": entry.live.commit}
                             if entry and entry.live else None),
            "authors": _authors(roster, authors),
            "authors_known": bool(authors and authors.known),
            "authors_note": authors.reason if authors and not authors.known else "",
            "decisions": [{"stage": d.stage, "stage_label": STAGE_LABEL.get(d.stage, d.stage),
                           "decision": d.decision, "person": d.person, "name": who(d.person),
                           "at": d.at, "opinion": d.opinion, "sha256": d.sha256,
                           "current": d.sha256 == sha,
                           "signature": check(gate.why_invalid(doc.index_no, d, authors or empty)
                                              if gate else "名册无效")} for d in rec.decisions],
            "acceptances": [{"rule": x.rule, "line": x.line, "person": x.person, "name": who(x.person),
                             "at": x.at, "reason": x.reason, "sha256": x.sha256,
                             "signature": check(gate.acceptance_invalid(doc.index_no, x, authors or empty)
                                                if gate else "名册无效")} for x in rec.acceptances],
            "deadline": deadline(corpus, doc),
        })
    return out



CSV_HEADER = ("索引号", "信息名称", "内容指纹", "作者", "环节", "决定", "审核人", "时间", "意见",
              "是否当前版本", "签名", "是否发布", "状态")


def csv_rows(rows: list[dict[str, Any]]) -> Iterator[list[str]]:
    """The audit as CSV rows under CSV_HEADER: one per decision (a document without any, one)."""
    for r in rows:
        for d in r["decisions"] or [None]:
            yield [r["index_no"], r["title"], r["content_sha256"], "、".join(r["authors"]),
                   *([d["stage_label"], d["decision"], d["name"], d["at"], d["opinion"],
                      "是" if d["current"] else "否", d["signature"]] if d else [""] * 7),
                   "是" if r["published"] else "否", r["state"]]


def lines(rows: list[dict[str, Any]]) -> Iterator[str]:
    """The audit as staff read it: per document its state, authors, live version, decisions,
    acceptances and an overdue deadline."""
    for r in rows:
        mark = "发布" if r["published"] else "暂不发布"
        yield f"{r['index_no']}  {r['title']}  [{mark}] {r['state']}"
        authors = "、".join(r["authors"]) or "无"
        yield f"    作者（提交签名人）：{authors}" + (f"（{r['authors_note']}）" if r["authors_note"] else "")
        if r["live_version"]:
            yield (f"    网站显示的已批准版本：内容指纹 {r['live_version']['sha256'][:12]}…，"
                   f"提交 {r['live_version']['commit'][:10]}")
        for d in r["decisions"]:
            cur = "" if d["current"] else "（针对旧版本）"
            sig = "签名有效" if d["signature"] == "有效" else f"不算数：{d['signature']}"
            yield f"    {d['at'][:16]}  {d['stage_label']} {d['decision']}  {d['name']}：{d['opinion']}{cur}［{sig}］"
        for x in r["acceptances"]:
            yield f"    {x['at'][:16]}  接受 {x['rule']}@{x['line']}  {x['name']}：{x['reason']}"
        if r["deadline"]["overdue"]:
            yield f"    超过公开时限（应于 {r['deadline']['due']} 前公开）"
