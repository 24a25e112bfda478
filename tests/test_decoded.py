"""The check of values as YAML decodes them and of percent-encoded link targets
(review/decoded.py, via corpus._review and Checker.check_text): canaries and clean twins.

Identifiers come from the standards-based oracle in test_attack_pii (GB 11643, Luhn); the YAML
forms are written here from YAML 1.2 (escapes 5.7, folding 6.5 and 8.1.3, flow sequences 7.4).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from disclose.corpus import _review
from disclose.review import Checker

from tests.test_attack_pii import ID, MOBILE

CHECKER = Checker()


def _hex(s: str) -> str:
    return "".join(f"\\x{ord(c):02x}" for c in s)


def _review_of(tmp_path: Path, name: str, text: str) -> list[tuple[str, str, int]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [(f.rule, str(f.severity), f.line) for f in _review(CHECKER, path, name)]


FRONT = "---\ntitle: 关于养老服务的通知\n{extra}---\n\n正文第一段。\n"


@pytest.mark.parametrize(("extra", "rule", "line"), [
    (f'summary: "身份证{_hex(ID)}"\n', "pii.id_card", 3),
    (f"summary: >\n  电话{MOBILE[:3]}\n\n  {MOBILE[3:7]}\n  {MOBILE[7:]}\n", "pii.mobile", 3),
    (f"summary: 电话{MOBILE[:3]}\n  {MOBILE[3:7]}\n  {MOBILE[7:]}\n", "pii.mobile", 3),  # plain, folded
    (f'summary: "电话{MOBILE[:3]}\n\n{MOBILE[3:7]}\n\n{MOBILE[7:]}"\n', "pii.mobile", 3),  # quoted, column 0
    (f'keywords: ["养老", "身份证{_hex(ID)}"]\n', "pii.id_card", 3),
])
def test_decoded_front_matter_value_is_blocked_at_its_key(tmp_path: Path, extra: str, rule: str, line: int):
    found = _review_of(tmp_path, "a.md", FRONT.format(extra=extra))
    assert (rule, "block", line) in found


@pytest.mark.parametrize("extra", [
    'summary: "养老服务\\u8865贴发放"\n',  # an escape that is no identifier
    "summary: >-\n  第一批 138 户\n\n  第二批 2026 年\n",
    'keywords: ["养老", "补贴"]\n',
    "summary: 补贴标准每人每月 300 元\n",
])
def test_clean_decoded_front_matter_gives_no_finding(tmp_path: Path, extra: str):
    assert [f for f in _review_of(tmp_path, "a.md", FRONT.format(extra=extra)) if f[1] != "info"] == []


def test_an_identifier_written_plainly_is_reported_once(tmp_path: Path):
    found = _review_of(tmp_path, "a.md", FRONT.format(extra=f'summary: "联系电话 {MOBILE}"\n'))
    assert [f for f in found if f[0] == "pii.mobile"] == [("pii.mobile", "block", 3)]


def test_an_inline_table_is_read_as_table_cells(tmp_path: Path):
    # An ID split over two cells of an inline table: joined only if the cells are a table.
    text = f"title: 救助\ntable: [[东镇, \"{ID[:9]}\", \"{ID[9:]}\"], [西镇, 25, 11]]\n"
    assert ("pii.id_card", "block", 2) in _review_of(tmp_path, "x.yml", text)
    clean = "title: 救助\ntable: [[东镇, 30, 12], [西镇, 25, 11], [合计, 55, 23]]\n"
    assert [f for f in _review_of(tmp_path, "x.yml", clean) if f[1] != "info"] == []


def test_percent_encoded_link_target():
    encoded = "".join(f"%{ord(c):02X}" for c in ID)
    found = CHECKER.check_text("x.md", f"第一行。\n[查询](https://example.gov.cn/q?id={encoded})\n")
    assert [(f.rule, f.line) for f in found if str(f.severity) == "block"] == [("pii.id_card", 2)]
    # Percent-encoded Chinese (a search link) and a plain percentage are no identifiers.
    clean = "增长 5%，见[民政](https://example.gov.cn/s?q=%E6%B0%91%E6%94%BF&page=2)。\n"
    assert [f for f in CHECKER.check_text("x.md", clean) if str(f.severity) != "info"] == []


def test_a_number_written_in_hex_is_read_as_shown(tmp_path: Path):
    # YAML 1.1 (PyYAML): 0x… is an int, and a table cell shows it in decimal.
    text = f"title: 救助\ntable: [[东镇, {hex(int(MOBILE))}], [西镇, 25]]\n"
    assert ("pii.mobile", "block", 2) in _review_of(tmp_path, "x.yml", text)


@pytest.mark.parametrize(("front", "differs"), [
    ("title: 关于第1项工作的通知\nindex_no: MB0A12342/2026-00001\ncreated: 2026-03-01\n", False),
    ("keywords:\n- 养老\n- 补贴\n", False),
    ('title: "关于养老服务的通知"\nkeywords: [养老, "补贴"]\n', False),
    ('summary: "电话\\x31"\n', True),
    ("summary: '139''1234''5678'\n", True),
    ("table: [[a, 1], [b, 2]]\n", True),
    ('summary: "电话\n  139"\n', True),
    ('summary: "电话 139\n1234 5678"\n', True),  # PyYAML folds a quoted scalar going on at column 0
    ("密级: 公开\n# 注释\n\n", False),
    ("summary: >-\n  a\n", True),
    (f"phone: {hex(int(MOBILE))}\n", True),
    ("phone: 139_1234_5678\n", True),
    ("n: 1.3912345678e+10\n", True),
    ("t: 1:23:45\n", True),
])
def test_may_differ(front: str, differs: bool):
    from disclose.review.decoded import may_differ

    assert may_differ(front) is differs
