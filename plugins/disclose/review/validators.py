"""Identifier validation shared by the rules: check digits, segments, plausible dates."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import phonenumbers
from stdnum import luhn
from stdnum.cn import ric

from ..orgcode import is_valid_uscc

PROVINCE_CODES = frozenset(
    [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55),
     *range(61, 66), 71, 81, 82, 83])
CARD_PREFIXES = ("62", "4", "5", "35", "60")


def _date(year: int, month: int, day: int, today: dt.date | None = None) -> bool:
    try:
        d = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= d <= (today or dt.date.today())


def gb11643_valid(value: str) -> bool:
    """The GB 11643 (ISO 7064 MOD 11-2) check character of an 18-character number is right.

    stdnum's calc_check_digit takes the whole number, check character included, and drops the
    last character itself (passing only 17 characters computed the check over 16 digits).
    """
    return ric.calc_check_digit(value) == value[17]


def is_id_card(value: str) -> bool:
    """18-character resident ID: province, real birth date, GB 11643 check character.

    Only stdnum's check-digit function is used: its validate() also requires the county code
    to exist in its table and rejects real IDs from newer or renamed counties.
    """
    v = value.upper()
    if len(v) != 18 or not v[:17].isdigit() or not (v[17].isdigit() or v[17] == "X"):
        return False
    if int(v[:2]) not in PROVINCE_CODES:
        return False
    if not _date(int(v[6:10]), int(v[10:12]), int(v[12:14])):
        return False
    return gb11643_valid(v)


def is_foreign_permanent_id(value: str) -> bool:
    """2023 foreign permanent-residence ID (外国人永久居留身份证): 9, province of issue, 3-digit
    nationality code, birth date, 3-digit serial, GB 11643 check character."""
    v = value.upper()
    if len(v) != 18 or v[0] != "9" or not v[:17].isdigit() or not (v[17].isdigit() or v[17] == "X"):
        return False
    if int(v[1:3]) not in PROVINCE_CODES or not _date(int(v[6:10]), int(v[10:12]), int(v[12:14])):
        return False
    return gb11643_valid(v)


def is_legacy_id(value: str) -> bool:
    """15-digit first-generation ID: province, YYMMDD birth date (19YY)."""
    if len(value) != 15 or not value.isdigit() or int(value[:2]) not in PROVINCE_CODES:
        return False
    return _date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))


@lru_cache(maxsize=4096)
def is_mobile(value: str) -> bool:
    """A mainland mobile number in an allocated segment (phonenumbers' metadata)."""
    if len(value) != 11 or not value.isdigit() or value[0] != "1" or value[1] not in "3456789":
        return False
    try:
        number = phonenumbers.parse("+86" + value)
    except phonenumbers.NumberParseException:
        return False
    kind = phonenumbers.number_type(number)
    return kind in (phonenumbers.PhoneNumberType.MOBILE,
                    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


def is_bank_card(value: str) -> bool:
    """16-19 digits, issuer prefix, Luhn check."""
    return (16 <= len(value) <= 19 and value.isdigit() and value.startswith(CARD_PREFIXES)
            and luhn.is_valid(value))


def is_landline(value: str) -> bool:
    """0 + 2-3 digit area code + 7-8 digit local number (10-12 digits)."""
    return value.isdigit() and value.startswith("0") and not value.startswith("00") \
        and 10 <= len(value) <= 12


def is_personal_uscc(value: str) -> bool:
    """Unified social credit code of an individual business (92…) with a valid check."""
    return value.startswith("92") and is_valid_uscc(value)


_SLIPS = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "x": "X"})


def repair_slips(value: str) -> str:
    """A number typed or OCR-read with letters for digits (O/o for 0, l/I for 1), repaired."""
    return value.translate(_SLIPS)
