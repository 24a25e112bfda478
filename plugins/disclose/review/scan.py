"""The scan: each candidate kind has one cheap pattern; the rules then classify candidates.

Finding candidates once (digit runs, marks, e-mail signs, residue) and classifying them in Python
beats a separate full regular expression per rule. The patterns run one after the other rather
than as one alternation: each alone keeps sre's literal and charset prefix scan (100+ MB/s),
the alternation of all of them lost it (14 MB/s measured).
"""

from __future__ import annotations

import re

from .text import CN_DIGITS, SEPARATORS, X_LIKE, number_chars
from .tokens import Token

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

_CN = "".join(CN_DIGITS)
PATTERNS = (
    ("uscc", re.compile(r"9[0-9]{7}[0-9A-HJ-NPQRTUWXY]{10}")),
    # Numbers the rules can use have 10+ characters; the lookahead skips shorter ones cheaply.
    # Groups of digits (or mask stars) joined by up to 4 separators (spaces, dashes, dots,
    # slashes, Markdown marks: text.SEPARATORS); a check character X, or one written like it,
    # may end it.
    # Chinese numerals read digit by digit (一三八…, 壹贰叁…) count as digits (text.CN_DIGITS).
    ("num", re.compile(f"[0-9{_CN}](?=[0-9*{_CN}{SEPARATORS}]{{9}})[0-9*{_CN}]*"
                       f"(?:[{SEPARATORS}]{{1,4}}[0-9*{_CN}]+)*(?:[{SEPARATORS}]{{0,4}}[{X_LIKE}](?![0-9A-Za-z]))?")),
    ("at", re.compile(r"@")),
    # Every pattern starts with a literal or a character class, so sre skips ahead with its
    # prefix scan; an alternation or a leading lookbehind would try every position (5-20x slower).
    ("residue", re.compile(r"[om<](?:(?<=o):p>|(?<=m)so-[a-z]|(?<=<)span\s+style=)")),
    ("moji", re.compile(r"[\ufffd?\u00c0-\u00ff](?:(?<=\ufffd)\ufffd*|(?<=\?)\?+|(?<=[\u00c0-\u00ff])[\u0080-\u00ff]{2,})")),
    ("placeholder", re.compile(r"\*\**(?=[万千百亿元人户个名家年月日号])")),
    # Plates start at the ASCII letter (rare in Chinese text); the province is looked behind.
    # A middle dot may follow the issuing-office letter (川A·23047B); new-energy plates have six
    # characters after it (京AD12345).
    # Learner and trailer plates end in 学 / 挂 after four characters.
    ("plate", re.compile(rf"[A-Z](?<=[{PROVINCES}][A-Z])[·•・. ]?(?:[A-Z0-9]{{5,6}}|[A-Z0-9]{{4}}[学挂])")),
    # Passports: E + 8 digits, E + letter + 7 digits, G + 8 digits, D/S/P + 7 digits (diplomatic,
    # service, public affairs); permits: C + 8 digits, H/M + 8 or 10 digits. (E + 7 digits is not
    # a passport. Forms are kept narrow: in a person table a match blocks without context.)
    ("passport", re.compile(r"[EGDSPCHM](?:(?<=E)(?:[0-9]{8}|[A-HJ-NP-Z][0-9]{7})|(?<=G)[0-9]{8}"
                            r"|(?<=[DSP])[0-9]{7}|(?<=[CHM])[0-9]{8,10})")),
    # Landlines with the area code in brackets: (010)37283893, （0351）8908-2910.
    ("tel", re.compile(r"[(（]0[1-9][0-9]{1,2}[)）] ?-?[0-9]{3,4}-?[0-9]{4}")),
    # Typing and OCR slips inside numbers (O/o for 0, l/I for 1): the letter next to a digit;
    # scan() widens it to the whole run.
    ("slip", re.compile(r"[OolI](?:(?<=[0-9].)|(?=[0-9]))")),
)
# Patterns that can only match where one of these strings occurs: a few `in` tests (C speed)
# skip the pattern on most files.
NEEDS = {"at": ("@",), "residue": ("o:p>", "mso-", "<span"), "placeholder": ("*",),
         "tel": ("(", "（")}
# Fixed phrases are found with str.find (C speed).
PHRASES = {"mark": ("绝密", "机密", "秘密"),
           "internal": ("内部资料", "注意保存", "工作秘密", "内部文件", "此件不公开", "不得外传")}
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_BOUNDED = frozenset(("uscc", "num", "plate", "passport", "tel", "slip"))
_SLIP_RUN = frozenset("0123456789OolI")


# In Markdown a single line break inside a paragraph is shown as a space (138⏎1234⏎5678 reads
# 138 1234 5678): for Markdown text the number may also continue over one line break (not over
# a blank line). Not in attachments: a PDF's or a text file's lines are rows of a table.
_NUM_SOFT_BREAKS = re.compile(
    f"[0-9{_CN}](?=[0-9*{_CN}\n{SEPARATORS}]{{9}})[0-9*{_CN}]*"
    f"(?:(?:[{SEPARATORS}]{{1,4}}|[{SEPARATORS}]{{0,2}}\n[{SEPARATORS}]{{0,2}})[0-9*{_CN}]+)*"
    f"(?:[{SEPARATORS}]{{0,4}}[{X_LIKE}](?![0-9A-Za-z]))?")


def scan(text: str, soft_breaks: bool = False) -> list[Token]:
    """Every candidate token in normalised text, in order of position; with `soft_breaks`
    (Markdown), a number may continue over a single line break."""
    out: list[Token] = []
    n = len(text)
    for kind, phrases in PHRASES.items():
        for phrase in phrases:
            pos = text.find(phrase)
            while pos >= 0:
                out.append(Token(kind, pos, pos + len(phrase), phrase, phrase))
                pos = text.find(phrase, pos + 1)
    taken: set[int] = set()
    slip_end = -1
    for kind, pattern in PATTERNS:
        needs = NEEDS.get(kind)
        if needs and not any(w in text for w in needs):
            continue
        if kind == "num" and soft_breaks and "\n" in text:
            pattern = _NUM_SOFT_BREAKS
        for m in pattern.finditer(text):
            start, end = m.span()
            if kind == "plate":
                start -= 1
            elif kind == "slip":
                if start < slip_end:
                    continue  # inside the run of an earlier slip
                while start and text[start - 1] in _SLIP_RUN:
                    start -= 1
                while end < n and text[end] in _SLIP_RUN:
                    end += 1
                if end < n and text[end] in "Xx":
                    end += 1
                slip_end = end
            if kind in _BOUNDED:
                # Identifiers stand alone, not inside longer letter or digit runs. (No \b: CJK
                # characters are word characters, so \b fails next to them.)
                if (start and text[start - 1] in _ALNUM) or (end < n and text[end] in _ALNUM):
                    if kind != "num":
                        continue
                    glued = _glued(text, start, end)
                    if glued is not None:
                        out.append(glued)
                    # A run of groups glued to a word at one end (Z10 11010519491231002X): the
                    # glued group is not a number of its own, the groups after it may be.
                    trimmed = _trim(text, start, end)
                    if trimmed is None:
                        continue
                    start, end = trimmed
                if kind == "num" and start in taken:
                    continue  # already a credit code
                taken.add(start)
            value = text[start:end]
            if kind == "num":
                digits = number_chars(value)
            elif kind == "tel":
                digits = "".join(c for c in value if c.isdigit())
            else:
                digits = value
            out.append(Token(kind, start, end, value, digits))
            if kind == "num":
                if len(digits) != len(value):
                    out += _parts(start, value)
                if "*" in digits:
                    # Markdown emphasis inside a number (1101**0519**491231002X) shows it whole;
                    # mask stars replace digits, so without them a masked number is too short.
                    bare = digits.replace("*", "")
                    if len(bare) >= 10:
                        out.append(Token(kind, start, end, value, bare))
    if "](" in text:
        out += _linked(text)
    out += _loose(text)
    out.sort(key=lambda t: t.start)
    return out


# White space HTML collapses (a run of any length shows as one space) and list or grouping
# marks outside text.SEPARATORS (139，1234，5678, 139【1234】5678). The "num" pattern joins
# groups over up to 4 separators only; these runs are read here, and only runs of groups with
# the length of an identifier become candidates (the rules validate them).
_WS = " \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
LIST_MARKS = ",，、:：'+【】"
_LOOSE = re.compile(f"[0-9](?=[0-9{SEPARATORS}{LIST_MARKS}]{{10}})[0-9]*"
                    f"(?:[{SEPARATORS}{LIST_MARKS}]{{1,40}}[0-9]+)+[Xx]?")
_LOOSE_GROUP = re.compile(r"[0-9]+[Xx]?")
_WIDE = re.compile(f"[{_WS}]{{5}}")
# Where such a run may stand (a list mark between digits, 5 white spaces after a digit): only
# the lines holding one are read with _LOOSE (the whole text would cost 10% of the check). One
# pattern starting with a digit class: two patterns, or ones starting at the marks (frequent in
# Chinese text), cost 2-3x more.
_TRIGGER = re.compile(f"[0-9](?:[{LIST_MARKS}][0-9]|[{_WS}]{{5}})")
# Latin labels read as such when glued before a number (Tel13912345678, sfz330102…): pinyin
# initials and English words for phone, ID and card. Only these: a letter code glued to a
# number is a model or device number (型号 NO110101199003077571, tests/rules/pii.id_card).
GLUED_PREFIXES = {
    11: frozenset(("tel", "phone", "mobile", "mob", "mp", "cell", "qq", "wx", "vx", "wechat", "sj", "sjh",
                   "sjhm", "dh", "lxdh", "hp")),
    18: frozenset(("id", "idno", "idcard", "sfz", "sfzh", "sfzhm", "zjhm")),
    0: frozenset(("card", "cardno", "kh", "yhk", "yhkh", "acct", "account", "zh")),  # 16-19: bank card
}


def loose(value: str) -> bool:
    """Whether a number is written with a list mark or a white space run of 5+ between its
    groups (the candidates of `_loose`): a mobile number needs a phone word beside it then."""
    return any(c in LIST_MARKS for c in value) or bool(_WIDE.search(value))


def _loose(text: str) -> list[Token]:
    """Runs of groups joined by a list mark or a long white space run: every run of groups 18
    long (ID; the check character decides) or 16-19 long (bank card: Luhn), and a whole run of
    2-3 groups 11 long (mobile) are candidates."""
    out: list[Token] = []
    n = len(text)
    lines: set[int] = set()
    for t in _TRIGGER.finditer(text):
        lines.add(text.rfind("\n", 0, t.start()) + 1)
    for line_start in sorted(lines):
        line_end = text.find("\n", line_start)
        out += _loose_line(text, line_start, n if line_end < 0 else line_end)
    return out


def _loose_line(text: str, line_start: int, line_end: int) -> list[Token]:
    out: list[Token] = []
    n = len(text)
    for m in _LOOSE.finditer(text, line_start, line_end):
        start, end = m.span()
        if (start and text[start - 1] in _ALNUM) or (end < n and text[end] in _ALNUM):
            continue
        value = m.group()
        if not loose(value):
            continue  # the "num" pattern has it
        groups = [(g.start(), g.end()) for g in _LOOSE_GROUP.finditer(value)]
        if len(groups) > 40:
            continue
        for i in range(len(groups)):
            total = 0
            for j in range(i, min(i + 6, len(groups))):
                a, b = groups[j]
                if b - a < 2 or (j < len(groups) - 1 and value[b - 1] in "Xx"):
                    break
                total += b - a
                if total > 19:
                    break
                piece = value[groups[i][0]:b]
                if not loose(piece):
                    continue
                whole = i == 0 and j == len(groups) - 1
                if (total == 18 or (16 <= total <= 19 and all(d - c >= 3 for c, d in groups[i:j + 1]))
                        or (total == 11 and whole and j - i in (1, 2)
                            and all(d - c >= 3 for c, d in groups[i:j + 1]))):
                    digits = "".join(ch for ch in piece if ch.isdigit() or ch in "Xx").upper()
                    out.append(Token("num", start + groups[i][0], start + b, piece, digits))
    return out


# Markdown link and image syntax around part of a number: `[1381234](#)5678` shows 13812345678.
_LINK_MARK = re.compile(r"!?\[|\]\([^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)")


def _linked(text: str) -> list[Token]:
    """Numbers that link syntax splits: each line holding a link is read as shown (without
    `[`, `](…)`), and a number found there across the syntax is a candidate spanning it."""
    out: list[Token] = []
    num = dict(PATTERNS)["num"]
    pos = text.find("](")
    while pos >= 0:
        ls = text.rfind("\n", 0, pos) + 1
        le = text.find("\n", pos)
        le = len(text) if le < 0 else le
        line = text[ls:le]
        keep: list[int] = []  # offsets in the line of the characters shown
        last = 0
        for m in _LINK_MARK.finditer(line):
            keep.extend(range(last, m.start()))
            last = m.end()
        keep.extend(range(last, len(line)))
        shown = "".join(line[i] for i in keep)
        for m in num.finditer(shown):
            a, b = m.span()
            oa, ob = keep[a], keep[b - 1] + 1
            if ob - oa == b - a:
                continue  # not split by link syntax: the scan has it already
            if (a and shown[a - 1] in _ALNUM) or (b < len(shown) and shown[b] in _ALNUM):
                continue
            digits = number_chars(m.group())
            if len(digits) >= 10:
                out.append(Token("num", ls + oa, ls + ob, text[ls + oa:ls + ob], digits.replace("*", "")))
        pos = text.find("](", le)
    return out


_GROUP = re.compile(f"[^\n{SEPARATORS}]+")
_SEP_RUN = re.compile(f"[\n{SEPARATORS}]+")


def _glued(text: str, start: int, end: int) -> Token | None:
    """A number written right after a Latin label (Tel13912345678, ID330102…, sfz…): the
    label is a word of letters standing alone, one of GLUED_PREFIXES for the number's length."""
    if end < len(text) and text[end] in _ALNUM:
        return None
    a = start
    while a and text[a - 1].isascii() and text[a - 1].isalpha():
        a -= 1
    if a == start or start - a > 8 or (a and text[a - 1] in _ALNUM):
        return None
    value = text[start:end]
    digits = number_chars(value)
    if not (digits.isdigit() or digits[:-1].isdigit() and digits[-1] == "X"):
        return None
    n, label = len(digits), text[a:start].lower()
    if label in GLUED_PREFIXES.get(n, ()) or (16 <= n <= 19 and label in GLUED_PREFIXES[0]):
        return Token("num", start, end, value, digits)
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The groups of text[start:end] that touch no letter or digit outside it, if 10+ long."""
    groups = [(start + m.start(), start + m.end()) for m in _GROUP.finditer(text[start:end])]
    if start and text[start - 1] in _ALNUM:
        groups = groups[1:]
    if end < len(text) and text[end] in _ALNUM:
        groups = groups[:-1]
    if not groups or sum(b - a for a, b in groups) < 10:
        return None
    return groups[0][0], groups[-1][1]
_PLAIN = frozenset(" -")
_DATE_PART = re.compile(r"(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])?")


def shaped(value: str) -> bool:
    """Whether a number written with separators other than spaces and hyphens has the shape of
    something else: a decimal (138123456.78, 3.14159265), an IP address, dates and date ranges
    (1993.09—1997.07, 2026/11/23), a list of decimals (13.8/14.2/15.1). Rules with a weak
    validation (mobile, bank card) skip these; an ID's check character is strong enough."""
    if value.isalnum():
        return False
    groups = _GROUP.findall(value)
    seps = _SEP_RUN.findall(value)
    if len(seps) != len(groups) - 1 or all(c in _PLAIN for s in seps for c in s):
        return False
    if not all(g.isdigit() for g in groups):
        return False
    if seps == ["."]:
        whole, frac = groups
        return len(frac) <= 2 or (len(whole) <= 3 and len(frac) >= 5)
    if len(groups) == 4 and all(s == "." for s in seps) and all(len(g) <= 3 and int(g) <= 255 for g in groups):
        return True
    if _dates(groups):
        return True
    dots = [i for i, s in enumerate(seps) if s == "."]
    return bool(dots) and all(len(groups[i + 1]) <= 2 and (i + 1 == len(seps) or seps[i + 1] != ".")
                              for i in dots)


def _dates(groups: list[str]) -> bool:
    """Groups that read as dates one after the other: 1993 09 1997 07, 2026 1 1 2026 12 31."""
    i, n = 0, len(groups)
    while i < n:
        g = groups[i]
        if len(g) in (6, 8) and _DATE_PART.fullmatch(g):
            i += 1
            continue
        if len(g) != 4 or not 1900 <= int(g) <= 2099:
            return False
        i += 1
        if i < n and len(groups[i]) <= 2 and 1 <= int(groups[i]) <= 12:
            i += 1
            if i < n and len(groups[i]) <= 2 and 1 <= int(groups[i]) <= 31:
                i += 1
    return True


def _parts(start: int, value: str) -> list[Token]:
    """Numbers a separator joined into one run: `13812345678 11010519491231002X` is a mobile
    and an ID, not a 29-digit number. Grouping separators make short groups (138 1234 5678,
    110105 19491231 002X); a group of 10+ characters is a number of its own. The run is cut
    around each such group, and every piece of 10+ digits is a candidate too (the whole run
    stays one, so a grouped number is still found). A run longer than any identifier also
    yields its runs of groups with the length of a mobile or an ID. (With separators other
    than spaces and hyphens, those runs are only made of groups of 3+ characters: decimals and
    dates have short groups.)"""
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(value)]
    runs: list[tuple[int, int]] = []
    if sum(b - a for a, b in groups) > 19 and len(groups) <= 40:
        # Longer than any identifier (19 digits): grouped numbers written one after the other
        # (138 1234 5678 110105 19491231 002X). Runs of groups with the length of a mobile (11)
        # or an ID (15, 18) are candidates; the rules validate them (check digit, segment).
        plain = all(c in _PLAIN or c.isalnum() or c == "*" for c in value)
        for i in range(len(groups)):
            for j in range(i, len(groups)):
                if not plain and (groups[j][1] - groups[j][0] < 3
                                  or j > i and "\n" in value[groups[j - 1][1]:groups[j][0]]):
                    break  # short groups are decimals and dates; lines are rows of a table
                n = sum(b - a for a, b in groups[i:j + 1])
                if n in (11, 15, 18):
                    runs.append((groups[i][0], groups[j][1]))
                elif n > 18:
                    break
    pieces: list[tuple[int, int]] = []
    alone = True  # the last piece is one long group
    for a, b in groups:
        if b - a >= 10 or alone:
            pieces.append((a, b))
            alone = b - a >= 10
        else:
            pieces[-1] = (pieces[-1][0], b)
    if not any(b - a >= 10 for a, b in groups):
        pieces = []
    if "\n" in value:  # each line's part is a number of its own too (0591-87654321⏎0591-87654322)
        pos = 0
        for line in value.split("\n"):
            inner = [(pos + m.start(), pos + m.end()) for m in _GROUP.finditer(line)]
            if inner:
                pieces.append((inner[0][0], inner[-1][1]))
            pos += len(line) + 1
    return _tokens(start, value, runs + pieces)


def _tokens(start: int, value: str, pieces: list[tuple[int, int]]) -> list[Token]:
    out = []
    for a, b in dict.fromkeys(pieces):
        piece = value[a:b]
        digits = number_chars(piece)
        if (a, b) != (0, len(value)) and len(digits) >= 10:
            out.append(Token("num", start + a, start + b, piece, digits))
    return out
