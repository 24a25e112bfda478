"""Who wrote a version: the people whose keys signed the commits that changed its files.

Names and e-mail addresses in commits are claims anyone can make, so they are ignored after
the signed baseline (trust.py). A commit counts as written by a roster person only when its
SSH signature (git's `gpg.format ssh`, namespace "git") verifies against a key of that person
that was not revoked at the commit's time. Verification runs in-process over the raw commit
objects (`git cat-file --batch`), which the tests cross-check against git's own `%G?`.
Commits up to and including the baseline are accepted as they are: their author is the roster
person with that e-mail (or the e-mail itself), as the administrator accepted them.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import sshsig
from .roster import Roster


@dataclass(frozen=True)
class Authors:
    """Authors of a version: roster ids (signers) and e-mails of baseline history."""

    people: frozenset[str]
    known: bool
    reason: str = ""
    emails: frozenset[str] = frozenset()
    commits: tuple[str, ...] = ()  # the commits that changed the files, newest first

    def includes(self, person_id: str, email: str = "") -> bool:
        return person_id in self.people or bool(email and email.lower() in self.emails)


def _git(repo: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-c", "core.quotePath=false", "-C", str(repo), *args],
                          capture_output=True, text=True, timeout=300, input=stdin)


@lru_cache(maxsize=8)
def repo_top(repo: Path) -> Path | None:
    """The work tree root, or None when this is not a git repository."""
    r = _git(repo, "rev-parse", "--show-toplevel")
    return Path(r.stdout.strip()) if r.returncode == 0 else None


@dataclass(frozen=True)
class Signer:
    """What a commit's signature says: a roster person, or why nobody."""

    person: str | None
    email: str = ""          # for baseline commits: the claimed author e-mail, accepted
    problem: str = ""


@dataclass
class History:
    """The repository's history as far as authorship goes, read once per build."""

    top: Path
    prefix: str
    roster: Roster
    baseline: str | None
    paths: dict[str, list[str]] = field(default_factory=dict)   # path -> commits, newest first
    before_baseline: frozenset[str] = frozenset()
    dirty: frozenset[str] = frozenset()
    order: dict[str, int] = field(default_factory=dict)          # commit -> position, newest first
    _signers: dict[str, Signer] = field(default_factory=dict)

    @classmethod
    def read(cls, repo_root: Path, roster: Roster, baseline: str | None) -> History | None:
        top = repo_top(repo_root.resolve())
        if top is None:
            return None
        prefix = repo_root.resolve().relative_to(top).as_posix()
        h = cls(top, "" if prefix == "." else prefix + "/", roster, baseline)
        r = _git(top, "log", "-z", "--no-renames", "--diff-merges=dense-combined", "--format=%x01%H",
                 "--name-only")
        for chunk in r.stdout.split("\x01")[1:]:
            commit, _, names = chunk.partition("\0")
            h.order[commit] = len(h.order)
            for name in names.lstrip("\n").split("\0"):
                if name:
                    h.paths.setdefault(name, []).append(commit)
        if baseline:
            rl = _git(top, "rev-list", baseline)
            h.before_baseline = frozenset(rl.stdout.split()) if rl.returncode == 0 else frozenset()
        st = _git(top, "status", "--porcelain", "-z", "--untracked-files=all")
        h.dirty = frozenset(e[3:] for e in st.stdout.split("\0") if len(e) > 3)
        return h

    def signer(self, commit: str) -> Signer:
        if commit not in self._signers:
            self._read_signers([commit])
        return self._signers[commit]

    def _read_signers(self, commits: list[str]) -> None:
        todo = [c for c in commits if c not in self._signers]
        if not todo:
            return
        r = subprocess.run(["git", "-C", str(self.top), "cat-file", "--batch"], input=("\n".join(todo) + "\n").encode(),
                           capture_output=True, timeout=300)
        out, off = r.stdout, 0
        for commit in todo:
            nl = out.index(b"\n", off)
            header = out[off:nl].split()
            size = int(header[2]) if len(header) == 3 else 0
            body = out[nl + 1:nl + 1 + size]
            off = nl + 1 + size + 1
            self._signers[commit] = self._judge(commit, body)

    def _judge(self, commit: str, raw: bytes) -> Signer:
        payload, signature, author, when = _split_commit(raw)
        if commit in self.before_baseline:
            person = next((p.id for p in self.roster.people.values() if p.email and p.email == author), None)
            return Signer(person, author)
        short = commit[:10]
        if not signature:
            return Signer(None, problem=f"提交 {short} 没有签名")
        try:
            key = sshsig.verify(signature, payload, "git", self.roster.all_keys())
        except sshsig.SignatureError as exc:
            return Signer(None, problem=f"提交 {short} 的签名无效或密钥不在名册中（{exc}）")
        person, entry = self.roster.key_entry(key.blob)  # type: ignore[misc]
        if when is not None and not entry.valid_on(when):
            return Signer(None, problem=f"提交 {short} 由已吊销的密钥 {key.fingerprint} 签名")
        return Signer(person.id)

    def commits_of(self, rel_path: str) -> list[str]:
        """The commits that changed a repo-relative file, newest first."""
        return self.paths.get(self.prefix + rel_path, [])

    def authors_of(self, rel_paths: list[str], *, allow_dirty: bool = False, upto: str | None = None) -> Authors:
        """Authors of the given repo-relative files: the signers of every commit that changed
        any of them (with `upto`, of that commit and the ones before it: an older version)."""
        commits: list[str] = []
        limit = self.order.get(upto, 0) if upto else 0
        for rel in rel_paths:
            path = self.prefix + rel
            if path not in self.paths:
                return Authors(frozenset(), False, f"{rel} 尚未提交，无法从提交历史确定作者")
            commits += [c for c in self.paths[path] if c not in commits and self.order.get(c, 0) >= limit]
        if not allow_dirty and upto is None:
            dirty = self.dirty & {self.prefix + p for p in rel_paths}
            if dirty:
                return Authors(frozenset(), False, f"{sorted(dirty)[0]} 有未提交的修改，作者不明")
        self._read_signers(commits)
        people, emails = set(), set()
        for c in commits:
            s = self._signers[c]
            if s.problem:
                return Authors(frozenset(people), False, f"{s.problem}，作者不明", commits=tuple(commits))
            if s.person:
                people.add(s.person)
            if s.email:
                emails.add(s.email)
        return Authors(frozenset(people), True, emails=frozenset(emails), commits=tuple(commits))


def _split_commit(raw: bytes) -> tuple[bytes, str, str, dt.date | None]:
    """(signed payload, signature, author e-mail, commit day) of a raw commit object."""
    head, sep, message = raw.partition(b"\n\n")
    kept, sig, in_sig, author, when = [], [], False, "", None
    for line in head.split(b"\n"):
        if line.startswith(b"gpgsig "):
            in_sig = True
            sig.append(line[7:])
            continue
        if in_sig and line.startswith(b" "):
            sig.append(line[1:])
            continue
        in_sig = False
        kept.append(line)
        if line.startswith(b"author "):
            author = line.split(b"<", 1)[-1].split(b">", 1)[0].decode(errors="replace").lower()
        elif line.startswith(b"committer "):
            try:
                when = dt.datetime.fromtimestamp(int(line.rsplit(b" ", 2)[-2]), dt.UTC).date()
            except (ValueError, IndexError):
                when = None
    payload = b"\n".join(kept) + sep + message
    signature = b"\n".join(sig).decode(errors="replace") if sig else ""
    return payload, (signature if "SSH SIGNATURE" in signature else ""), author, when


def clear_cache() -> None:
    """Forget cached repository lookups (after commits made by this process, e.g. in tests)."""
    repo_top.cache_clear()


def show(repo_root: Path, commit: str, rel_path: str) -> bytes | None:
    """A file's bytes at a commit (repo-relative path), or None."""
    top = repo_top(repo_root.resolve())
    if top is None:
        return None
    prefix = repo_root.resolve().relative_to(top).as_posix()
    path = rel_path if prefix == "." else f"{prefix}/{rel_path}"
    r = subprocess.run(["git", "-C", str(top), "show", f"{commit}:{path}"], capture_output=True, timeout=60)
    return r.stdout if r.returncode == 0 else None
