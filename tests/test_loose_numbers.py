"""Numbers split by long white space runs or list marks (scan._loose), and Latin labels glued
before a number (scan._glued): the canaries are in tests/test_attack_pii.py; these are the
clean twins (a list of counts, an invalid check character, a model number) and a few more
canaries. Identifiers come from the standards' algorithms written in the attack test."""

from __future__ import annotations

import pytest
from disclose.review import Checker

from tests.test_attack_pii import ID, MOBILE, gb11643, luhn

CHECKER = Checker()
PII = {"pii.mobile", "pii.id_card", "pii.bank_card"}


def _found(text: str) -> set[tuple[str, str]]:
    return {(f.rule, f.severity.name) for f in CHECKER.check_text("content/a/x.md", text)
            if f.rule in PII and f.severity.name != "INFO"}


BAD_ID = ID[:17] + ("0" if ID[17] != "0" else "1")
CARD = luhn("622202100112345678")


@pytest.mark.parametrize("text", [
    "各乡镇受理件数分别为139、1234、5678件。",            # a list of counts, no phone word
    "三个季度分别为 139，1234，5678 人次。",
    "合计 139     1234     5678\n",                      # table columns in plain text
    f"编号 {BAD_ID[:6]}，{BAD_ID[6:14]}，{BAD_ID[14:]} 不是证件号。",  # check character wrong
    "金额 1,391,234,567 元，比上年增长 12:30。",
    "型号AB13912345678 的设备。",                        # a letter code glued: model number
    f"设备编号XY{ID}。",
    "时间 2026、11、23，地点 139、1234 号。",
])
def test_clean_twins_are_not_flagged(text: str):
    assert _found(text) == set()


@pytest.mark.parametrize("text", [
    f"联系手机：{MOBILE[:3]} \t\u3000\u00a0 {MOBILE[3:7]}\u00a0\u00a0\u00a0\u00a0\u00a0{MOBILE[7:]}",  # mixed run
    f"电话 {MOBILE[:3]}，{MOBILE[3:]}",
    f"身份证号 {ID[:6]}、{ID[6:14]}、{ID[14:]}",
    f"身份证号 {ID[:6]}          {ID[6:]}",
    f"身份证号：SFZH{ID}",
    f"电话：TEL{MOBILE}",
    f"手机 0{MOBILE}",
])
def test_canaries_are_blocked(text: str):
    assert {r for r, s in _found(text) if s == "BLOCK"} & PII, text


def test_card_with_commas_is_found_and_blocks_beside_a_card_word():
    text = ",".join(CARD[i:i + 4] for i in range(0, 19, 4))
    assert ("pii.bank_card", "WARN") in _found(f"号码 {text}。")
    assert ("pii.bank_card", "BLOCK") in _found(f"银行卡号 {text}。")


def test_oracle_check_character():
    assert gb11643(BAD_ID[:17]) != BAD_ID


def test_id_over_cells_with_an_empty_cell_between_needs_its_check_character():
    row = "| 姓名 | 甲 | 乙 | 丙 |\n|---|---|---|---|\n| 王某某 | {} |  | {} |\n"
    assert ("pii.id_card", "BLOCK") in _found(row.format(ID[:10], ID[10:]))
    assert _found(row.format(BAD_ID[:10], BAD_ID[10:])) == set()


@pytest.mark.parametrize(("written", "read"), [
    ("¹³⁹ ¹²³⁴ ⁵⁶⁷⁸", "139 1234 5678"),
    ("①③⑨-①②③④-⑤⑥⑦⑧", "139-1234-5678"),
    ("139 ¹²³⁴ ⁵⁶⁷⁸", "139 1234 5678"),
    ("10³ 10⁴", "10³ 10⁴"),                    # exponents: too few digits
    ("① ② ③ ④ ⑤ ⑥ ⑦ ⑧ ⑨ ①", "① ② ③ ④ ⑤ ⑥ ⑦ ⑧ ⑨ ①"),  # list marks: groups of 1
    ("①②③ ④⑤⑥", "①②③ ④⑤⑥"),                 # 6 digits only
])
def test_superscript_and_circled_digits_in_groups(written: str, read: str):
    from disclose.review.text import normalise
    assert normalise(f"电话：{written}。") == f"电话：{read}。"


@pytest.mark.parametrize("text", [
    "两个月内办结，两两结对帮扶，拐弯处设置勾选框。",
    "一两三天内答复，洞口两侧各设一处。",
])
def test_spoken_digit_characters_in_ordinary_text_are_not_flagged(text: str):
    assert _found(text) == set()


@pytest.mark.parametrize(("header", "date", "blocked"), [
    ("出生日期", f"{ID[6:10]}-{ID[10:12]}-{ID[12:14]}", True),
    ("出生日期", f"{ID[6:10]}年{int(ID[10:12])}月{int(ID[12:14])}日", True),
    ("出生日期", "1985-03-18", False),   # another date: the check character does not fit
    ("申请日期", f"{ID[6:10]}-{ID[10:12]}-{ID[12:14]}", False),  # not a birth date column
])
def test_masked_id_beside_its_birth_date(header: str, date: str, blocked: bool):
    table = (f"| 姓名 | 身份证号 | {header} |\n|---|---|---|\n"
             f"| 王某某 | {ID[:6]}********{ID[14:]} | {date} |\n")
    assert (("pii.id_card", "BLOCK") in _found(table)) is blocked


@pytest.mark.parametrize(("first", "second", "blocked"), [
    ("139****5678", "1391234****", True),
    ("139****5678", "139****5678", False),   # one masking style, said twice
    ("138****5678", "1391234****", False),   # two numbers: shown digits disagree
    ("139****5678", "139****4321", False),   # same hidden digits: nothing more shown
])
def test_two_masks_of_a_mobile_number(first: str, second: str, blocked: bool):
    text = f"王某某手机{first}。\n\n（更正：王某某手机应为{second}。）\n"
    assert (("pii.mobile", "BLOCK") in _found(text)) is blocked
