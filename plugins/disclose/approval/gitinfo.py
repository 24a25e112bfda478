"""What git knows: who wrote a file, who committed a record line, whether a commit is signed."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Authors:
    """Authors (e-mails) of a file from git history; `known` is False when history is missing."""

    emails: frozenset[str]
    known: bool
    reason: str = ""


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=60)


@lru_cache(maxsize=8)
def repo_top(repo: Path) -> Path | None:
    """The work tree root, or None when this is not a git repository."""
    r = _git(repo, "rev-parse", "--show-toplevel")
    return Path(r.stdout.strip()) if r.returncode == 0 else None


@lru_cache(maxsize=8)
def _history(top: Path) -> dict[str, frozenset[str]]:
    """Every path's author e-mails, from one `git log` (fast enough for thousands of files)."""
    r = _git(top, "log", "--no-renames", "--format=@%ae", "--name-only")
    authors: dict[str, set[str]] = {}
    email = ""
    for line in r.stdout.splitlines():
        if line.startswith("@"):
            email = line[1:].strip().lower()
        elif line.strip():
            authors.setdefault(line.strip(), set()).add(email)
    return {k: frozenset(v) for k, v in authors.items()}


@lru_cache(maxsize=8)
def _dirty(top: Path) -> frozenset[str]:
    r = _git(top, "status", "--porcelain", "--untracked-files=all")
    return frozenset(line[3:].strip().strip('"') for line in r.stdout.splitlines())


def authors_of(repo_root: Path, rel_paths: list[str], *, allow_dirty: bool = False) -> Authors:
    """Authors of the given files. Unknown (so nobody may approve) without git history, or when
    a file has uncommitted changes whose author git cannot tell."""
    top, prefix = _located(repo_root)
    if top is None:
        return Authors(frozenset(), False, "不是 git 仓库，无法从提交历史确定作者")
    paths = [f"{prefix}/{p}" if prefix != "." else p for p in rel_paths]
    history = _history(top)
    emails: set[str] = set()
    for rel, path in zip(rel_paths, paths, strict=True):
        if path not in history:
            return Authors(frozenset(), False, f"{rel} 尚未提交，无法从提交历史确定作者")
        emails |= history[path]
    if not allow_dirty:
        dirty = _dirty(top) & set(paths)
        if dirty:
            return Authors(frozenset(emails), False, f"{sorted(dirty)[0]} 有未提交的修改，作者不明")
    return Authors(frozenset(emails), True)


@lru_cache(maxsize=8)
def _located(repo_root: Path) -> tuple[Path | None, str]:
    """The git top folder and the site's path inside it."""
    top = repo_top(repo_root.resolve())
    return (top, repo_root.resolve().relative_to(top).as_posix()) if top else (None, "")


def clear_cache() -> None:
    """Forget cached history (after commits made by this process, e.g. in tests)."""
    _history.cache_clear()
    _dirty.cache_clear()
    _located.cache_clear()
    repo_top.cache_clear()


def line_commits(repo_root: Path, rel_path: str) -> list[tuple[str, str]]:
    """(commit, author e-mail) for every line of a file, from git blame; [] without history."""
    r = _git(repo_root, "blame", "--line-porcelain", "--", rel_path)
    if r.returncode != 0:
        return []
    out, commit, email = [], "", ""
    for line in r.stdout.splitlines():
        if line.startswith("author-mail "):
            email = line[12:].strip("<> ").lower()
        elif line.startswith("\t"):
            out.append((commit, email))
        elif len(line) > 40 and line[40] == " " and all(c in "0123456789abcdef" for c in line[:40]):
            commit = line[:40]
    return out


def signature(repo_root: Path, commit: str) -> tuple[str, str]:
    """(git's %G? status letter, signing key) of a commit."""
    r = _git(repo_root, "log", "-1", "--format=%G?%n%GK", commit)
    status, _, key = r.stdout.partition("\n")
    return status.strip(), key.strip()
