"""Attack canaries: real personal identifiers written so that a reader still reads them, but
the confidentiality check does not find them (independent attacker, 2026-12-02).

Identifiers are valid by an oracle written here from the standards (GB 11643-1999 check
character, ISO/IEC 7812 Luhn), not by the project's validators; 139 is a China Mobile segment.
Each xfail case fails now and passes once the check blocks the trick.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from disclose.build import build_site
from disclose.review import Checker
from disclose.review.attachments import check_file

from tests.conftest import SiteCopy, commit_all

_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def gb11643(first17: str) -> str:
    """GB 11643-1999: weights 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11, 10 written X."""
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, _W, strict=True)) % 11]


def luhn(payload: str) -> str:
    total = 0
    for i, c in enumerate(reversed(payload)):
        d = int(c) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return payload + str((10 - total % 10) % 10)


ID = gb11643("33010219850317123")  # 杭州市上城区, 1985-03-17
CARD = luhn("622202100112345678")  # UnionPay 62, 19 digits
MOBILE = "13912345678"
BLOCKING = {"pii.id_card", "pii.mobile", "pii.bank_card"}
CHECKER = Checker()


def test_oracle():
    assert ID == "330102198503171233" and CARD == "6222021001123456789"
    assert gb11643("11010519491231002") == "11010519491231002X"  # GB 11643's worked example


def _blocks(text: str) -> set[str]:
    return {f.rule for f in CHECKER.check_text("content/a/x.md", text)
            if f.severity.name == "BLOCK"} & BLOCKING


_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_CIRCLED = str.maketrans("0123456789", "⓪①②③④⑤⑥⑦⑧⑨")
_SPOKEN = str.maketrans("0123456789", "洞幺两三四五六拐八勾")  # radio/spoken Chinese digits
_HANGZHOU = str.maketrans("0123456789", "〇〡〢〣〤〥〦〧〨〩")  # Suzhou numerals (U+3021..)


def _groups(s: str, sep: str, sizes=(3, 4, 4)) -> str:
    out, i = [], 0
    for n in sizes:
        out.append(s[i:i + n])
        i += n
    return sep.join(out)


XFAIL = pytest.mark.xfail(strict=True, reason="attack: identifier written this way passes the check")
TRICKS = [
    # HTML collapses any run of white space: 139     1234     5678 is shown as 139 1234 5678.
    pytest.param(_groups(MOBILE, " " * 5), id="five-spaces"),
    pytest.param(_groups(MOBILE, "\t" * 5), id="five-tabs"),
    pytest.param(_groups(MOBILE, "\u3000" * 5), id="five-ideographic-spaces"),
    pytest.param("139" + "\u00a0" * 6 + "12345678", id="six-nbsp"),
    pytest.param(_groups(ID, " " * 5, (6, 8, 4)), id="id-five-spaces"),
    # Separators outside text.SEPARATORS.
    pytest.param(_groups(MOBILE, ","), id="comma"),
    pytest.param(_groups(MOBILE, "，"), id="fullwidth-comma"),
    pytest.param(_groups(MOBILE, "、"), id="enumeration-comma"),
    pytest.param(_groups(MOBILE, ":"), id="colon"),
    pytest.param(_groups(MOBILE, "'"), id="apostrophe"),
    pytest.param(_groups(MOBILE, "+"), id="plus"),
    pytest.param("139【1234】5678", id="lenticular-brackets"),
    pytest.param(",".join(CARD[i:i + 4] for i in range(0, 19, 4)), id="card-comma", marks=XFAIL),
    pytest.param(_groups(ID, "，", (6, 8, 4)), id="id-fullwidth-comma"),
    # Superscript / circled digits in groups shorter than 6 (text._other_digits wants a run of 6).
    pytest.param(" ".join(_groups(MOBILE, " ").translate(_SUP).split()), id="superscript-groups"),
    pytest.param(_groups(MOBILE, " ").translate(_CIRCLED), id="circled-groups"),
    pytest.param(_groups(MOBILE, "-").translate(_CIRCLED), id="circled-groups-hyphen"),
    # Spoken Chinese digits (两 for 2, 拐 7, 勾 9, 洞 0) and Suzhou numerals.
    pytest.param(MOBILE.translate(_SPOKEN), id="spoken-digits"),
    pytest.param("一三九一两三四五六七八", id="liang-for-two"),
    pytest.param(MOBILE.translate(_HANGZHOU), id="suzhou-numerals"),
    # Percent-encoded in a link target (a browser shows the URL decoded on hover and when opened).
    pytest.param("[查询](https://example.gov.cn/q?id=" + "".join(f"%{ord(c):02X}" for c in ID) + ")",
                 id="percent-encoded-link-target"),
    # A Latin prefix glued to the number (scan._trim treats the run as part of a word).
    pytest.param(f"Tel{MOBILE}", id="glued-Tel"),
    pytest.param(f"QQ{MOBILE}", id="glued-QQ"),
    pytest.param(f"ID{ID}", id="glued-ID"),
    pytest.param(f"sfz{ID}", id="glued-sfz"),
    pytest.param(f"m{CARD}", id="glued-card", marks=XFAIL),
    # A trunk 0 before a mobile number (dialled from a landline in some areas): only pii.landline INFO.
    pytest.param(f"0{MOBILE}", id="trunk-zero-mobile"),
    pytest.param("No." + ID, id="held-No-dot"),
    # Held (the product's defences): canaries that must stay blocked.
    pytest.param(_groups(MOBILE, "  "), id="held-two-spaces"),
    pytest.param("[13912](#a)[345678](#b)", id="held-links"),
    pytest.param("一三九一二三四五六七八", id="held-chinese-digits"),
]


@pytest.mark.parametrize("written", TRICKS)
def test_identifier_written_as_a_reader_reads_it_is_blocked(written: str):
    assert _blocks(f"联系人王某某，电话：{written}。\n"), written


ID_5_CELLS = ("| 甲 | 乙 | 丙 | 丁 | 戊 |\n|---|---|---|---|---|\n| "
              + " | ".join([ID[0:4], ID[4:8], ID[8:12], ID[12:16], ID[16:]]) + " |\n")
CARD_CELLS = ("| 甲 | 乙 | 丙 | 丁 | 戊 |\n|---|---|---|---|---|\n| "
              + " | ".join(CARD[i:i + 4] for i in range(0, 19, 4)) + " |\n")


def test_id_over_five_cells_is_blocked():
    assert "pii.id_card" in _blocks(ID_5_CELLS)


@pytest.mark.xfail(strict=True, reason="attack: a bank card over adjacent cells is not joined")
def test_card_over_cells_is_blocked():
    assert "pii.bank_card" in _blocks(CARD_CELLS)


def _published_texts(out: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml", ".txt", ".csv"))


def test_end_to_end_hidden_mobile_reaches_no_published_file(site: SiteCopy, tmp_path: Path):
    """Mobile numbers split by a run of spaces or by commas were approved and published whole.
    (As the attacker wrote it, the test asserted that approval succeeds, so it failed whether
    or not the check blocked; fixed: the approval may be refused, and the published files are
    read either way.)"""
    doc = "content/a/plan.md"
    site.replace(doc, "按季度开展低保动态复核。",
                 "按季度开展低保动态复核。联系人手机 139     1234     5678，备用 139，8876，5432。")
    commit_all(site.root, "修改")
    refused = [site.approve(doc, person).returncode != 0 for person in ("shencha", "lingdao")]
    assert refused[0], "the check found nothing to block"
    if not all(refused):
        commit_all(site.root, "审核记录")
    out = tmp_path / "out"
    build_site(site.conf, out)
    import re
    flat = re.sub(r"\s+", " ", _published_texts(out))  # as a browser shows it
    assert "联系人手机" not in flat  # the version holding the numbers is not published
    assert "139 1234 5678" not in flat and "139，8876，5432" not in flat


def test_id_over_cells_with_an_empty_cell_between_is_blocked():
    table = f"| 姓名 | 甲 | 乙 | 丙 |\n|---|---|---|---|\n| 王某某 | {ID[:10]} |  | {ID[10:]} |\n"
    assert "pii.id_card" in _blocks(table)


def test_held_csv_cell_with_line_breaks_inside_quotes(tmp_path: Path):
    """A quoted CSV cell is one cell however many lines it spans (shown as one line in HTML)."""
    p = tmp_path / "t.csv"
    p.write_bytes(f'姓名,电话,身份证\r\n王某某,"139\r\n1234\r\n5678","{ID[:6]}\n{ID[6:14]}\n{ID[14:]}"\r\n'.encode())
    rules = {f.rule for f in check_file(CHECKER, p, "data/t.csv") if f.severity.name == "BLOCK"}
    assert {"pii.mobile", "pii.id_card"} <= rules


def test_complementary_masks_of_one_mobile_are_blocked():
    text = (f"王某某手机{MOBILE[:3]}****{MOBILE[7:]}。\n\n"
            f"（更正：王某某手机应为{MOBILE[:7]}****。）\n")
    assert "1234" == MOBILE[3:7] and _blocks(text)


def test_masked_id_next_to_its_birth_date_is_blocked():
    born = f"{ID[6:10]}-{ID[10:12]}-{ID[12:14]}"
    table = ("| 姓名 | 身份证号 | 出生日期 |\n|---|---|---|\n"
             f"| 王某某 | {ID[:6]}********{ID[14:]} | {born} |\n")
    found = {f.rule for f in CHECKER.check_text("content/a/x.md", table) if f.severity.name == "BLOCK"}
    assert found & (BLOCKING | {"pii.name_list", "pii.weak_mask"})
