"""Index numbers (索引号): forming, parsing and turning them into stable URLs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_FIELD_RE = re.compile(r"\{(org_code|year|serial)(?::[^}]*)?\}")
_GROUPS = {"org_code": r"[0-9A-Z]{9}|[0-9A-Z]{18}", "year": r"\d{4}", "serial": r"\d{1,9}"}


@dataclass(frozen=True)
class IndexNo:
    """A parsed index number."""

    org_code: str
    year: int
    serial: int


def format_index_no(form: str, org_code: str, year: int, serial: int) -> str:
    """The index number for these parts in the configured form."""
    return form.format(org_code=org_code, year=year, serial=serial)


@lru_cache(maxsize=8)
def _pattern(form: str) -> re.Pattern[str]:
    parts, pos = [], 0
    for m in _FIELD_RE.finditer(form):
        parts.append(re.escape(form[pos:m.start()]))
        parts.append(f"(?P<{m.group(1)}>{_GROUPS[m.group(1)]})")
        pos = m.end()
    parts.append(re.escape(form[pos:]))
    return re.compile("".join(parts))


def parse_index_no(form: str, value: str) -> IndexNo | None:
    """Parse an index number written in `form`, or None when it does not fit."""
    m = _pattern(form).fullmatch(value)
    if not m:
        return None
    groups = m.groupdict()
    return IndexNo(groups.get("org_code", ""), int(groups.get("year") or 0),
                   int(groups.get("serial") or 0))


def url_path(index_no: str) -> str:
    """A stable URL path for an index number: safe characters kept, everything else '-'."""
    return re.sub(r"[^0-9A-Za-z/_-]", "-", index_no).strip("/")
