"""The annual report: Table 2 from metadata (checked against an independent count), Tables 3
and 4 from the staff's YAML with the 勾稽关系 enforced."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from tests.conftest import ROOT, clone_sample, run_cli_in_process

COUNTS = "content/_report/mzj-2026.yml"


def independent_table2(year: int) -> tuple[int, int, int]:
    """Count 行政规范性文件 of 江屿市民政局 straight from the sample front matter."""
    issued = abolished = valid = 0
    end = dt.date(year, 12, 31)
    for path in (ROOT / "content").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        meta = yaml.safe_load(text.split("---")[1])
        if str(meta.get("category")) not in ("行政规范性文件", "gfxwj") or \
                str(meta.get("publisher")) not in ("mzj", "江屿市民政局"):
            continue
        created = meta["created"]
        gone = meta.get("abolished")
        issued += created.year == year
        abolished += bool(gone) and gone.year == year
        valid += created <= end and not (gone and gone <= end)
    return issued, abolished, valid


def test_annual_report_table2_matches_the_metadata():
    result = run_cli_in_process(["report", "annual", "--year", "2026", "--publisher", "mzj", "--stdout"], cwd=ROOT)
    assert result.returncode == 0, result.stderr
    row = re.search(r"\| 行政规范性文件 \| (\d+) \| (\d+) \| (\d+) \|", result.stdout)
    assert tuple(map(int, row.groups())) == independent_table2(2026) == (1, 1, 1)
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert f"## {heading}" in result.stdout
    assert "| 一、本年新收政府信息公开申请数量 | 8 | 1 | 0 | 0 | 1 | 0 | 10 |" in result.stdout
    assert "| 4.保护第三方合法权益 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |" in result.stdout
    assert "| （三）不予公开 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |" in result.stdout  # the sum of its sub-rows
    assert "法人或其他组织：商业企业" in result.stdout


def test_requests_that_do_not_add_up_are_rejected(tmp_path: Path):
    import shutil

    site = clone_sample(tmp_path / "clone", keys="fixture")
    text = site.read(COUNTS).replace("结转下年度继续办理:                [1, 0, 0, 0, 0, 0, 1]",
                                     "结转下年度继续办理:                [2, 0, 0, 0, 0, 0, 2]")
    site.write(COUNTS, text)
    result = site.cli("report", "annual", "--year", "2026", "--publisher", "mzj")
    assert result.returncode == 1
    assert "年度报告数据有误，未生成报告" in result.stderr
    assert "“自然人”列不平衡：一+二=9，三(七)+四=10（应相等）" in result.stderr
    shutil.rmtree(site.root / "content" / "_report")
    assert "找不到年度报告数据文件" in site.cli("report", "annual", "--year", "2026", "--publisher", "mzj").stderr


def test_report_is_a_normal_document_awaiting_review(tmp_path: Path):

    site = clone_sample(tmp_path / "clone", keys="fixture")
    result = site.cli("report", "annual", "--year", "2026", "--publisher", "mzj", today="2026-11-23")
    assert result.returncode == 0, result.stderr
    path = next((site.root / "content" / "mzj" / "2026").glob("2026-00011*.md"))
    text = path.read_text(encoding="utf-8")
    assert "title: \"江屿市民政局2026年政府信息公开工作年度报告\"" in text and "category: ndbg" in text
    assert site.cli("check").returncode == 0
