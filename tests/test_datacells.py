"""Canaries for holes an independent attacker found in the confidentiality check:

1. personal data appended to a cell of a dataset's CSV (or its contributors file) must block the
   dataset, located in its cell, like an attachment's CSV;
2. invisible format characters (zero-width, soft hyphen) and numeric character references inside
   a number must not hide it: the document is refused (rule pii.hidden_chars).

Expected findings are written by hand: 11010519491231002X is GB 11643's own worked example,
13812345678 a well-formed mobile number; locations are counted by hand in the sample files.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.conftest import SiteCopy, clone_sample

ID, MOBILE = "11010519491231002X", "13812345678"
PAYLOAD = f" 联系{MOBILE} {ID}"


@pytest.fixture
def sample(tmp_path: Path) -> SiteCopy:
    dest = tmp_path / "sample"
    return clone_sample(dest)


def findings(site: SiteCopy, *args: str) -> tuple[int, set[tuple[str, str, str]], str]:
    result = site.cli("check", "--format", "json", *args, today="2026-11-23")
    report = json.loads(result.stdout)
    got = {(f["rule"], f["path"], f["severity"]) for e in report["files"] for f in e["findings"]}
    return result.returncode, got, result.stdout


def assert_masked(text: str) -> None:
    assert ID not in text and MOBILE not in text and ID[:17] not in text
    assert "1234 5678" not in text and "19491231" not in text


@pytest.mark.parametrize("payload", [PAYLOAD, " 联系138 1234 5678 110105 19491231 002X"], ids=["joined", "grouped"])
def test_personal_data_in_a_dataset_cell_blocks_it(sample: SiteCopy, payload: str):
    csv = "data/mzj-2026q3-linshi-jiuzhu.csv"
    sample.replace(csv, "\n城东街道,", f"\n城东街道{payload},")
    rc, got, out = findings(sample, "data/")
    assert rc == 1
    # Row 2 (first data row), column A (area): both numbers, each on its own.
    assert {("pii.mobile", f"{csv}!A2", "block"), ("pii.id_card", f"{csv}!A2", "block")} <= got, got
    assert_masked(out)
    plain = sample.cli("check", "data/", today="2026-11-23")
    assert plain.returncode == 1 and "pii.id_card" in plain.stdout and "pii.mobile" in plain.stdout
    assert "数据文件 mzj-2026q3-linshi-jiuzhu.csv!A2" in plain.stdout
    assert_masked(plain.stdout)


def test_personal_data_in_a_contributors_file_blocks_the_dataset(sample: SiteCopy):
    detail = "data/rsj-2026-yanglao-jiaofei-mingxi.csv"
    text = sample.read(detail)
    lines = text.splitlines()
    # The last line's value column gets a note with both numbers.
    n = len(lines)
    lines[-1] += PAYLOAD
    sample.write(detail, "\n".join(lines) + "\n")
    rc, got, out = findings(sample, "data/")
    assert rc == 1
    assert {("pii.mobile", f"{detail}!C{n}", "block"), ("pii.id_card", f"{detail}!C{n}", "block")} <= got, got
    assert_masked(out)


def test_clean_sample_data_gives_no_finding(sample: SiteCopy):
    rc, got, _ = findings(sample, "data/")
    assert rc == 0 and got == set()


DOC = """---
title: 关于临时救助对象的公示
index_no: MB0A12342/2026-00001
category: 工作计划
disclosure: 主动公开
publisher: mzj
created: 2026-01-05
published: 2026-01-09
---

联系电话：{a}。

身份证号：{b}。

联系人 {c}。
"""


@pytest.mark.parametrize("hidden", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"],
                         ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_inside_numbers_block(site: SiteCopy, hidden: str):
    mobile = MOBILE[:3] + hidden + MOBILE[3:7] + hidden + MOBILE[7:]
    ident = ID[:6] + hidden + ID[6:14] + hidden + ID[14:]
    site.write("content/a/plan.md", DOC.format(a=mobile, b=ident, c="王科长"))
    rc, got, out = findings(site, "content/a/plan.md")
    assert rc == 1
    assert {("pii.hidden_chars", "content/a/plan.md", "block")} <= got, got
    report = json.loads(out)
    lines = sorted(f["line"] for e in report["files"] for f in e["findings"] if f["rule"] == "pii.hidden_chars")
    assert lines == [11, 13], lines
    assert_masked(out.replace(hidden, ""))


def test_character_references_for_digits_block(site: SiteCopy):
    refs = "".join(f"&#{ord(c)};" for c in MOBILE[:5]) + MOBILE[5:]
    hexrefs = ID[:10] + "".join(f"&#x{ord(c):x};" for c in ID[10:])
    site.write("content/a/plan.md", DOC.format(a=refs, b=hexrefs, c="王科长"))
    rc, got, out = findings(site, "content/a/plan.md")
    assert rc == 1 and ("pii.hidden_chars", "content/a/plan.md", "block") in got, got
    report = json.loads(out)
    lines = sorted(f["line"] for e in report["files"] for f in e["findings"] if f["rule"] == "pii.hidden_chars")
    assert lines == [11, 13], lines


def test_plain_entities_and_cjk_text_stay_clean(site: SiteCopy):
    # &amp; &lt; and a reference to a CJK character or punctuation hide no number.
    site.write("content/a/plan.md", DOC.format(a="A&amp;B 公司", b="&lt;见附件&gt;", c="&#12290;"))
    rc, got, _ = findings(site, "content/a/plan.md")
    assert not any(r == "pii.hidden_chars" for r, _, _ in got), got


def test_format_characters_are_every_cf_character():
    import re
    import sys
    import unicodedata

    from disclose.review.rules.pii_hidden_chars import FORMAT_CHARS

    listed = re.compile(f"[{FORMAT_CHARS}]")
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        assert bool(listed.fullmatch(ch)) == (unicodedata.category(ch) == "Cf"), f"U+{cp:04X}"


def test_approved_dataset_with_numbers_in_a_cell_is_held_back(sample: SiteCopy, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch):
    """The attack end to end: the numbers signed off as they would have been before data cells
    were checked (the check switched off for the approval only) must not reach any output file."""
    from disclose.approval import actions, statements
    from disclose.build import build_site
    from disclose.review import attachments

    from tests.conftest import commit_all

    monkeypatch.setenv("DISCLOSE_TODAY", "2026-11-23")
    sample.sign_git("wangli")
    desc, csv = "data/mzj-2026q3-linshi-jiuzhu.yml", "data/mzj-2026q3-linshi-jiuzhu.csv"
    sample.replace(csv, "\n城东街道,", f"\n城东街道{PAYLOAD},")
    commit_all(sample.root, "更新数据")
    with monkeypatch.context() as m:
        m.setattr(attachments, "check_files", lambda *a, **k: [])
        for person in ("zhouqing", "linzhiyuan"):
            subj = actions.subject(sample.corpus(), desc, person, sample.key(person))
            actions.approve(subj, "", False, statements.now())
    commit_all(sample.root, "审核记录")

    out = tmp_path / "out"
    result = build_site(sample.conf, out)
    held = {p: reason for p, _, reason in result.held_back}
    assert desc in held and "pii.id_card" in held[desc] and "pii.mobile" in held[desc], held
    searched = 0
    for p in out.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            if data[:2] == b"\x1f\x8b":  # Pagefind's index and fragments are gzipped
                data, searched = gzip.decompress(data), searched + 1
            text = data.decode("utf-8", "replace")
            assert ID not in text and MOBILE not in text and ID[:17] not in text, p
    assert searched and (out / "search" / "index.sqlite").is_file(), "both search indexes were read"


def test_dataset_cells_hiding_a_number_block(sample: SiteCopy):
    """Tricks from tests/test_hiding.py through the dataset path: an ID split over two adjacent
    cells, a mobile written with dots. A cell a spreadsheet would run as a formula is no finding
    here (attach.formula is for files published as they are; a dataset's downloads are written
    anew and neutralised: tests/test_inert.py)."""
    csv = "data/mzj-2026q3-linshi-jiuzhu.csv"
    sample.replace(csv, "\n城西街道,39,9,11,17,76", "\n城西街道,110105,19491231002X,11,17,76")
    sample.replace(csv, "\n青山镇,", '\n"=HYPERLINK(""http://example.com"",""详情"")",')
    sample.replace(csv, "\n白沙镇,", "\n白沙镇 138.1234.5678,")
    rc, got, out = findings(sample, "data/")
    assert rc == 1
    assert {("pii.id_card", f"{csv}!B3", "block"), ("pii.mobile", f"{csv}!A5", "block")} <= got, got
    assert "attach.formula" not in {rule for rule, _, _ in got}
    assert_masked(out)
    assert "1234.5678" not in out
