"""Attack canaries: the check reads the front matter as written, the site shows it as YAML
decodes it. A YAML escape (\\u0031, \\x31) or a folded scalar writes an identifier the check
never sees whole, and the page shows it whole.

Either outcome defends: the check finds the decoded identifier and refuses the review (naming
the rule; the version approved before stays online), or the site does not show it.
"""

from __future__ import annotations

import re
from pathlib import Path

from disclose.build import build_site

from tests.conftest import SiteCopy, commit_all
from tests.test_attack_pii import ID, MOBILE

DOC = "content/a/plan.md"


def _escaped(s: str, every: int = 2) -> str:
    """Every other digit as a YAML double-quoted escape \\uXXXX (YAML 1.2 section 5.7)."""
    return "".join(f"\\u{ord(c):04x}" if i % every == 0 else c for i, c in enumerate(s))


def _approve(site: SiteCopy, paths: tuple[str, ...], rules: tuple[str, ...], *args: str) -> bool:
    """Review and approve; False when the check refuses the review, which must name every rule."""
    for person in ("shencha", "lingdao"):
        for path in paths:
            r = site.approve(path, person, *args)
            if r.returncode != 0 and person == "shencha":
                assert all(f"{rule}@" in r.stderr for rule in rules), r.stderr  # refused by the check
                return False
            assert r.returncode == 0, r.stderr
    commit_all(site.root, "审核记录")
    return True


def _publish(site: SiteCopy, tmp_path: Path, rule: str) -> str:
    commit_all(site.root, "修改")
    _approve(site, (DOC,), (rule,))
    out = tmp_path / "out"
    build_site(site.conf, out)
    page = (out / "xxgk" / "MB0A12342" / "2026-00001.html").read_text(encoding="utf-8")
    assert "测试县民政局" in page
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*")
                     if p.is_file() and p.suffix in (".html", ".json", ".xml", ".txt"))


def test_yaml_escapes_in_summary_do_not_publish_an_id(site: SiteCopy, tmp_path: Path):
    site.replace(DOC, "keywords: 工作计划、养老\n",
                 f'keywords: 工作计划、养老\nsummary: "联系人身份证{_escaped(ID)}"\n')
    published = _publish(site, tmp_path, "pii.id_card")
    assert ID not in published


def test_yaml_folded_summary_does_not_publish_a_mobile(site: SiteCopy, tmp_path: Path):
    site.replace(DOC, "keywords: 工作计划、养老\n",
                 "keywords: 工作计划、养老\nsummary: >-\n  联系电话\n\n\n  " + MOBILE[:3] + "\n\n\n  "
                 + MOBILE[3:7] + "\n\n\n  " + MOBILE[7:] + "\n")
    published = re.sub(r"\s+", "", _publish(site, tmp_path, "pii.mobile"))
    assert MOBILE not in published


def test_yaml_escapes_in_a_dataset_do_not_publish_an_id(site: SiteCopy, tmp_path: Path):
    from tests.test_datasets import DATASET, EMBED
    cell = f'"东镇{_escaped(ID)}"'
    descriptor = (DATASET.replace("csv: jiuzhu.csv\n", f"table: [[{cell}, 30, 12, 12, 54], [西镇, 25, 11, 9, 45], "
                                  "[南镇, 18, 7, 14, 39], [合计, 73, 30, 35, 138]]\n")
                  .replace("summary: 按乡镇分列的临时救助人次。\n",
                           f'summary: 按乡镇分列的临时救助人次。\ndescription: "联系人{_escaped(MOBILE)}"\n'))
    site.write("data/jiuzhu.yml", descriptor)
    site.write("content/a/tongbao.md", EMBED)
    for path in ("data/jiuzhu.yml", "content/a/tongbao.md"):
        assert site.cli("number", path).returncode == 0
    commit_all(site.root, "新增数据集", email="writer@ceshi.example")
    approved = _approve(site, ("data/jiuzhu.yml", "content/a/tongbao.md"), ("pii.id_card", "pii.mobile"),
                        "--opinion", "同意公开。")
    out = tmp_path / "out"
    build_site(site.conf, out)
    index = site.read("data/jiuzhu.yml").split("\n", 1)[0].split(": ")[1]
    assert (out / "files" / index / "data.csv").is_file() == approved  # published only if approved
    published = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*")
                          if p.is_file() and p.suffix in (".html", ".json", ".csv", ".xml"))
    assert ID not in published and MOBILE not in published
