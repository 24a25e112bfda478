"""Independent oracles for the identifiers the check validates, written from the standards.

Nothing here imports the code under test or python-stdnum: each check is computed the way the
standard text describes it, so a test comparing a rule with an oracle compares two
implementations, not one with itself.

- GB 11643-1999 (公民身份号码), clause 8.2: ISO 7064 MOD 11-2. Weights W_i = 2^(i-1) mod 11 for
  positions i = 18..2 counted from the right; the check character is (12 - S mod 11) mod 11,
  with 10 written as X. Also used by the 2023 foreign permanent-residence ID (外国人永久居留身份证).
- Luhn (ISO/IEC 7812-1 annex B): double every second digit from the right.
- GB 32100-2015 (统一社会信用代码), clause 4.2: 31-character alphabet without I O Z S V,
  weights 3^(i-1) mod 31, check character 31 - (S mod 31), 31 written as 0.
"""

from __future__ import annotations

import datetime as dt

# GB 11643 table 1, position 1..17 from the left.
GB11643_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# GB 11643 table 2: the check character for S mod 11 = 0..10.
GB11643_CHECK = ("1", "0", "X", "9", "8", "7", "6", "5", "4", "3", "2")
# GB 11643 clause 6: province-level codes of GB/T 2260 (71 Taiwan, 81 Hong Kong, 82 Macau, 83
# used for HK/Macau/Taiwan residence permits).
PROVINCES = frozenset((11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44,
                       45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83))
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def gb11643_check(first17: str) -> str:
    """The check character for the first 17 digits (table lookup, not a formula)."""
    assert len(first17) == 17 and first17.isdigit()
    return GB11643_CHECK[sum(int(c) * w for c, w in zip(first17, GB11643_WEIGHTS, strict=True)) % 11]


def _plausible_date(yyyymmdd: str, today: dt.date) -> bool:
    try:
        born = dt.datetime.strptime(yyyymmdd, "%Y%m%d").date()
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= today


def resident_id(number: str, today: dt.date | None = None) -> bool:
    """An 18-character resident ID by the contract of REVIEW-RULES.md (province, date, check)."""
    n = number.upper()
    if len(n) != 18 or not n[:17].isdigit() or n[17] not in "0123456789X":
        return False
    if int(n[:2]) not in PROVINCES or not _plausible_date(n[6:14], today or dt.date.today()):
        return False
    return gb11643_check(n[:17]) == n[17]


def foreign_permanent_id(number: str, today: dt.date | None = None) -> bool:
    """2023 foreign permanent-residence ID: 9 + province + 3-digit country + birth date + 3 + check."""
    n = number.upper()
    if len(n) != 18 or n[0] != "9" or not n[:17].isdigit() or n[17] not in "0123456789X":
        return False
    if int(n[1:3]) not in PROVINCES or not _plausible_date(n[6:14], today or dt.date.today()):
        return False
    return gb11643_check(n[:17]) == n[17]


def luhn_valid(number: str) -> bool:
    """Luhn over a digit string."""
    if not number.isdigit():
        return False
    total = 0
    for i, c in enumerate(reversed(number)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def luhn_complete(body: str) -> str:
    """body + the digit that makes it Luhn-valid (found by trying all ten)."""
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


def bank_card(number: str) -> bool:
    """Contract of pii.bank_card: 16-19 digits, issuer prefix 62/4/5/35/60, Luhn."""
    return (16 <= len(number) <= 19 and number.isdigit()
            and number.startswith(("62", "4", "5", "35", "60")) and luhn_valid(number))


def uscc_check(first17: str) -> str:
    """GB 32100 check character of the first 17 characters."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_valid(code: str) -> bool:
    """A GB 32100 code: registering authority, kind, 6-digit region, 9-character org code, check."""
    c = code.upper()
    if len(c) != 18 or any(ch not in USCC_ALPHABET for ch in c) or not c[2:8].isdigit():
        return False
    return uscc_check(c[:17]) == c[17]
