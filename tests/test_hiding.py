"""Canaries for number-hiding tricks an independent attacker used to get a real identifier past
the confidentiality check, and their clean twins that must stay clean.

Every identifier here is valid by an oracle outside the code under test (tests/oracles.py, written
from GB 11643 and ISO/IEC 7812): 11010519491231002X is GB 11643's own worked example; the second
ID, the bank card and the check characters are computed with the oracle; 13812345678 and
13912345678 are in China Mobile's 138/139 segments (allocated since 1990s; MIIT numbering plan).

Tricks (text): separators other than space and hyphen inside the number (. / _ en and em dash,
U+2212 minus, middle dots, mixtures, runs of them), Markdown emphasis and code splitting it,
look-alike check characters X (Cyrillic, Greek, full-width), digits of other scripts (Arabic-Indic,
Devanagari, mathematical, full-width, superscript), Chinese numerals written digit by digit, and
invisible non-Cf marks (combining grapheme joiner, variation selectors, Hangul filler).
Tricks (files): XLSX formulas, custom number formats, hyperlinks, an ID split over adjacent cells;
a CSV cell that a spreadsheet would run as a formula (attach.formula).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from disclose.review import Checker
from disclose.review.attachments import check_file

from tests import oracles

CHECKER = Checker()
GB_EXAMPLE = "11010519491231002X"
ID2 = "44010619850601111" + oracles.gb11643_check("44010619850601111")  # 广州市越秀区 1985-06-01
CARD = oracles.luhn_complete("622202123456789012")  # 19 digits, UnionPay prefix 62
MOBILE = "13812345678"
BLOCKING = ("pii.id_card", "pii.mobile", "pii.bank_card")


def test_oracle_values():
    assert oracles.resident_id(GB_EXAMPLE) and oracles.resident_id(ID2)
    assert oracles.bank_card(CARD) and len(CARD) == 19
    assert not oracles.resident_id(GB_EXAMPLE[:17] + "1")


def _ascii_digits(text: str) -> str:
    """Every digit of any script as ASCII, Chinese numerals too, other characters dropped."""
    cn = dict(zip("〇零一二三四五六七八九", "00123456789", strict=True))
    out = []
    for ch in text:
        if ch in cn:
            out.append(cn[ch])
        elif unicodedata.digit(ch, None) is not None:
            out.append(str(unicodedata.digit(ch)))
        elif ch == "*":
            out.append("*")
    return "".join(out)


def blocking(text: str) -> set[tuple[str, int]]:
    """(rule, line) of every finding at block; no excerpt or message shows a whole identifier."""
    got = set()
    for f in CHECKER.check_text("t.md", text):
        shown = _ascii_digits(f.excerpt + f.message)
        for secret in (GB_EXAMPLE[:17], ID2[:17], CARD, MOBILE, "19491231", "19850601", "12345678"):
            assert secret not in shown, f"{secret} shown in {f}"
        if str(f.severity) == "block":
            got.add((f.rule, f.line))
    return got


def severities(text: str) -> set[tuple[str, str]]:
    return {(f.rule, str(f.severity)) for f in CHECKER.check_text("t.md", text)
            if str(f.severity) != "info"}


def _split(number: str, sizes: tuple[int, ...], seps: str | list[str]) -> str:
    parts, pos = [], 0
    for size in sizes:
        parts.append(number[pos:pos + size])
        pos += size
    assert pos == len(number)
    seps = list(seps) if isinstance(seps, list) else [seps] * (len(parts) - 1)
    return parts[0] + "".join(s + p for s, p in zip(seps, parts[1:], strict=True))


ID_SIZES = (6, 8, 4)
MOBILE_SIZES = (3, 4, 4)
CARD_SIZES = (4, 4, 4, 4, 3)
SEPARATORS = {
    "dot": ".", "slash": "/", "underscore": "_", "en-dash": "\u2013", "em-dash": "\u2014",
    "minus": "\u2212", "middle-dot": "\u00b7", "katakana-dot": "\u30fb", "bullet": "\u2022",
    "double-space": "  ", "spaced-hyphen": " - ", "nbsp": "\u00a0", "ideographic-space": "\u3000",
    "full-width-slash": "\uff0f", "tab": "\t", "combining-grapheme-joiner": "\u034f",
    "variation-selector": "\ufe0f", "variation-selector-17": "\U000e0100", "hangul-filler": "\u3164",
    "double-underscore": "__", "keycap": "\ufe0f\u20e3",
}


@pytest.mark.parametrize("sep", SEPARATORS.values(), ids=SEPARATORS.keys())
def test_separators_inside_numbers(sep: str):
    text = (f"申请人身份证号{_split(GB_EXAMPLE, ID_SIZES, sep)}，已受理。\n"
            f"联系电话{_split(MOBILE, MOBILE_SIZES, sep)}。\n"
            f"补贴发放至银行卡号{_split(CARD, CARD_SIZES, sep)}。\n"
            f"另一人身份证号{_split(ID2, (4, 4, 4, 4, 2), sep)}。\n")
    assert blocking(text) >= {("pii.id_card", 1), ("pii.mobile", 2), ("pii.bank_card", 3),
                              ("pii.id_card", 4)}


def test_mixed_separators():
    id_mixed = _split(GB_EXAMPLE, (4, 4, 4, 4, 2), [".", "/", "\u2013", "_"])
    mobile_mixed = _split(MOBILE, MOBILE_SIZES, ["\u00b7", "\u2212"])
    text = f"身份证号{id_mixed}。\n手机{mobile_mixed}。\n手机 138 . 1234 / 5678。\n"
    assert blocking(text) >= {("pii.id_card", 1), ("pii.mobile", 2), ("pii.mobile", 3)}


def test_two_numbers_joined_by_dots():
    text = f"联系人 {_split(MOBILE, MOBILE_SIZES, '.')}.{_split(GB_EXAMPLE, ID_SIZES, '.')}\n"
    assert blocking(text) >= {("pii.id_card", 1), ("pii.mobile", 1)}


EMPHASIS = {
    "strong": "1101**0519**491231002X", "em": "1101*0519*491231002X",
    "code": "1101`0519`491231002X", "strike": "1101~~0519~~491231002X",
    "underscore": "1101_0519_491231002X", "strong-underscore": "1101__0519__491231002X",
    "strong-check": "11010519491231002**X**", "strong-tail": "110105**19491231002X**",
}


@pytest.mark.parametrize("written", EMPHASIS.values(), ids=EMPHASIS.keys())
def test_markdown_emphasis_splitting_an_id(written: str):
    assert ("pii.id_card", 1) in blocking(f"申请人 {written} 已登记。\n")


def test_markdown_emphasis_splitting_a_mobile():
    assert ("pii.mobile", 1) in blocking("电话 138**1234**5678，请联系。\n")


LOOKALIKE_X = {"cyrillic-upper": "\u0425", "cyrillic-lower": "\u0445", "greek-upper": "\u03a7",
               "greek-lower": "\u03c7", "full-width": "\uff38", "roman-ten": "\u2169"}


@pytest.mark.parametrize("x", LOOKALIKE_X.values(), ids=LOOKALIKE_X.keys())
def test_lookalike_check_character(x: str):
    assert GB_EXAMPLE.endswith("X")
    assert ("pii.id_card", 1) in blocking(f"身份证号码{GB_EXAMPLE[:17]}{x}。\n")
    assert ("pii.id_card", 1) in blocking(f"身份证号码 {GB_EXAMPLE[:6]} {GB_EXAMPLE[6:14]} {GB_EXAMPLE[14:17]}{x}\n")


def _in_script(number: str, zero: int) -> str:
    return "".join(chr(zero + int(c)) if c.isdigit() else c for c in number)


SCRIPTS = {"arabic-indic": 0x0660, "extended-arabic-indic": 0x06F0, "devanagari": 0x0966,
           "bengali": 0x09E6, "thai": 0x0E50, "full-width": 0xFF10, "math-bold": 0x1D7CE,
           "math-monospace": 0x1D7F6}


@pytest.mark.parametrize("zero", SCRIPTS.values(), ids=SCRIPTS.keys())
def test_digits_of_other_scripts(zero: int):
    assert int(_in_script("138", zero)) == 138  # what the attacker relies on: int() reads them
    text = (f"身份证号{_in_script(GB_EXAMPLE, zero)}。\n电话{_in_script(MOBILE, zero)}。\n"
            f"银行卡号{_in_script(CARD, zero)}\n")
    assert blocking(text) >= {("pii.id_card", 1), ("pii.mobile", 2), ("pii.bank_card", 3)}


def test_mixed_scripts_in_one_number():
    mixed = GB_EXAMPLE[:6] + _in_script(GB_EXAMPLE[6:10], 0x0660) + _in_script(GB_EXAMPLE[10:14], 0x0966) \
        + GB_EXAMPLE[14:]
    assert ("pii.id_card", 1) in blocking(f"身份证号{mixed}。\n")


def test_superscript_and_circled_digits():
    sup = dict(zip("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", strict=True))
    assert ("pii.mobile", 1) in blocking("电话" + "".join(sup[c] for c in MOBILE) + "\n")


CN = dict(zip("0123456789", "〇一二三四五六七八九", strict=True))


def test_chinese_numerals_written_as_a_number():
    assert ("pii.mobile", 1) in blocking("电话1381234567八，电话138一二三四5678\n")  # mixed with digits
    assert ("pii.mobile", 1) in blocking("联系电话" + "".join(CN[c] for c in MOBILE) + "。\n")
    cn_id = "".join(CN.get(c, c) for c in GB_EXAMPLE)  # 一一〇一〇五一九四九一二三一〇〇二X
    assert ("pii.id_card", 1) in blocking(f"身份证号{cn_id}。\n")
    zero_as_ling = "".join(CN[c] for c in MOBILE).replace("〇", "零")
    assert ("pii.mobile", 1) in blocking(f"电话：{zero_as_ling}\n")
    financial = dict(zip("0123456789", "零壹贰叁肆伍陆柒捌玖", strict=True))
    assert ("pii.mobile", 1) in blocking("电话" + "".join(financial[c] for c in MOBILE) + "\n")
    circle_zero = "".join(CN.get(c, c) for c in GB_EXAMPLE).replace("〇", "○")
    assert ("pii.id_card", 1) in blocking(f"证号{circle_zero}\n")
    spaced = " ".join("".join(CN[c] for c in MOBILE[a:b]) for a, b in ((0, 3), (3, 7), (7, 11)))
    assert ("pii.mobile", 1) in blocking(f"电话：{spaced}\n")


def test_markdown_escapes_split_a_number():
    assert blocking("电话138\\.1234\\.5678；证号 110105\\-19491231\\-002X\n") >= {("pii.mobile", 1), ("pii.id_card", 1)}


def test_markdown_links_split_a_number():
    text = ("电话[1381234](#)5678，详见[附件](files/a.pdf)\n"
            "证号[110105](http://a.cn/x_(1))[19491231](#)002X。\n")
    assert blocking(text) >= {("pii.mobile", 1), ("pii.id_card", 2)}
    assert severities("见[第1号](a.md)和[第2号](b.md)，[2026](x.md)年[11](y.md)月\n") == set()


REFERENCES = {"nbsp": "&nbsp;", "ndash": "&ndash;", "dot": "&#46;", "middot": "&middot;",
              "hex-space": "&#x20;", "chain": "&nbsp;&nbsp;", "no-semicolon": "&#32"}


@pytest.mark.parametrize("ref", REFERENCES.values(), ids=REFERENCES.keys())
def test_character_references_between_digits_block(ref: str):
    assert ("pii.hidden_chars", 1) in blocking(f"电话138{ref}1234{ref}5678\n")


def test_character_references_elsewhere_are_fine():
    assert severities("A&amp;B 公司，2026&nbsp;年，第 1&nbsp;条；&lt;注&gt;\n") == set()


def test_offsets_still_point_at_the_number():
    line = f"第二行，申请人（一户）身份证号 {_split(GB_EXAMPLE, ID_SIZES, '.')} 已受理"
    f = next(f for f in CHECKER.check_text("t.md", f"标题\n{line}\n") if f.rule == "pii.id_card")
    assert f.line == 2 and f.column == line.index("110105") + 1
    assert f.end_column - f.column == len(_split(GB_EXAMPLE, ID_SIZES, "."))
    assert "身份证号" in f.excerpt and "已受理" in f.excerpt


# ------------------------------------------------------------------ clean twins (must not flag)

CLEAN = [
    "会议于2026.11.23召开，2026/11/23发文，时间2026.1.1—2026.12.31。",
    "1993.09—1997.07 在某大学学习；1995.10—2000.7 任某县科员；1997.7–2001.9 任科长。",
    "2021–2025年规划，2016—2020年，1949–2026，第1234–1256页。",
    "项目总投资138123456.78元，其中财政资金1,381,234,567.89元，合计13812345.67万元。",
    "闽政〔2026〕12号，索引号11350100-0030-2026-00012，文号 榕民〔2026〕138号。",
    "办公电话0591-87654321，传真0591-87654322，服务热线12345、95588、400-810-8888。",
    "圆周率约3.14，即3.14159265358；东经131.12345678，北纬26.07416667。",
    "软件版本V2.3.15，固件 v13.8.1234.5678，接口IP 172.16.10.100 和 192.168.100.200。",
    "比例为1/2、3/4，配比3:1；增速分别为13.8/14.2/15.1/16.7%；17.3/18.2/19.5/13.9/14.4/15.6/16.1/17.8。",
    "χ²=13.81，P<0.05；规格30×40×50厘米；面积10³平方米；m²。",
    "统一一体化推进，二〇二六年十一月二十三日，二○二六年，第一、二、三、四、五、六、七、八、九、十条。",
    "金额人民币壹拾贰万叁仟肆佰伍拾陆元整，一五一十地说明，三三两两，七七八八。",
    "①申请；②审核；③公示；④发放。",
    "脱敏示例：330802********1234、138****5678、6222 **** **** 1234。",
    "**2026年**工作要点；*第一季度*完成；`config_v2_final`；~~旧规定~~已废止。",
    "资金文件_20261123_153012.pdf，编号 2026_11_23_001。",
    "表 3.1.2.1 与表 3.1.2.2；章节 1.2.3.4.5.6.7.8.9.10。",
]


@pytest.mark.parametrize("text", CLEAN, ids=range(len(CLEAN)))
def test_clean_twins_stay_clean(text: str):
    assert severities(text + "\n") == set()


# ------------------------------------------------------------------ spreadsheets and CSV

def found(path: Path) -> set[tuple[str, str, str]]:
    rel = f"content/a/files/{path.name}"
    out = set()
    for f in check_file(CHECKER, path, rel):
        shown = _ascii_digits(f.excerpt + f.message + f.path)
        assert GB_EXAMPLE[:17] not in shown and "19491231" not in shown and MOBILE not in shown, f
        out.add((f.rule, f.path[len(rel):].lstrip("!"), str(f.severity)))
    return out


def rules_at(path: Path) -> set[tuple[str, str]]:
    return {(r, where.split("（")[0]) for r, where, sev in found(path) if sev == "block"}


def _workbook():
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["序号", "事项", "备注"])
    return wb, ws


def _save(wb, path: Path) -> Path:
    wb.save(path)
    return path


def test_xlsx_formula_concatenating_the_number(tmp_path: Path):
    wb, ws = _workbook()
    ws["B2"] = '="1101"&"0519"&"491231002X"'
    ws["B3"] = '=CONCATENATE("138","1234",5678)'
    ws["B4"] = "=SUM(A1:A3)"
    assert {("pii.id_card", "名单!B2"), ("pii.mobile", "名单!B3")} <= rules_at(_save(wb, tmp_path / "f.xlsx"))


def test_xlsx_formula_cached_value(tmp_path: Path):
    """A formula over other cells: the number exists only in the value Excel cached in the file."""
    wb, ws = _workbook()
    ws["B2"] = "=Z9&Z10"
    path = _save(wb, tmp_path / "cached.xlsx")
    # openpyxl writes no cached value; add the one Excel would have saved (<v> after <f>).
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb'<c r="B2"([^>]*)><f>Z9&amp;Z10</f><v\s*/?>(?:</v>)?',
                                  b'<c r="B2" t="str"><f>Z9&amp;Z10</f><v>' + GB_EXAMPLE.encode() + b"</v>", data)
                assert n == 1, data[:2000]
            dst.writestr(item, data)
    path.write_bytes(buf.getvalue())
    assert ("pii.id_card", "名单!B2") in rules_at(path)


def test_xlsx_custom_number_format_shows_the_number(tmp_path: Path):
    wb, ws = _workbook()
    ws["B2"] = 1949123100
    ws["B2"].number_format = '"110105"0"2X"'  # shows 110105 1949123100 2X
    ws["B3"] = 12345678
    ws["B3"].number_format = '"138"00000000'
    ws["B4"] = "0519491231002X"
    ws["B4"].number_format = '"1101"@'
    ws["B5"] = 5678
    ws["B5"].number_format = '\\1\\3\\8\\1\\2\\3\\40000'
    got = rules_at(_save(wb, tmp_path / "fmt.xlsx"))
    assert {("pii.id_card", "名单!B2"), ("pii.mobile", "名单!B3"), ("pii.id_card", "名单!B4"),
            ("pii.mobile", "名单!B5")} <= got, got


def test_xlsx_hyperlink_carries_the_number(tmp_path: Path):
    wb, ws = _workbook()
    ws["B2"] = "查看详情"
    ws["B2"].hyperlink = f"https://example.com/query?sfzh={GB_EXAMPLE}&tel={MOBILE}"
    got = rules_at(_save(wb, tmp_path / "link.xlsx"))
    assert ("pii.id_card", "名单!B2") in {(r, w.split(" ")[0]) for r, w in got}, got
    assert "pii.mobile" in {r for r, _ in got}


def test_xlsx_id_split_over_adjacent_cells(tmp_path: Path):
    wb, ws = _workbook()
    ws.append([1, "110105", "19491231", "002X"])
    ws.append([2, ID2[:6], ID2[6:]])
    got = rules_at(_save(wb, tmp_path / "split.xlsx"))
    assert {("pii.id_card", "名单!B2"), ("pii.id_card", "名单!B3")} <= got, got


def test_csv_id_split_over_adjacent_cells(tmp_path: Path):
    p = tmp_path / "split.csv"
    p.write_text(f"序号,甲,乙\n1,{GB_EXAMPLE[:6]},{GB_EXAMPLE[6:]}\n", encoding="utf-8")
    assert ("pii.id_card", "B2") in rules_at(p)


def test_clean_workbook_with_formulas_formats_links_and_numbers(tmp_path: Path):
    wb, ws = _workbook()
    rows = [[f"{i}", 1234 * i, 5678 * i, 91011 * i, 121314 * i, 151617 * i] for i in range(1, 40)]
    for row in rows:
        ws.append(row)
    ws.append(["合计", "=SUM(B2:B40)", "=ROUND(C2*100,2)", '=IF(D2>0,"是","否")', "=TEXT(E2,\"0.00\")", 0.1234])
    ws["F41"].number_format = "0.00%"
    ws["B42"] = 44927
    ws["B42"].number_format = "yyyy-mm-dd"
    ws["C42"] = 1234567.891
    ws["C42"].number_format = '#,##0.00" 元"'
    ws["D42"] = "政府网站"
    ws["D42"].hyperlink = "https://www.gov.cn/zhengce/2026-11/23/content_1234567.htm"
    assert found(_save(wb, tmp_path / "clean.xlsx")) == set()


FORMULA_CELLS = {
    "equals": '=HYPERLINK("http://example.com/x","点击领取")',
    "plus": "+1+2", "minus": "-2+3+cmd|' /C calc'!A0", "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1", "full-width": "＝1+1", "space-then-equals": "  =1+1",
}


@pytest.mark.parametrize("cell", FORMULA_CELLS.values(), ids=FORMULA_CELLS.keys())
def test_csv_cell_that_would_run_as_a_formula_blocks(cell: str, tmp_path: Path):
    p = tmp_path / "data.csv"
    quoted = '"' + cell.replace('"', '""') + '"'
    p.write_text(f"地区,数量,备注\n城东,12,正常\n城西,8,{quoted}\n", encoding="utf-8")
    got = found(p)
    assert ("attach.formula", "C3", "block") in got, got
    f = next(f for f in check_file(CHECKER, p, "d/data.csv") if f.rule == "attach.formula")
    assert "C3" in f.path and "公式" in f.message


def test_tsv_formula_cell_blocks(tmp_path: Path):
    p = tmp_path / "data.tsv"
    p.write_text("地区\t数量\n城东\t=1+1\n", encoding="utf-8")
    assert ("attach.formula", "B2", "block") in found(p)


def test_csv_numbers_dashes_and_text_are_not_formulas(tmp_path: Path):
    p = tmp_path / "clean.csv"
    p.write_text("地区,增长,备注,金额\n城东,-3.5,-,\"-1,234.50\"\n城西,+2.1%,—,1.2E+5\n城南,-12%,--,-0\n",
                 encoding="utf-8")
    assert found(p) == set()


def test_a_group_glued_to_a_word_does_not_hide_the_number_after_it():
    """A run of groups touching a letter was dropped whole: `A1 11010519491231002X`."""
    text = (f"编号A1 {GB_EXAMPLE}\n住址1A {_split(MOBILE, MOBILE_SIZES, ' ')}\n"
            f"{_split(GB_EXAMPLE, ID_SIZES, '.')} 2B栋\n")
    assert blocking(text) >= {("pii.id_card", 1), ("pii.mobile", 2), ("pii.id_card", 3)}
    assert severities(f"型号AB{MOBILE}、{MOBILE}CD、X{GB_EXAMPLE}\n") == set()


def test_every_digit_of_this_unicode_is_read():
    """Digits of other scripts (Nd) are read alone; superscript, circled and similar digits (No)
    in a run of 6. unicodedata of this Python is the oracle: a newer Unicode that adds digits in
    new ranges fails here, not silently in the check."""
    from disclose.review.text import normalise

    every = "".join(map(chr, range(0x80, 0x110000)))
    digits = [c for c in every if unicodedata.digit(c, None) is not None]
    assert len(digits) > 700
    for c in digits:
        d = str(unicodedata.digit(c))
        if unicodedata.category(c) == "Nd":
            assert normalise(f"号{c}号") == f"号{d}号", hex(ord(c))
        else:
            assert normalise(f"号{c}号") == f"号{c}号", hex(ord(c))
            assert normalise(f"号{c * 6}号") == f"号{d * 6}号", hex(ord(c))
    assert normalise("号1\U000e0100号") == "号1\ufe0f号"


def test_normalised_text_keeps_every_offset():
    from disclose.review.text import normalise

    raw = ("电话一三八一二三四五六七八，证号١١٠١٠٥١٩٤٩١٢٣١٠٠٢X，𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖，¹³⁸¹²³⁴⁵⁶⁷⁸，"
           "１３８，统一一体化，10³，①②，二〇二六年")
    norm = normalise(raw)
    assert len(norm) == len(raw)
    # Chinese numerals stay in the text (the scan reads them): 统一一体化 is text for every rule.
    assert "电话一三八一二三四五六七八，证号11010519491231002X，13812345678，13812345678，138，" in norm
    assert norm.endswith("统一一体化，10³，①②，二〇二六年")


def test_id_split_over_cells_of_a_markdown_table():
    text = ("| 序号 | 证号前段 | 证号后段 | 备注 |\n| --- | --- | --- | --- |\n"
            f"| 1 | {GB_EXAMPLE[:6]} | {GB_EXAMPLE[6:]} | 无 |\n| 2 | {ID2[:10]} | {ID2[10:]} | 无 |\n")
    assert blocking(text) >= {("pii.id_card", 3), ("pii.id_card", 4)}
    counts = "| 地区 | 甲 | 乙 | 丙 |\n| --- | --- | --- | --- |\n" + "".join(
        f"| 区{i} | {123456 * i} | {654321 * i} | {111111 * i} |\n" for i in range(1, 30))
    assert severities(counts) == set()


def test_line_breaks_and_parentheses_inside_a_number():
    """A Markdown paragraph shows a line break as a space: 138⏎1234⏎5678 is read 138 1234 5678."""
    assert ("pii.mobile", 2) in blocking("联系方式\n电话138\n1234\n5678，请联系。\n")
    assert ("pii.id_card", 1) in blocking(f"证号{GB_EXAMPLE[:9]}\n{GB_EXAMPLE[9:]}。\n")
    assert blocking("电话（138）12345678；电话(138) 1234 5678\n") >= {("pii.mobile", 1)}
    assert len([f for f in CHECKER.check_text("t.md", "电话（138）12345678；电话(138) 1234 5678\n")
                if f.rule == "pii.mobile"]) == 2


def test_line_breaks_between_ordinary_numbers_stay_clean():
    text = ("项目编号 2026\n1. 目的：全年完成 12 项。\n2. 范围：2021—2025\n2026—2030 两个阶段。\n"
            "（一）2026年\n（二）2027年\n表 3.1\n3.2 节\n办公电话 0591-87654321\n0591-87654322\n")
    assert severities(text) == set()
    # Each line's office number is still listed (info), as before line breaks joined numbers.
    landlines = [f.line for f in CHECKER.check_text("t.md", text) if f.rule == "pii.landline"]
    assert landlines == [9, 10]


def _with_parts(path: Path, parts: dict[str, str]) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        for name, xml in parts.items():
            dst.writestr(name, xml)
    path.write_bytes(buf.getvalue())
    return path


def test_xlsx_text_box_pivot_cache_and_threaded_comment(tmp_path: Path):
    """Parts openpyxl does not read: a shape's text, a pivot cache's source rows (kept after the
    source sheet is deleted), a threaded comment."""
    wb, _ = _workbook()
    path = _with_parts(_save(wb, tmp_path / "parts.xlsx"), {
        "xl/drawings/drawing1.xml": f'<xdr:wsDr><xdr:sp><xdr:txBody><a:p><a:r><a:t>申请人 {GB_EXAMPLE}</a:t>'
                                    "</a:r></a:p></xdr:txBody></xdr:sp></xdr:wsDr>",
        "xl/pivotCache/pivotCacheRecords1.xml": f'<pivotCacheRecords><r><s v="张三"/><n v="{MOBILE}"/></r>'
                                                "</pivotCacheRecords>",
        "xl/threadedComments/threadedComment1.xml": f"<ThreadedComments><threadedComment><text>核对 {ID2}"
                                                    "</text></threadedComment></ThreadedComments>",
        "xl/drawings/vmlDrawing9.vml": f"<xml><v:shape><v:textbox><div>电话 {MOBILE}</div></v:textbox>"
                                       "<x:ClientData><x:Row>3</x:Row><x:Column>2</x:Column></x:ClientData>"
                                       "</v:shape></xml>",
    })
    got = {(r, w) for r, w, sev in found(path) if sev == "block"}
    assert {("pii.id_card", "文件部件 xl/drawings/drawing1.xml"),
            ("pii.mobile", "文件部件 xl/pivotCache/pivotCacheRecords1.xml"),
            ("pii.id_card", "文件部件 xl/threadedComments/threadedComment1.xml"),
            ("pii.mobile", "文件部件 xl/drawings/vmlDrawing9.vml")} <= got, got


def test_xlsx_data_validation_list(tmp_path: Path):
    from openpyxl.worksheet.datavalidation import DataValidation

    wb, ws = _workbook()
    dv = DataValidation(type="list", formula1=f'"{GB_EXAMPLE},{ID2}"', prompt=f"联系 {MOBILE}")
    dv.add("B2")
    ws.add_data_validation(dv)
    got = {r for r, w in rules_at(_save(wb, tmp_path / "dv.xlsx")) if "数据验证" in w}
    assert {"pii.id_card", "pii.mobile"} <= got, got


def test_xls_custom_number_format_shows_the_number(tmp_path: Path):
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("名单")
    sheet.write(0, 0, "序号")
    sheet.write(0, 1, "事项")
    sheet.write(1, 1, 12345678, xlwt.easyxf(num_format_str='"138"00000000'))
    sheet.write(2, 1, 1949123100, xlwt.easyxf(num_format_str='"110105"0"2X"'))
    path = tmp_path / "fmt.xls"
    book.save(str(path))
    got = rules_at(path)
    assert {("pii.mobile", "名单!B2"), ("pii.id_card", "名单!B3")} <= got, got


def test_rows_of_numbers_on_lines_are_not_joined_into_identifiers():
    rows = "\n".join(f"{2000 + i} {1381234 + 1111 * i} {1491234 + 2222 * i}" for i in range(12))
    assert severities(f"年份 甲 乙\n{rows}\n") == set()


def test_line_breaks_join_numbers_only_in_markdown():
    """A PDF page's or a text file's lines are rows: 1381234⏎2022 is two values there."""
    text = "合计 1381234\n2022 年\n"
    assert not [f for f in CHECKER.check_text("a.txt", text) if f.rule == "pii.mobile"]
    assert not [f for f in CHECKER.check_text("a.md", "电话138\n\n1234 5678\n") if f.rule == "pii.mobile"]
    assert [f for f in CHECKER.check_text("a.md", "电话138\n1234 5678\n") if f.rule == "pii.mobile"]


def test_mobile_split_over_cells_of_a_person_table():
    text = ("| 姓名 | 电话前段 | 电话中段 | 电话后段 |\n| --- | --- | --- | --- |\n"
            "| 张** | 138 | 1234 | 5678 |\n| 李** | 1391234 | 5678 | 无 |\n")
    assert blocking(text) >= {("pii.mobile", 3), ("pii.mobile", 4)}
    counts = "| 地区 | 甲 | 乙 | 丙 |\n| --- | --- | --- | --- |\n" + "".join(
        f"| 区{i} | 138 | {1234 + i} | {5678 + i} |\n" for i in range(1, 30))
    assert severities(counts) == set()  # a table of counts, not of persons
