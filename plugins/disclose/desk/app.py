"""The Flask application: views over the library, one corpus per repository state."""

from __future__ import annotations

import hashlib
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, abort, render_template, request, send_from_directory
from werkzeug.exceptions import HTTPException
from werkzeug.security import safe_join

from ..approval import actions, audit
from ..approval.gitinfo import clear_cache
from ..approval.roster import ROLES, STAGE_LABEL, Person
from ..cli.base import Site
from ..corpus import Corpus, State, load_corpus
from ..errors import DiscloseError
from ..model import Severity
from ..review.html_report import LABEL
from ..urls import doc_url
from . import board, changes, decide
from .preview import PREFIX, Preview
from .security import Guard, csrf_token

SEVERITY_LABEL = {str(k): v for k, v in LABEL.items()}


@dataclass
class Desk:
    """The person at this workstation, their site, and what the desk has read."""

    site: Site
    person_id: str
    key: str | None = None
    trust: str | None = None
    _corpus: Corpus | None = None
    _state: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def repo_state(self) -> str:
        """HEAD, the working tree's changes and the times of changed files: a new value
        whenever anything the corpus reads may have changed."""
        root = str(self.site.repo_root)
        head = subprocess.run(["git", "-C", root, "rev-parse", "HEAD"], capture_output=True, text=True).stdout
        status = subprocess.run(["git", "-C", root, "status", "--porcelain", "-z", "--untracked-files=all"],
                                capture_output=True, text=True).stdout
        stamps = []
        for item in status.split("\0"):
            p = self.site.repo_root / item[3:] if len(item) > 3 else None
            if p is not None and p.exists():
                stamps.append(f"{p.stat().st_mtime_ns}")
        return hashlib.sha256("\n".join([head, status, *stamps]).encode()).hexdigest()

    def corpus(self) -> Corpus:
        with self._lock:
            state = self.repo_state()
            if self._corpus is None or state != self._state:
                clear_cache()
                self._corpus = load_corpus(self.site.content_root, self.site.repo_root, self.site.settings,
                                           trust=self.trust)
                self._state = state
            return self._corpus

    def person(self, corpus: Corpus) -> Person:
        if corpus.gate is None:
            raise DiscloseError("审核人员名册无效，审核台无法确认您的身份；请先运行 disclose check 修正名册（approval.roster）")
        person = corpus.gate.roster.get(self.person_id)
        if person is None:
            raise DiscloseError(f"“{self.person_id}”不在审核人员名册中（approval.roster）")
        return person


def create_app(desk: Desk, guard: Guard) -> Flask:
    app = Flask(__name__)
    guard.install(app)
    preview = Preview(desk.site.settings_file)
    app.extensions["desk"] = desk
    app.extensions["desk.preview"] = preview

    @app.context_processor
    def common() -> dict:
        return {"csrf_token": csrf_token, "severity_label": SEVERITY_LABEL, "stage_label": STAGE_LABEL,
                "roles": ROLES}

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):  # noqa: ANN202
        titles = {403: "拒绝访问", 404: "找不到页面", 405: "不允许的操作"}
        description = exc.description if exc.code == 403 else titles.get(exc.code or 0, "请求有误")
        return render_template("error.html", title=titles.get(exc.code or 0, "出错了"),
                               message=description), exc.code or 500

    @app.errorhandler(DiscloseError)
    def library_error(exc: DiscloseError):  # noqa: ANN202
        return render_template("error.html", title="无法完成", message=str(exc)), 500

    @app.get("/")
    def queue():  # noqa: ANN202
        corpus = desk.corpus()
        person = desk.person(corpus)
        return render_template("queue.html", person=person, queue=board.queue(corpus, person),
                               mine=board.my_documents(corpus, person), trust_note=corpus.trust_note)

    def document_page(path: str, *, error: str = "", status: int = 200, opinion: str = ""):  # noqa: ANN202
        corpus = desk.corpus()
        person = desk.person(corpus)
        entry = corpus.entry(path)
        if entry is None:
            abort(404)
        pending = board.pending(corpus, entry)
        may_decide = bool(pending and pending.role and person.has_role(pending.role))
        who = board.authors(corpus, entry)
        mine = bool(who and who.includes(person.id, person.email))
        roster = corpus.gate.roster if corpus.gate else None
        accepted = {(a.rule, a.finding) for a in entry.records.acceptances if a.sha256 == entry.sha} \
            if entry.records else set()
        page_error = preview.ensure(desk.repo_state()) if entry.state is not State.WITHHELD else ""
        return render_template(
            "document.html", person=person, entry=entry, doc=entry.doc, path=path,
            status=board.status(corpus, entry), deadline=audit.deadline(corpus, entry.doc),
            authors=audit._authors(roster, who) if roster else [], authors_note=who.reason if who and not who.known else "",
            changes=changes.changes(corpus, entry), findings=entry.findings, accepted=accepted,
            block=Severity.BLOCK, may_decide=may_decide and not mine, mine=mine, pending=pending,
            preview_url=None if entry.state is State.WITHHELD or page_error else f"{PREFIX}/{doc_url(entry.doc)}",
            preview_error=page_error, records=entry.records, roster=roster, error=error, opinion=opinion,
        ), status

    @app.get("/doc/<path:path>")
    def document(path: str):  # noqa: ANN202
        return document_page(path)

    @app.post("/doc/<path:path>")
    def decide_view(path: str):  # noqa: ANN202
        corpus = desk.corpus()
        form = request.form
        try:
            outcome = decide.decide(corpus, path, desk.person_id, desk.key, form.get("action", ""),
                                    form.get("sha", ""), form.get("opinion", ""), form.get("finding", ""))
        except actions.RefusedError as exc:
            return document_page(path, error=str(exc), status=409 if "desk.stale" in str(exc) else 400,
                                 opinion=form.get("opinion", ""))
        after = desk.corpus()
        entry = after.entry(path)
        assert entry is not None
        return render_template("result.html", person=desk.person(after), outcome=outcome, entry=entry,
                               doc=entry.doc, path=path, status=board.status(after, entry))

    @app.get(f"{PREFIX}/<path:sub>")
    def preview_file(sub: str):  # noqa: ANN202
        if safe_join(str(preview.root), sub) is None:
            abort(404)
        return send_from_directory(preview.root, sub)

    @app.get(f"{PREFIX}/")
    def preview_home():  # noqa: ANN202
        return send_from_directory(preview.root, "index.html")

    return app


def preview_root(app: Flask) -> Path:
    return app.extensions["desk.preview"].root
