"""`disclose check` contract: JSON shape, SARIF 2.1.0, HTML report, exit codes, no leaks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from disclose.build import build_site

from tests.conftest import SiteCopy

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-2.1.0-rtm.5.json").read_text())
ID, MOBILE, CARD = "110105198512034562", "13812345678", "6228481234567894"
NAME, EMAIL = "陈大勇", "chendayong1985@qq.com"
LEAKY = f"""---
title: 关于临时救助对象的公示
index_no: MB0A12342/2026-00001
category: 工作计划
disclosure: 主动公开
publisher: mzj
created: 2026-01-05
published: 2026-01-09
---

申请人{NAME}，身份证号 {ID}，手机 {MOBILE}，银行卡号 {CARD}，邮箱 {EMAIL}。

| 户主 | 身份证号 | 联系电话 |
| --- | --- | --- |
| {NAME} | {ID} | {MOBILE} |
"""
SECRETS = (ID, MOBILE, CARD, NAME, "chendayong1985", ID[6:14])


@pytest.fixture
def leaky(site: SiteCopy) -> SiteCopy:
    site.write("content/a/plan.md", LEAKY)
    return site


def assert_no_secret(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret} unmasked in {where}"
    digits_only = re.sub(r"[\s-]", "", text)
    assert ID not in digits_only and MOBILE not in digits_only and CARD not in digits_only, where


def test_json_contract(leaky: SiteCopy):
    result = leaky.cli("check", "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert set(report) == {"files", "summary"}
    plan = next(f for f in report["files"] if f["path"] == "content/a/plan.md")
    first = plan["findings"][0]
    assert set(first) == {"rule", "severity", "path", "line", "column", "excerpt", "message", "hint", "accepted"}
    rules = {(f["rule"], f["line"]) for f in plan["findings"]}
    assert {("pii.id_card", 11), ("pii.mobile", 11), ("pii.bank_card", 11), ("pii.email", 11),
            ("pii.name_list", 15), ("stats.microdata", 13)} <= rules
    id_finding = next(f for f in plan["findings"] if f["rule"] == "pii.id_card")
    assert id_finding["severity"] == "block" and id_finding["column"] == 13
    assert "【1101**********4562】" in id_finding["excerpt"]
    assert report["summary"]["block"] >= 6 and report["summary"]["files_blocked"] == 1


def test_sarif_validates_against_the_2_1_0_schema(leaky: SiteCopy):
    result = leaky.cli("check", "--format", "sarif")
    assert result.returncode == 1
    sarif = json.loads(result.stdout)
    jsonschema.validate(sarif, SCHEMA)
    results = sarif["runs"][0]["results"]
    assert any(r["ruleId"] == "pii.id_card" and r["level"] == "error" for r in results)
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] >= 1


def test_clean_site_sarif_also_validates(site: SiteCopy):
    result = site.cli("check", "--format", "sarif")
    assert result.returncode == 0
    jsonschema.validate(json.loads(result.stdout), SCHEMA)


def test_no_unmasked_identifier_in_any_output(leaky: SiteCopy, tmp_path: Path):
    outputs = {}
    for fmt in ("text", "json", "sarif"):
        r = leaky.cli("check", "--format", fmt, "--html", str(tmp_path / f"{fmt}.html"))
        outputs[fmt] = r.stdout + r.stderr
        outputs[f"{fmt}.html"] = (tmp_path / f"{fmt}.html").read_text()
    build = leaky.cli("build", "-o", str(tmp_path / "out"))
    outputs["build log"] = build.stdout + build.stderr
    for where, text in outputs.items():
        assert_no_secret(text, where)


def test_html_report_is_self_contained(leaky: SiteCopy, tmp_path: Path):
    leaky.cli("check", "--html", str(tmp_path / "r.html"))
    html = (tmp_path / "r.html").read_text()
    assert "保密审查报告" in html and "阻止发布" in html and "content/a/plan.md" in html
    assert "必须处理" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "<script" not in html


def test_block_finding_holds_document_back(leaky: SiteCopy, tmp_path: Path):
    result = build_site(leaky.conf, tmp_path / "out")
    reasons = {p: r for p, _, r in result.held_back}
    assert reasons["content/a/plan.md"].startswith("保密检查发现阻止发布的问题：")
    # The edit is held back; the approved version stays online, byte for byte without the leak.
    assert "网站继续显示" in reasons["content/a/plan.md"]
    assert "按季度开展低保动态复核" in (tmp_path / "out/xxgk/MB0A12342/2026-00001.html").read_text()
    for p in (tmp_path / "out").rglob("*"):
        if p.is_file():
            assert_no_secret(p.read_text(errors="replace"), str(p))


def test_broken_front_matter_is_still_checked_for_content(site: SiteCopy):
    site.write("content/a/broken.md", f"没有头部的文件\n\n身份证号 {ID}\n")
    report = json.loads(site.cli("check", "--format", "json").stdout)
    broken = next(f for f in report["files"] if f["path"] == "content/a/broken.md")
    assert {f["rule"] for f in broken["findings"]} == {"meta.front_matter", "pii.id_card"}


def test_usage_errors_exit_2(site: SiteCopy):
    assert site.cli("check", "no/such/path.md").returncode == 2
    assert site.cli("check", "--format").returncode == 2


# ---------------------------------------------------------------- SARIF for code hosts (issue 14)

# What GitHub code scanning needs from an upload, besides the OASIS schema (docs.github.com,
# "SARIF support for code scanning"): tool.driver.name, a rule object per ruleId with
# shortDescription, fullDescription, help (text; markdown shown when present) and helpUri;
# results with message.text and a physical location whose uri is relative to a base id.
GITHUB_RULE_KEYS = {"id", "name", "shortDescription", "fullDescription", "help", "helpUri",
                    "defaultConfiguration"}


def test_sarif_has_help_for_every_rule_and_srcroot_is_the_repository(leaky: SiteCopy):
    result = leaky.cli("check", "--format", "sarif")
    sarif = json.loads(result.stdout)
    jsonschema.validate(sarif, SCHEMA)
    run = sarif["runs"][0]
    assert run["tool"]["driver"]["name"] == "disclose"
    rules = run["tool"]["driver"]["rules"]
    from disclose.review.registry import default_registry

    assert {r.id for r in default_registry()} <= {r["id"] for r in rules}
    for rule in rules:
        assert GITHUB_RULE_KEYS <= set(rule), rule["id"]
        assert rule["help"]["text"].strip() and rule["help"]["markdown"].strip()
        assert rule["id"] in rule["help"]["text"] and rule["help"]["markdown"].startswith("**")
        assert re.match(r"https://[^\s#]+#" + re.escape(rule["id"]) + "$", rule["helpUri"])
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    root = run["originalUriBaseIds"]["SRCROOT"]["uri"]
    assert root == leaky.root.resolve().as_uri() + "/"
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["message"]["text"]
        location = res["locations"][0]["physicalLocation"]["artifactLocation"]
        assert location["uriBaseId"] == "SRCROOT"
        assert not location["uri"].startswith(("/", "file:")), location
        assert (leaky.root / location["uri"]).is_file()


def _no_colour(stdout: str, where: str) -> dict:
    assert "\x1b" not in stdout, f"escape code in {where}: {stdout[:200]!r}"
    return json.loads(stdout)


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_machine_formats_ignore_force_color(leaky: SiteCopy, fmt: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = leaky.cli("check", "--format", fmt)
    data = _no_colour(result.stdout, f"{fmt} with FORCE_COLOR=1")
    if fmt == "sarif":
        jsonschema.validate(data, SCHEMA)


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_machine_formats_on_a_terminal_have_no_colour(leaky: SiteCopy, fmt: str):
    import os
    import pty
    import subprocess
    import sys

    from tests.conftest import TODAY

    master, slave = pty.openpty()
    env = {**os.environ, "DISCLOSE_TODAY": TODAY, "COLUMNS": "200", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen([sys.executable, "-m", "disclose", "-s", str(leaky.conf), "check", "--format", fmt],
                            cwd=leaky.root, env=env, stdout=slave, stderr=subprocess.DEVNULL, stdin=slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(timeout=300) == 1
    out = b"".join(chunks).decode("utf-8").replace("\r\n", "\n")
    data = _no_colour(out, f"{fmt} on a pseudo-terminal")
    if fmt == "sarif":
        jsonschema.validate(data, SCHEMA)


def test_classification_in_front_matter_blocks_through_the_cli(site: SiteCopy):
    """The check skips parsing YAML no rule reads; a 密级 key must still be read (canary)."""
    site.write("content/a/plan.md", LEAKY.split("---\n\n")[0].replace("publisher: mzj", "publisher: mzj\n密级: 机密")
               + "---\n\n关于某项工作的安排。\n")
    site.write("content/a/plan2.md", LEAKY.split("---\n\n")[0]
               .replace("2026-00001", "2026-00002").replace("publisher: mzj", "classification: 秘密\npublisher: mzj")
               + "---\n\n关于另一项工作的安排。\n")
    report = json.loads(site.cli("check", "--format", "json").stdout)
    marks = {(f["path"], f["line"]) for file in report["files"] for f in file["findings"]
             if f["rule"] == "secret.mark" and f["severity"] == "block"}
    assert ("content/a/plan.md", 7) in marks and ("content/a/plan2.md", 6) in marks
