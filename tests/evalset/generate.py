"""Deterministic evaluation documents: valid identifiers planted in our own sentences, labelled.

Identifiers are generated valid (GB 11643 check character, real birth dates, allocated mobile
segments per phonenumbers, Luhn card numbers with issuer prefixes) so recall is measured on
what a real leak looks like. Clean text is tests/evalset/clean.md, the sample site and the
synthetic benchmark corpus.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

import phonenumbers
from stdnum import luhn
from stdnum.cn import ric

HERE = Path(__file__).parent
# The sample notice that quotes a secret mark as a training example: a true finding that a
# reviewer accepted (it shows the acceptance workflow), so it is not clean text.
SAMPLE_WITH_ACCEPTED_FINDING = {"2026-baomi-xuanchuan-tongzhi.md"}
PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
             50, 51, 52, 53, 54, 61, 62, 63, 64, 65]
MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "147", "150", "151",
                   "152", "153", "155", "156", "157", "158", "159", "166", "170", "171", "173", "175",
                   "176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188",
                   "189", "191", "198", "199"]
CARD_PREFIXES = ["622202", "622848", "621700", "436742", "524094", "356879", "601382"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅玉兰志强海燕文彬春生小明"


@dataclass
class Planted:
    """One evaluation document with the (rule, line) of every planted item."""

    name: str
    text: str
    labels: list[tuple[str, int]] = field(default_factory=list)


def id_card(rng: random.Random) -> str:
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randint(0, 30000))
    body = f"{rng.choice(PROVINCES)}{rng.randint(1, 99):02d}{rng.randint(1, 99):02d}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    return body + ric.calc_check_digit(body)


def mobile(rng: random.Random) -> str:
    while True:
        number = rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 99999999):08d}"
        parsed = phonenumbers.parse("+86" + number)
        if phonenumbers.number_type(parsed) in (phonenumbers.PhoneNumberType.MOBILE,
                                                 phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE):
            return number


def bank_card(rng: random.Random) -> str:
    length = rng.choice([16, 16, 19])
    body = rng.choice(CARD_PREFIXES)
    body += "".join(str(rng.randint(0, 9)) for _ in range(length - len(body) - 1))
    return body + luhn.calc_check_digit(body)


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


TEMPLATES = [
    ("pii.id_card", lambda r: f"经核查，申请人{name(r)}的公民身份号码为{spaced(id_card(r), r)}，家庭人均收入低于标准。"),
    ("pii.id_card", lambda r: f"附：受理登记，证件号码 {id_card(r)}，受理日期 2026-03-02。"),
    ("pii.mobile", lambda r: f"如对公示结果有异议，可联系经办人，手机 {spaced(mobile(r), r)}。"),
    ("pii.mobile", lambda r: f"被救助人家属联系方式：{mobile(r)}（已同意联系）。"),
    ("pii.bank_card", lambda r: f"救助金已转入其本人银行卡号{spaced(bank_card(r), r)}，请注意查收。"),
    ("pii.bank_card", lambda r: f"补贴发放账号：{bank_card(r)}，开户行为江屿农商银行。"),
    ("secret.mark", lambda r: f"{r.choice(['机密', '秘密', '绝密'])}★{r.choice(['10年', '5年', '1年', '长期', '20年'])}"),
    ("secret.mark", lambda r: f"本页所附材料为 {r.choice(['机密', '秘密'])}★{r.randint(1, 20)}年 文件摘录。"),
    ("secret.internal", lambda r: f"【{r.choice(['内部资料', '内部文件', '此件不公开', '不得外传'])}】"),
    ("secret.internal", lambda r: f"（{r.choice(['内部资料', '工作秘密'])}　注意保存）"),
]


def planted(n: int = 400, seed: int = 11643) -> list[Planted]:
    """n documents, each a short notice with one to three planted items."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        lines = ["关于社会救助对象审核情况的说明", "", "现将有关情况说明如下。"]
        labels = []
        for _ in range(rng.randint(1, 3)):
            rule, make = rng.choice(TEMPLATES)
            lines.append("")
            lines.append(make(rng))
            labels.append((rule, len(lines)))
        lines += ["", "特此说明。", ""]
        docs.append(Planted(f"planted-{i:04d}.md", "\n".join(lines), labels))
    return docs


def clean_texts(root: Path) -> dict[str, str]:
    """Clean text full of legitimate look-alikes: clean.md, the sample site, synthetic notices."""
    texts = {"tests/evalset/clean.md": (HERE / "clean.md").read_text(encoding="utf-8")}
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
