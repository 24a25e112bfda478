"""Organisation codes: GB 11714 (9 characters) and GB 32100 unified social credit codes."""

from __future__ import annotations

from stdnum.cn import uscc
from stdnum.exceptions import ValidationError

_ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def org_code_check_char(body: str) -> str:
    """GB 11714 check character for the first eight characters of an organisation code."""
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(body.upper(), _ORG_WEIGHTS, strict=True))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def is_valid_org_code(code: str) -> bool:
    """True for a well-formed GB 11714 code with the right check character (no hyphen)."""
    code = code.upper()
    if len(code) != 9 or any(c not in _ORG_ALPHABET for c in code[:8]):
        return False
    return code[8] == org_code_check_char(code[:8])


def is_valid_uscc(code: str) -> bool:
    """True for an 18-character unified social credit code with a valid GB 32100 check."""
    try:
        uscc.validate(code)
    except ValidationError:
        return False
    return True


def validate_code(code: str) -> str | None:
    """Chinese reason why `code` is not a valid organisation code, or None if it is."""
    if len(code) == 9:
        return None if is_valid_org_code(code) else "9 位组织机构代码校验位错误（GB 11714）"
    if len(code) == 18:
        return None if is_valid_uscc(code) else "18 位统一社会信用代码校验位错误（GB 32100）"
    return "应为 9 位组织机构代码或 18 位统一社会信用代码"
