"""Decisions from the desk: the same library calls as `disclose approve/accept`
(`approval/actions.py`: checks, the signed statement, the record file), then a signed commit
of the record file alone (`git commit -S --only`), so the desk leaves exactly what the CLI
plus `git commit -S` would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..approval import actions, records, statements
from ..approval.roster import STAGE_LABEL
from ..corpus import Corpus
from ..errors import DiscloseError

APPROVE, REJECT, ACCEPT = "approve", "reject", "accept"


@dataclass(frozen=True)
class Outcome:
    """What the desk did: the record file committed and the commit."""

    message: str        # the commit message (names document and decision)
    record: Path
    commit: str


def decide(corpus: Corpus, path: str, person_id: str, key: str | None, action: str, sha: str,
           opinion: str = "", finding: str = "") -> Outcome:
    """Record one decision on the version the form was made for, and commit it signed.

    Refuses (RefusedError, Chinese) when the document changed since the page was opened, and
    whatever `actions` refuses (authors, roles, missing opinion, open findings, wrong key)."""
    subj = actions.subject(corpus, path, person_id, key)
    if sha != subj.sha:
        raise actions.RefusedError(
            f"文档在您打开页面后已修改（页面上的内容指纹 {sha[:12]}…，当前 {subj.sha[:12]}…），"
            "本次决定未记录；请重新打开文档，核对最新内容后再决定（desk.stale）")
    at = statements.now()
    doc = subj.doc
    if action == ACCEPT:
        rule, _, line = finding.partition("@")
        if not line.isdigit():
            raise actions.RefusedError(f"问题应写成 规则@行号，收到“{finding}”（desk.finding）")
        acc = actions.accept(subj, rule, int(line), opinion, at)
        message = f"审核台：{subj.person.name}接受 {doc.index_no}《{doc.title}》的检查问题 {acc.rule}@{acc.line}"
    elif action in (APPROVE, REJECT):
        d = actions.approve(subj, opinion, action == REJECT, at)
        message = (f"审核台：{subj.person.name}{STAGE_LABEL[d.stage]}{d.decision} {doc.index_no}《{doc.title}》"
                   f"（内容指纹 {d.sha256[:12]}）")
    else:
        raise actions.RefusedError(f"未知的操作“{action}”（desk.action）")
    record = records.records_path(corpus.content_root / corpus.settings.approval.records, doc.index_no)
    return Outcome(message, record, commit(corpus.repo_root, record, message, key))


def commit(repo_root: Path, record: Path, message: str, key: str | None) -> str:
    """`git commit -S --only RECORD`: only the record file, whatever else is staged, signed
    with the person's key (or git's configured signing key / agent when none is given)."""
    rel = os.path.relpath(record.resolve(), repo_root.resolve())
    with tempfile.TemporaryDirectory(prefix="disclose-desk-key-") as tmp:
        config: list[str] = []
        if key:
            private = Path(tmp) / "key"  # ssh-keygen wants a private key file only its owner reads
            shutil.copyfile(key, private)
            private.chmod(0o600)
            config = ["-c", "gpg.format=ssh", "-c", f"user.signingkey={private}"]
        git = ["git", "-c", "core.quotePath=false", "-C", str(repo_root), *config]
        steps = [[*git, "add", "--", rel],
                 [*git, "commit", "-q", "-S", "--only", "-m", message, "--", rel],
                 [*git, "rev-parse", "HEAD"]]
        out = ""
        for step in steps:
            r = subprocess.run(step, capture_output=True, text=True, timeout=120)
            if r.returncode != 0:
                raise DiscloseError(f"审核记录已写入 {rel}，但签名提交失败：{r.stderr.strip()}。"
                                    f"请用 git commit -S 提交该文件（desk.commit）")
            out = r.stdout.strip()
    return out
