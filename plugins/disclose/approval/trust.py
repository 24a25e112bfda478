"""The trust anchor: administrator keys from outside the repository, and the signed policy.

Everything in the content repository can be written by any committer, so the roster (who
may decide, with which keys) and the approval policy (stages, rule severities) count only
when an administrator key signed them. That key's public half reaches the publishing build
from outside the repository: `disclose publish --trust FILE` or the DISCLOSE_TRUST variable
(a file path, or the key lines themselves, as a CI secret holds them).

The policy file also names the baseline: the commit from which every change must be signed.
Commits up to and including it are accepted as they are (their authors by the e-mail in the
roster), so a repository with unsigned history can adopt signatures without rewriting it.

Fixed pages (content/pages/*.md) are site configuration, not documents: no four-eyes approval
covers them, so the policy pins each one by path and SHA-256 of its normalised bytes. A fixed
page whose path and hash the verified policy does not name is not published (corpus.py).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import DiscloseError
from . import sshsig
from .statements import now

NAMESPACE = "disclose-admin@v1"
ENV = "DISCLOSE_TRUST"
HEADER = ("# 审核制度文件：名册的内容指纹、审核环节、检查规则级别和签名基线，由管理员用 disclose roster sign 签名。\n"
          "# 改动名册或本文件后必须由管理员重新签名，否则发布会被拒绝。\n")


class TrustError(DiscloseError):
    """The roster or policy is not signed by the trust anchor (the publish stops, exit 2)."""


@dataclass(frozen=True)
class Policy:
    """The administrator-signed statement about the roster and the approval policy."""

    roster_sha256: str
    stages: tuple[str, ...]
    severity: tuple[tuple[str, str], ...]
    baseline: str
    signed_at: str
    signature: str = ""
    pages: tuple[tuple[str, str], ...] = ()  # fixed pages: (repo path, SHA-256), sorted

    def message(self) -> bytes:
        lines = ["disclose-policy-v1", f"roster_sha256: {self.roster_sha256}",
                 f"stages: {','.join(self.stages)}",
                 f"severity: {','.join(f'{k}={v}' for k, v in self.severity)}",
                 f"baseline: {self.baseline}", f"signed_at: {self.signed_at}"]
        # One line per pinned page (none: the message of a policy without pages, unchanged).
        lines += [f"page: {sha} {path}" for path, sha in self.pages]
        return ("\n".join(lines) + "\n").encode("utf-8")


def resolve_anchor(value: str | None) -> list[sshsig.PublicKey] | None:
    """Administrator public keys from --trust, else DISCLOSE_TRUST; None when neither is set."""
    value = value or os.environ.get(ENV)
    if not value or not value.strip():
        return None
    if any(line.strip().startswith(("ssh-", "ecdsa-", "sk-")) for line in value.splitlines()):
        text, where = value, ENV
    else:
        path = Path(value).expanduser()
        if not path.is_file():
            raise TrustError(f"信任锚文件不存在：{value}（--trust 或环境变量 {ENV} 应为管理员公钥文件或公钥本身）")
        text, where = path.read_text(encoding="utf-8"), value
    try:
        keys = sshsig.load_keys(text, where)
    except sshsig.SignatureError as exc:
        raise TrustError(f"信任锚无效：{exc}") from None
    if not keys:
        raise TrustError(f"信任锚 {where} 中没有公钥")
    return keys


PAGES_DIR = "pages"  # fixed pages: content/pages/*.md (corpus.find_sources uses this name too)


def page_hash(repo_root: Path, rel: str) -> str:
    """SHA-256 of a fixed page's normalised bytes (as approval/hashing.py normalises a source),
    read without following a link; "" when unreadable (no pin can match it)."""
    from ..inventory import LinkError, read_bytes
    from .hashing import normalise_source

    try:
        return hashlib.sha256(normalise_source(read_bytes(repo_root, rel))).hexdigest()
    except (LinkError, OSError, UnicodeDecodeError):
        return ""


def current_pages(content_root: Path, repo_root: Path) -> tuple[tuple[str, str], ...]:
    """Every fixed page of the site now: (repo path, SHA-256), sorted by path."""
    # The pages corpus.find_sources finds: the .md files directly in content/PAGES_DIR; a symlink
    # is never a page (inventory refuses it). Listed here so approval/ need not import corpus.
    folder = content_root / PAGES_DIR
    pages = sorted(p for p in folder.glob("*.md") if p.is_file() and not p.is_symlink()) \
        if folder.is_dir() and not folder.is_symlink() else []
    root = repo_root.resolve()
    paths = [p.resolve().relative_to(root).as_posix() for p in pages]
    pinned = ((path, page_hash(repo_root, path)) for path in paths)
    return tuple(sorted((path, sha) for path, sha in pinned if sha and _safe_path(path)))


def _safe_path(path: str) -> bool:
    """A path that can stand on one line of the signed message."""
    return bool(path) and not any(c in path for c in "\n\r")


def current_policy(settings: Any, roster_raw: bytes, baseline: str, signed_at: str = "",
                   pages: tuple[tuple[str, str], ...] = ()) -> Policy:
    """The policy as the configuration and roster file state it now (to sign or to compare)."""
    a = settings.approval
    return Policy(hashlib.sha256(roster_raw).hexdigest(), tuple(a.stages),
                  tuple(sorted(dict(settings.review.severity).items())), baseline, signed_at,
                  pages=pages)


def load_policy(path: Path) -> Policy | None:
    if not path.is_file() or path.is_symlink():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        pages = tuple(sorted((str(k), str(v)) for k, v in (data.get("pages") or {}).items()))
        if not all(_safe_path(k) and len(v) == 64 for k, v in pages):
            return None
        return Policy(str(data["roster_sha256"]), tuple(str(s) for s in data["stages"]),
                      tuple(sorted((str(k), str(v)) for k, v in (data.get("severity") or {}).items())),
                      str(data.get("baseline") or "-"), str(data["signed_at"]), str(data["signature"]), pages)
    except (yaml.YAMLError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        return None


def verify(policy_path: Path, display: str, settings: Any, roster_raw: bytes,
           anchor: list[sshsig.PublicKey]) -> Policy:
    """The signed policy, checked against the anchor, the roster bytes and the configuration."""
    how = f"请管理员运行 disclose roster sign --key 管理员私钥 重新签名，并提交 {display}"
    policy = load_policy(policy_path)
    if policy is None:
        raise TrustError(f"{display} 不存在或无法读取：名册和审核制度没有管理员签名，拒绝发布。{how}")
    try:
        sshsig.verify(policy.signature, policy.message(), NAMESPACE, anchor)
    except sshsig.SignatureError as exc:
        raise TrustError(f"{display} 的管理员签名无效（{exc}），拒绝发布。{how}") from None
    now_policy = current_policy(settings, roster_raw, policy.baseline)
    if policy.roster_sha256 != now_policy.roster_sha256:
        raise TrustError(f"审核人员名册在管理员签名后被改动过（{display} 记录的名册指纹不符），拒绝发布。{how}")
    if policy.stages != now_policy.stages:
        raise TrustError(f"审核环节配置（DISCLOSE.approval.stages）与管理员签名的 {','.join(policy.stages)} "
                         f"不符，拒绝发布。{how}")
    if policy.severity != now_policy.severity:
        raise TrustError(f"检查规则级别配置（DISCLOSE.review.severity）与管理员签名的不符，拒绝发布。{how}")
    return policy


def sign(policy_path: Path, settings: Any, roster_raw: bytes, key: str | None, baseline: str,
         pages: tuple[tuple[str, str], ...] = ()) -> Policy:
    """Sign the current roster and policy, and the fixed pages as they are now (`pages`, from
    current_pages), with the administrator key and write the file."""
    policy = current_policy(settings, roster_raw, baseline, now(), pages)
    signature = sshsig.sign(policy.message(), NAMESPACE, key)
    data = {"roster_sha256": policy.roster_sha256, "stages": list(policy.stages),
            "severity": dict(policy.severity), "baseline": policy.baseline,
            "signed_at": policy.signed_at, "signature": signature}
    if policy.pages:  # the fixed pages the administrator allows to be published, as they are now
        data = {**{k: v for k, v in data.items() if k != "signature"}, "pages": dict(policy.pages),
                "signature": signature}
    from .records import _Dumper

    policy_path.parent.mkdir(parents=True, exist_ok=True)
    policy_path.write_text(HEADER + yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
    return Policy(**{**policy.__dict__, "signature": signature})


def resolve_commit(repo: Path, rev: str) -> str:
    """The full hash of a commit (for --baseline)."""
    r = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", f"{rev}^{{commit}}"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise TrustError(f"找不到提交“{rev}”")
    return r.stdout.strip()


def verify_site(content_root: Path, settings: Any, trust: str | None) -> Policy:
    """`disclose roster verify`: the site's roster and policy checked against the trust anchor
    (`trust`, else DISCLOSE_TRUST)."""
    from .roster import Roster

    a = settings.approval
    roster_path, policy_path = content_root / a.roster, content_root / a.policy
    roster = Roster.load(roster_path, str(roster_path))
    anchor = resolve_anchor(trust)
    if anchor is None:
        raise TrustError("没有信任锚：请用 --trust 或环境变量 DISCLOSE_TRUST 提供管理员公钥")
    return verify(policy_path, str(policy_path), settings, roster.raw, anchor)


@dataclass(frozen=True)
class Signed:
    """What `sign_site` signed: the policy, where it was written, how many people the roster has."""

    policy: Policy
    path: Path
    people: int


def sign_site(content_root: Path, repo_root: Path, settings: Any, key: str | None,
              baseline: str | None) -> Signed:
    """`disclose roster sign`: sign the site's roster, policy and fixed pages with the
    administrator key; the baseline is `baseline`, else the one signed before, else HEAD."""
    from .roster import Roster

    a = settings.approval
    roster_path, policy_path = content_root / a.roster, content_root / a.policy
    roster = Roster.load(roster_path, str(roster_path))
    old = load_policy(policy_path)
    rev = baseline or (old.baseline if old and old.baseline not in ("", "-") else "HEAD")
    commit = resolve_commit(repo_root, rev)
    try:
        policy = sign(policy_path, settings, roster.raw, key, commit, current_pages(content_root, repo_root))
    except sshsig.SignatureError as exc:
        raise TrustError(f"签名失败：{exc}") from None
    return Signed(policy, policy_path, len(roster.people))
