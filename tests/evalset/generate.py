"""Deterministic evaluation documents: identifiers planted in our own sentences, labelled.

Truth comes from outside the code under test: identifiers are built with the oracles of
tests/oracles.py (GB 11643 table, Luhn, written from the standards) or copied from other
projects' test suites (tests/vectors.py); mobile numbers use segments from the operators'
published allocations, listed here. Nothing is produced or filtered by review/validators.py,
stdnum or phonenumbers. Each label is (rule, line, severity): the severity the contract of
REVIEW-RULES.md gives that item; recall counts a finding at that severity or higher.

Clean text is tests/evalset/clean.md and clean-office.md (office addresses, hotlines, official
vehicles, prose about secrets), the sample site and the synthetic benchmark corpus.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from tests import oracles, vectors

HERE = Path(__file__).parent
# The sample notice that quotes a secret mark as a training example: a true finding that a
# reviewer accepted (it shows the acceptance workflow), so it is not clean text.
SAMPLE_WITH_ACCEPTED_FINDING = {"2026-baomi-xuanchuan-tongzhi.md"}
PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
             50, 51, 52, 53, 54, 61, 62, 63, 64, 65]
# Whole 3-digit mobile segments of China Mobile, Unicom and Telecom (MIIT allocations).
MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
                   "153", "155", "156", "157", "158", "159", "166", "175", "176", "177", "178", "180",
                   "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198", "199"]
CARD_PREFIXES = ["622202", "622848", "621700", "436742", "524094", "356879", "601382"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅玉兰志强海燕文彬春生小明"
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
STREETS = ["人民路", "解放街", "马连洼街道", "青石巷", "建设大道", "朝阳里", "滨河路", "新华街"]
AREAS = ["010", "021", "0351", "0579", "0571", "020", "0755", "0431"]


@dataclass
class Planted:
    """One evaluation document with the (rule, line, severity) of every planted item."""

    name: str
    text: str
    labels: list[tuple[str, int, str]] = field(default_factory=list)


def id_card(rng: random.Random) -> str:
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randint(0, 30000))
    body = f"{rng.choice(PROVINCES)}{rng.randint(1, 99):02d}{rng.randint(1, 99):02d}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    return body + oracles.gb11643_check(body)


def foreign_id(rng: random.Random) -> str:
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 25000))
    body = f"9{rng.choice(PROVINCES)}{rng.randint(4, 894):03d}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    return body + oracles.gb11643_check(body)


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 99999999):08d}"


def bank_card(rng: random.Random) -> str:
    length = rng.choice([16, 16, 19])
    body = rng.choice(CARD_PREFIXES)
    body += "".join(str(rng.randint(0, 9)) for _ in range(length - len(body) - 1))
    return oracles.luhn_complete(body)


def slipped(number: str, rng: random.Random) -> str:
    """One to three 0/1 digits typed as the letters O and l (an OCR or typing slip)."""
    places = [i for i, c in enumerate(number) if c in "01"]
    if not places:
        return ""
    chosen = set(rng.sample(places, min(len(places), rng.randint(1, 3))))
    return "".join({"0": "O", "1": "l"}[c] if i in chosen else c for i, c in enumerate(number))


def plate(rng: random.Random) -> str:
    head = rng.choice(PLATE_PROVINCES) + rng.choice(PLATE_LETTERS)
    style = rng.randint(0, 3)
    if style == 1:  # new energy: D/F + 5 digits
        return head + rng.choice("DF") + f"{rng.randint(0, 99999):05d}"
    tail = f"{rng.randint(0, 9999):04d}" + rng.choice("0123456789ABCDEFGHJKLMNPQRSTUVWXYZ")
    if style == 2:
        return head + "·" + tail
    if style == 3:
        return "".join(chr(ord(c) + 0xFEE0) if c.isascii() else c for c in head + tail)
    return head + tail


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def spaced(number: str, rng: random.Random) -> str:
    """Sometimes written with spaces or hyphens, sometimes in full-width digits."""
    style = rng.randint(0, 3)
    if style == 1 and len(number) == 11:
        return f"{number[:3]}-{number[3:7]}-{number[7:]}"
    if style == 2:
        return " ".join(number[i:i + 4] for i in range(0, len(number), 4))
    if style == 3:
        return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number)
    return number


def _external(rng: random.Random, table: list[tuple[str, bool]]) -> str:
    return rng.choice([v for v, ok in table if ok])


def _person_table(rng: random.Random, phone: str) -> list[str]:
    return ["| 姓名 | 联系电话 | 备注 |", "| --- | --- | --- |", f"| {name(rng)[0]}** | {phone} | 已核实 |"]


def _table_item(rng: random.Random, phone: str) -> tuple[list[str], int, list[tuple[str, int, str]]]:
    return _person_table(rng, phone), 2, [MICRODATA]


# Each template makes the lines of one item and the index of the labelled line among them; a
# person table is also, rightly, a record-level table (stats.microdata, on its header line).
MICRODATA = ("stats.microdata", 0, "block")
TEMPLATES = [
    ("pii.id_card", "block", lambda r: ([f"经核查，申请人{name(r)}的公民身份号码为{spaced(id_card(r), r)}，家庭人均收入低于标准。"], 0)),
    ("pii.id_card", "block", lambda r: ([f"附：受理登记，证件号码 {id_card(r)}，受理日期 2026-03-02。"], 0)),
    ("pii.id_card", "block", lambda r: ([f"申请人身份证号：{_external(r, vectors.RESIDENT_IDS)}，已受理。"], 0)),
    ("pii.id_card", "block", lambda r: ([f"外籍申请人外国人永久居留身份证号码：{foreign_id(r)}，材料齐全。"], 0)),
    ("pii.id_card", "warn", lambda r: ([f"原登记的证件号码 {slipped(id_card(r), r) or 'l' + id_card(r)[1:]} 经核对有误。"], 0)),
    ("pii.mobile", "block", lambda r: ([f"如对公示结果有异议，可联系经办人，手机 {spaced(mobile(r), r)}。"], 0)),
    ("pii.mobile", "block", lambda r: ([f"被救助人家属联系方式：{mobile(r)}（已同意联系）。"], 0)),
    ("pii.mobile", "block", lambda r: ([f"联系人手机：{_external(r, vectors.MOBILES)}。"], 0)),
    ("pii.mobile", "warn", lambda r: ([f"回访电话登记为 {slipped(mobile(r), r) or mobile(r)[:3] + 'O' + mobile(r)[4:]}（录入有误）。"], 0)),
    ("pii.bank_card", "block", lambda r: ([f"救助金已转入其本人银行卡号{spaced(bank_card(r), r)}，请注意查收。"], 0)),
    ("pii.bank_card", "block", lambda r: ([f"补贴发放账号：{bank_card(r)}，开户行为江屿农商银行。"], 0)),
    ("pii.bank_card", "block", lambda r: ([f"补助资金发放至其银行账户（{bank_card(r)}，工商银行）。"], 0)),
    ("pii.bank_card", "block", lambda r: ([f"发放至本人银行卡号 {_external(r, vectors.BANK_CARDS)}。"], 0)),
    ("pii.landline", "block", lambda r: _table_item(r, f"({r.choice(AREAS)}){r.randint(2000000, 89999999)}")),
    ("pii.landline", "block", lambda r: _table_item(r, f"（{r.choice(AREAS)}）{r.randint(20000000, 89999999)}")),
    ("pii.landline", "block", lambda r: _table_item(r, f"{r.choice(AREAS)}-{r.randint(20000000, 89999999)}")),
    ("pii.plate", "warn", lambda r: ([f"当事人驾驶的{plate(r)}号小型汽车违规停放。"], 0)),
    ("pii.plate", "warn", lambda r: ([f"家属车辆号牌：{plate(r)}。"], 0)),
    ("pii.plate", "warn", lambda r: ([f"车主名下车辆 {r.choice(vectors.PLATES)} 已登记。"], 0)),
    ("pii.address", "warn", lambda r: ([f"家庭住址：江屿市东城区{r.choice(STREETS)}{r.randint(1, 400)}号。"], 0)),
    ("pii.address", "warn", lambda r: ([f"户籍地址：江屿市幸福小区{r.randint(1, 30)}号楼{r.randint(1, 6)}单元{r.randint(101, 1802)}室。"], 0)),
    ("pii.address", "warn", lambda r: ([f"申请人家住{r.choice(STREETS)}{r.randint(1, 300)}号，生活困难。"], 0)),
    ("pii.passport", "warn", lambda r: ([f"当事人护照号码 {r.choice(vectors.PASSPORTS)}，已核验。"], 0)),
    ("pii.passport", "warn", lambda r: ([f"申请人护照号 E{r.randint(10000000, 99999999)}，入境日期 2026-05-01。"], 0)),
    ("pii.uscc_personal", "warn", lambda r: ([f"个体工商户（统一社会信用代码 {r.choice([v for v, ok in vectors.USCC if ok and v.startswith('92')])}）被处罚款。"], 0)),
    ("pii.id_card_legacy", "warn", lambda r: ([f"申请人身份证号码 {_external(r, vectors.LEGACY_IDS)}（一代证）。"], 0)),
    ("secret.mark", "block", lambda r: ([f"{r.choice(['机密', '秘密', '绝密'])}★{r.choice(['10年', '5年', '1年', '长期', '20年'])}"], 0)),
    ("secret.mark", "block", lambda r: ([f"本页所附材料为 {r.choice(['机密', '秘密'])}★{r.randint(1, 20)}年 文件摘录。"], 0)),
    ("secret.internal", "block", lambda r: ([f"【{r.choice(['内部资料', '内部文件', '此件不公开', '不得外传'])}】"], 0)),
    ("secret.internal", "block", lambda r: ([f"（{r.choice(['内部资料', '工作秘密'])}　注意保存）"], 0)),
    ("secret.internal", "block", lambda r: ([f"【{r.choice(['工作秘密', '内部资料'])}】本文件不得对外公开"], 0)),
]


def planted(n: int = 400, seed: int = 11643) -> list[Planted]:
    """n documents, each a short notice with one to three planted items."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        lines = ["关于社会救助对象审核情况的说明", "", "现将有关情况说明如下。"]
        labels = []
        for _ in range(rng.randint(1, 3)):
            rule, severity, make = rng.choice(TEMPLATES)
            item, at, *extra = make(rng)
            lines.append("")
            labels.append((rule, len(lines) + 1 + at, severity))
            labels += [(r, len(lines) + 1 + i, sev) for r, i, sev in (extra[0] if extra else [])]
            lines.extend(item)
        lines += ["", "特此说明。", ""]
        docs.append(Planted(f"planted-{i:04d}.md", "\n".join(lines), labels))
    return docs


def clean_texts(root: Path) -> dict[str, str]:
    """Clean text full of legitimate look-alikes: clean*.md, the sample site, synthetic notices."""
    texts = {f"tests/evalset/{p.name}": p.read_text(encoding="utf-8") for p in sorted(HERE.glob("clean*.md"))}
    for path in sorted((root / "content").rglob("*.md")):
        if path.name in SAMPLE_WITH_ACCEPTED_FINDING:
            continue
        texts[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
    import sys

    sys.path.insert(0, str(root))
    from bench.corpus import body, generate

    for doc in generate(40):
        texts[f"synthetic/{doc.serial}-{doc.org}.md"] = doc.body
    rng = random.Random(5)
    texts["synthetic/long.md"] = "\n\n".join(body(rng, 3000) for _ in range(5))
    return texts
