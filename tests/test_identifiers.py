"""Identifiers against truth from outside the code under test (issue 14).

Three sources, none of them the functions under test: published examples and other projects'
test values (tests/vectors.py), oracles written from the standards (tests/oracles.py), and
Hypothesis, which generates numbers that the rule and the oracle must judge alike.
"""

from __future__ import annotations

import datetime as dt

import pytest
from disclose.orgcode import is_valid_uscc
from disclose.review import Checker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import oracles, vectors

CHECKER = Checker()
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def findings(text: str, rule: str) -> list[str]:
    """Severities of the findings of one rule in a text."""
    return [str(f.severity) for f in CHECKER.check_text("v.md", text) if f.rule == rule]


# ------------------------------------------------------------ the oracles agree with the sources


@pytest.mark.parametrize(("number", "expected"), vectors.RESIDENT_IDS)
def test_id_oracle_agrees_with_published_values(number, expected):
    assert oracles.resident_id(number) is expected


@pytest.mark.parametrize(("number", "expected"), vectors.LUHN)
def test_luhn_oracle_agrees_with_stdnum_tests(number, expected):
    assert oracles.luhn_valid(number) is expected


@pytest.mark.parametrize(("number", "expected"), vectors.BANK_CARDS)
def test_card_oracle_agrees_with_published_values(number, expected):
    assert oracles.bank_card(number) is expected


@pytest.mark.parametrize(("code", "expected"), vectors.USCC)
def test_uscc_oracle_agrees_with_stdnum_tests(code, expected):
    assert oracles.uscc_valid(code) is expected


def test_oracles_weights_are_the_standards_formulas():
    # GB 11643 defines W_i = 2^(i-1) mod 11 (i counted from the right, 18..2); GB 32100 3^(i-1) mod 31.
    assert oracles.GB11643_WEIGHTS == tuple(2 ** (17 - i) % 11 for i in range(17))
    assert oracles.USCC_WEIGHTS == tuple(3 ** i % 31 for i in range(17))


# ------------------------------------------------------------ the rules on the external values


@pytest.mark.parametrize(("number", "expected"), vectors.RESIDENT_IDS)
def test_id_rule_on_published_values(number, expected):
    got = findings(f"经核查，申请人的公民身份号码为{number}，已受理。\n", "pii.id_card")
    assert got == (["block"] if expected else [])


@pytest.mark.parametrize(("number", "expected"), vectors.LEGACY_IDS)
def test_legacy_rule_on_published_values(number, expected):
    got = findings(f"申请人身份证号码 {number}，已受理。\n", "pii.id_card_legacy")
    assert got == (["warn"] if expected else [])


@pytest.mark.parametrize(("number", "expected"), vectors.BANK_CARDS)
def test_card_rule_on_published_values(number, expected):
    got = findings(f"补贴发放至本人银行卡号 {number}，请查收。\n", "pii.bank_card")
    assert got == (["block"] if expected else [])


@pytest.mark.parametrize(("code", "expected"), vectors.USCC)
def test_uscc_on_published_values(code, expected):
    assert is_valid_uscc(code) is expected
    got = findings(f"个体工商户（统一社会信用代码 {code}）违反规定。\n", "pii.uscc_personal")
    assert got == (["warn"] if expected and code.startswith("92") else [])


@pytest.mark.parametrize(("number", "expected"), vectors.MOBILES)
def test_mobile_rule_on_published_values(number, expected):
    got = findings(f"联系人手机：{number}。\n", "pii.mobile")
    assert got == (["block"] if expected else [])


@pytest.mark.parametrize("number", vectors.LANDLINES)
def test_landline_in_a_person_table_blocks(number):
    text = f"| 姓名 | 电话 |\n| --- | --- |\n| 张** | {number} |\n"
    assert findings(text, "pii.landline") == ["block"]


@pytest.mark.parametrize("plate", vectors.PLATES)
def test_plate_with_an_owner_warns(plate):
    assert findings(f"车主驾驶的{plate}号小型汽车违规停放。\n", "pii.plate") == ["warn"]


@pytest.mark.parametrize("number", vectors.PASSPORTS)
def test_passport_with_context_warns(number):
    assert findings(f"当事人护照号码 {number}。\n", "pii.passport") == ["warn"]


# ------------------------------------------------------------ Hypothesis: rule vs oracle

TODAY = dt.date.today()
provinces = st.sampled_from(sorted(oracles.PROVINCES))
# Mostly real dates, sometimes impossible ones (the contract refuses them).
dates = st.one_of(st.dates(dt.date(1900, 1, 1), TODAY).map(lambda d: d.strftime("%Y%m%d")),
                  st.from_regex(r"\A(18|19|20)[0-9]{2}(0[0-9]|1[0-3])([0-3][0-9])\Z"))
check_chars = st.sampled_from("0123456789X")


@st.composite
def id_shaped(draw) -> str:
    body = (f"{draw(provinces):02d}{draw(st.integers(0, 9999)):04d}{draw(dates)}"
            f"{draw(st.integers(0, 999)):03d}")
    if draw(st.booleans()):  # half with the right check character, half with any
        return body + oracles.gb11643_check(body)
    return body + draw(check_chars)


@SETTINGS
@given(id_shaped())
def test_id_rule_equals_the_oracle(number):
    got = findings(f"申请人身份证号：{number}，已受理。\n", "pii.id_card")
    assert got == (["block"] if oracles.resident_id(number) else [])


@SETTINGS
@given(st.from_regex(r"\A[0-9]{17}[0-9X]\Z"))
def test_id_rule_on_any_18_characters(number):
    got = findings(f"证件号码 {number} 。\n", "pii.id_card")
    expected = oracles.resident_id(number) or oracles.foreign_permanent_id(number)
    assert got == (["block"] if expected else [])


@st.composite
def foreign_shaped(draw) -> str:
    body = (f"9{draw(provinces):02d}{draw(st.integers(0, 999)):03d}{draw(dates)}"
            f"{draw(st.integers(0, 999)):03d}")
    return body + (oracles.gb11643_check(body) if draw(st.booleans()) else draw(check_chars))


@SETTINGS
@given(foreign_shaped())
def test_foreign_permanent_id_equals_the_oracle(number):
    got = findings(f"外国人永久居留身份证号码：{number}。\n", "pii.id_card")
    assert got == (["block"] if oracles.foreign_permanent_id(number) else [])


@st.composite
def card_shaped(draw) -> str:
    prefix = draw(st.sampled_from(["62", "4", "5", "35", "60", "1", "9"]))
    length = draw(st.integers(16, 19))
    body = prefix + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=length - len(prefix) - 1,
                                          max_size=length - len(prefix) - 1)))
    return oracles.luhn_complete(body) if draw(st.booleans()) else body + draw(st.sampled_from("0123456789"))


@SETTINGS
@given(card_shaped())
def test_card_rule_equals_the_oracle(number):
    got = findings(f"救助金已转入其银行账户 {number}，请查收。\n", "pii.bank_card")
    # The contract: ID-shaped numbers are not cards.
    expected = oracles.bank_card(number) and not oracles.resident_id(number)
    assert got == (["block"] if expected else [])


@st.composite
def uscc_shaped(draw) -> str:
    alphabet = st.sampled_from(oracles.USCC_ALPHABET)
    head = draw(st.sampled_from(["91", "92", "93", "11", "12", "52"]))
    region = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=6, max_size=6)))
    org = "".join(draw(st.lists(alphabet, min_size=9, max_size=9)))
    body = head + region + org
    return body + (oracles.uscc_check(body) if draw(st.booleans()) else draw(alphabet))


@SETTINGS
@given(uscc_shaped())
def test_uscc_check_equals_the_oracle(code):
    assert is_valid_uscc(code) is oracles.uscc_valid(code)
    got = findings(f"经营者（统一社会信用代码 {code}）。\n", "pii.uscc_personal")
    assert got == (["warn"] if code.startswith("92") and oracles.uscc_valid(code) else [])


SLIPS = {"0": "O", "1": "l"}


@SETTINGS
@given(st.dates(dt.date(1900, 1, 1), TODAY), provinces, st.integers(0, 9999), st.integers(0, 999),
       st.data())
def test_typing_slips_in_a_valid_id_warn(born, province, county, seq, data):
    body = f"{province:02d}{county:04d}{born:%Y%m%d}{seq:03d}"
    number = body + oracles.gb11643_check(body)
    places = [i for i, c in enumerate(number) if c in SLIPS]
    chosen = data.draw(st.sets(st.sampled_from(places), min_size=1, max_size=3)) if places else set()
    if not chosen:
        return
    slipped = "".join(SLIPS[c] if i in chosen else c for i, c in enumerate(number))
    assert findings(f"证件号码 {slipped}，录入有误。\n", "pii.id_card") == ["warn"]


def test_rule_fixtures_agree_with_the_oracle():
    """The fixtures of pii.id_card: every number in a fail example is valid by the oracle, every
    18-character number in a pass example invalid (33080219900101123X once had a wrong check)."""
    import re
    import unicodedata
    from pathlib import Path

    folder = Path(__file__).parent / "rules" / "pii.id_card"
    number = re.compile(r"(?<![0-9A-Za-z])[0-9][0-9 ]{16,20}[0-9Xx](?![0-9A-Za-z])")
    for kind, expected in (("fail", True), ("pass", False)):
        for md in folder.glob(f"{kind}/*.md"):
            text = unicodedata.normalize("NFKC", md.read_text(encoding="utf-8"))
            for m in number.finditer(text):
                value = m.group().replace(" ", "")
                if len(value) == 18:
                    valid = oracles.resident_id(value) or oracles.foreign_permanent_id(value)
                    assert valid is expected, (md.name, value)
