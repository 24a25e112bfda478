"""Person names: headers of person tables, official lists, labelled and masked names.

Used by `context.py` (names masked in every excerpt) and by the rules (via `rules/_common.py`);
imports only `tokens.py`.
"""

from __future__ import annotations

import re

from .tokens import Table

PERSON_HEADERS = ("姓名", "户主", "申请人", "救助对象", "患者", "被救助人", "当事人", "承租人", "监护人")
OFFICIAL_HEADERS = ("职务", "职位", "拟任", "任职", "现任", "岗位", "职称")
OFFICIAL_TITLES = ("书记", "市长", "县长", "区长", "局长", "主任", "组长", "部长", "处长", "科长",
                   "厅长", "委员", "主席", "秘书长", "镇长", "乡长", "院长", "校长")
NAME_LABELS = ("姓名", "申请人", "户主", "救助对象", "患者")
LABELLED_NAME = re.compile("(?:" + "|".join(NAME_LABELS) + r")[:：]?\s*([\u4e00-\u9fff]{2,3})(?=[,，、;；。\s(（]|$)")
_MASKED_NAME = re.compile(r"^[\u4e00-\u9fff](某|[*×＊]+|x+|X+)")
_NAME_LIKE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def header_index(table: Table, names: tuple[str, ...]) -> list[int]:
    """Columns whose header contains one of `names` (memoised per table: several rules ask)."""
    key = ("header", names)
    found = table.memo.get(key)
    if found is None:
        found = table.memo[key] = [i for i, c in enumerate(table.header) if any(n in c.text for n in names)]
    return found


def is_official_table(table: Table) -> bool:
    """A table of officials with their titles (public by design)."""
    if "official" not in table.memo:
        table.memo["official"] = _is_official(table)
    return table.memo["official"]


def _is_official(table: Table) -> bool:
    if header_index(table, OFFICIAL_HEADERS):
        return True
    if not header_index(table, PERSON_HEADERS):
        return False  # only person tables can be official lists
    cells = [c.text for row in table.rows for c in row]
    return bool(cells) and sum(any(t in c for t in OFFICIAL_TITLES) for c in cells) >= len(table.rows)


def is_masked_name(text: str) -> bool:
    """张某, 张**, 张xx: a name already anonymised."""
    return bool(_MASKED_NAME.match(text))


def unmasked_names(cells: list) -> list:
    """Cells that look like plain personal names (2-4 CJK characters, not masked)."""
    return [c for c in cells if _NAME_LIKE.match(c.text) and not is_masked_name(c.text)]


def person_names(tables: list[Table], text: str) -> set[str]:
    """Unmasked names in person columns of non-official tables, and labelled names in prose."""
    names = set()
    for table in tables:
        if is_official_table(table):
            continue
        for col in header_index(table, PERSON_HEADERS):
            names.update(c.text for c in unmasked_names(table.column(col)))
    if has_name_label(text):
        names.update(m.group(1) for m in LABELLED_NAME.finditer(text) if not is_masked_name(m.group(1)))
    return names


def has_name_label(text: str) -> bool:
    """Whether LABELLED_NAME can match at all (str.find first: the pattern tries every position)."""
    return any(w in text for w in NAME_LABELS)
