"""Fixed pages (content/pages/*.md) are published only as the administrator signed them.

The attack: any committer, with an unsigned commit under a made-up name, adds a page with the
full text of a 不予公开 document, with `slug: index` to replace the home page. The signed
policy pins every fixed page by path and SHA-256 (approval/trust.py); anything else stays out.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from tests.conftest import SAMPLE_KEYS, SiteCopy, clone_sample, commit_all, git, sign_policy
from tests.test_approval import leaks

CANARY = "鹦鹉螺金丝雀"
ATTACK = f"---\ntitle: 关于\nslug: index\n---\n\n本站已迁移。{CANARY}\n"
GUIDE = "content/pages/zhinan.md"
GUIDE_TEXT = "请向测试县人民政府办公室提出申请"  # the fixture's own page, signed at setup


def unsigned_commit(root: Path) -> None:
    """Commit everything as a made-up person, without any signature."""
    git(root, "add", "-A", email="nobody@example.invalid")
    git(root, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "x", email="nobody@example.invalid")


def published(out: Path, name: str) -> str:
    return (out / name).read_text(encoding="utf-8")


def test_attack_unsigned_page_reaches_no_output(site: SiteCopy, tmp_path: Path):
    site.write("content/pages/about.md", ATTACK)
    unsigned_commit(site.root)
    out = tmp_path / "out"
    result = site.cli("publish", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert leaks(out) == []
    # The generated home page stays; the message names the file and the rule.
    assert "测试县" in published(out, "index.html") and "本站已迁移" not in published(out, "index.html")
    line = next(x for x in result.stderr.splitlines() if "content/pages/about.md" in x)
    assert "approval.page_unsigned" in line and "未发布固定页面" in line and "disclose roster sign" in line
    # The page the administrator signed is still published.
    assert GUIDE_TEXT in published(out, "zhinan.html")
    assert site.cli("publish", "-o", str(tmp_path / "strict"), "--strict").returncode == 1


def test_attack_on_the_sample_site_as_reported(tmp_path: Path):
    """The reported repro, in a clone of this repository with its sample site and demo anchor."""

    dest = tmp_path / "sample"
    sample = clone_sample(dest)
    sample.write("content/pages/about.md", ATTACK)
    unsigned_commit(dest)
    out = tmp_path / "out"
    result = sample.cli("publish", "--output", str(out), "--trust", str(SAMPLE_KEYS / "演示-信任锚.pub"),
                        today="2026-11-23")
    assert result.returncode == 0, result.stderr
    assert (out / "index.html").is_file() and leaks(out) == []
    assert "content/pages/about.md" in result.stderr and "approval.page_unsigned" in result.stderr


def test_signed_page_is_published_and_an_edit_after_signing_is_not(site: SiteCopy, tmp_path: Path):
    site.write("content/pages/about.md", ATTACK.replace(CANARY, "管理员核对过的说明"))
    site.write("content/pages/lianxi.md", "---\ntitle: 联系我们\nslug: lianxi\n---\n\n电话 0000-1234567。\n")
    commit_all(site.root, "固定页面")
    sign_policy(site.root)
    policy = yaml.safe_load(site.read("content/_review/policy.yml"))
    # Independent oracle: the files are LF with one final newline, so their hash is of the raw bytes.
    for rel in ("content/pages/about.md", "content/pages/lianxi.md", GUIDE):
        assert policy["pages"][rel] == hashlib.sha256(site.path(rel).read_bytes()).hexdigest()
    out = tmp_path / "signed"
    result = site.cli("publish", "-o", str(out))
    assert result.returncode == 0 and "approval.page_unsigned" not in result.stderr
    assert "管理员核对过的说明" in published(out, "index.html")  # the signed page replaces the home page
    assert "0000-1234567" in published(out, "lianxi.html")

    # Edits after the signature: a colliding slug falls back to the generated page, another
    # slug is not published at all (not the signed version: the policy holds hashes, not text).
    site.replace("content/pages/about.md", "管理员核对过的说明", CANARY)
    site.replace("content/pages/lianxi.md", "0000-1234567", f"0000-7654321{CANARY}")
    site.replace(GUIDE, "提出申请", f"提出申请。{CANARY}")
    commit_all(site.root, "改页面")  # signed by the staff member: a signed commit is not enough
    out = tmp_path / "edited"
    result = site.cli("publish", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert leaks(out) == []
    assert "测试县" in published(out, "index.html") and "管理员核对过的说明" not in published(out, "index.html")
    assert not (out / "lianxi.html").exists()
    assert (out / "zhinan.html").is_file() and GUIDE_TEXT not in published(out, "zhinan.html")  # generated 指南
    for rel in ("content/pages/about.md", "content/pages/lianxi.md", GUIDE):
        assert f"未发布固定页面 {rel}" in result.stderr

    # The administrator signs again: the edited pages go out.
    sign_policy(site.root)
    out = tmp_path / "resigned"
    assert site.cli("publish", "-o", str(out)).returncode == 0
    assert "0000-7654321" in published(out, "lianxi.html") and CANARY in published(out, "index.html")


def test_attack_pinning_a_page_in_the_policy_file_breaks_its_signature(site: SiteCopy, tmp_path: Path):
    site.write("content/pages/about.md", ATTACK)
    text = site.read("content/_review/policy.yml")
    sha = hashlib.sha256(ATTACK.encode()).hexdigest()
    data = yaml.safe_load(text)
    data["pages"] = {**data.get("pages", {}), "content/pages/about.md": sha}
    site.write("content/_review/policy.yml", yaml.safe_dump(data, allow_unicode=True))
    unsigned_commit(site.root)
    out = tmp_path / "out"
    result = site.cli("publish", "-o", str(out))
    assert result.returncode == 2 and "管理员签名无效" in result.stderr
    assert leaks(out) == []


@pytest.mark.parametrize("trust", ["", "wrong"])
def test_without_a_verified_policy_no_page_is_published(site: SiteCopy, tmp_path: Path, trust: str,
                                                        monkeypatch: pytest.MonkeyPatch):
    """Fail closed: no anchor or a wrong one stops the publish; the staff preview shows the
    pages but lists them as left out of a real build."""
    site.write("content/pages/about.md", ATTACK)
    unsigned_commit(site.root)
    if trust == "wrong":
        wrong = tmp_path / "wrong.pub"
        wrong.write_text((SAMPLE_KEYS / "演示-信任锚.pub").read_text())
        monkeypatch.setenv("DISCLOSE_TRUST", str(wrong))
    else:
        monkeypatch.delenv("DISCLOSE_TRUST")
    out = tmp_path / "out"
    result = site.cli("publish", "-o", str(out))
    assert result.returncode == 2 and not out.exists()
    preview = site.cli("build", "-o", str(tmp_path / "preview"), "--preview")
    assert preview.returncode == 0, preview.stderr
    for rel in ("content/pages/about.md", GUIDE):
        line = next(x for x in preview.stderr.splitlines() if rel in x)
        assert "正式发布时不会发布" in line and "名册和审核制度未经管理员签名核验" in line
