"""The committed ledger of issued index numbers, so a number is never issued twice.

One line per issued number, sorted, tab-separated: number, date issued, file it was issued to.
Two branches that issue the same next number insert the same line at the same place, so git
reports a conflict right there; the build refuses conflict markers and duplicates with a hint.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .errors import LedgerError, Problem
from .indexno import parse_index_no

HEADER = (
    "# 索引号台账：由 disclose new / disclose number 维护，已登记的索引号永不重复使用。\n"
    "# 每行：索引号<TAB>登记日期<TAB>登记时的文件。合并冲突时保留双方的行，再按构建提示处理。\n"
)


@dataclass(frozen=True)
class Entry:
    """One issued index number."""

    index_no: str
    issued: str
    path: str
    line: int = 0


class Ledger:
    """The issued numbers, loaded from and saved to one text file."""

    def __init__(self, path: Path, form: str, entries: list[Entry] | None = None) -> None:
        self.path = path
        self.form = form
        self.entries = entries or []

    @classmethod
    def load(cls, path: Path, form: str, display: str | None = None) -> Ledger:
        """Read the ledger (an absent file is an empty ledger); raise LedgerError on damage."""
        shown = display or str(path)
        if not path.exists():
            return cls(path, form)
        entries, problems = [], []
        seen: dict[str, int] = {}
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(("<<<<<<<", "=======", ">>>>>>>", "|||||||")):
                problems.append(Problem(
                    shown, "索引号台账中有未解决的 git 合并冲突", field="ledger", line=no,
                    code="meta.ledger_conflict",
                    hint="删除 <<<<<<< ======= >>>>>>> 标记行、保留双方的索引号行；"
                         "若两行索引号相同，对后登记的文件运行 disclose renumber 文件路径"))
                continue
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 3 or parse_index_no(form, cols[0]) is None:
                problems.append(Problem(
                    shown, f"台账行格式错误：{line!r}", field="ledger", line=no,
                    code="meta.ledger", hint="每行应为：索引号<TAB>登记日期<TAB>文件路径"))
                continue
            if cols[0] in seen:
                problems.append(Problem(
                    shown, f"索引号 {cols[0]} 在台账中登记了两次（第 {seen[cols[0]]} 行和第 {no} 行，"
                    f"可能来自两个分支的合并）", field="ledger", line=no, code="meta.ledger_duplicate",
                    hint=f"保留先登记的一行，对另一篇文件（{cols[2]}）运行 disclose renumber 文件路径"))
                continue
            seen[cols[0]] = no
            entries.append(Entry(cols[0], cols[1], cols[2], no))
        if problems:
            raise LedgerError(problems, "索引号台账有误，构建已停止：")
        return cls(path, form, entries)

    def __contains__(self, index_no: str) -> bool:
        return any(e.index_no == index_no for e in self.entries)

    def numbers(self) -> set[str]:
        """Every issued number."""
        return {e.index_no for e in self.entries}

    def next_serial(self, org_code: str, year: int) -> int:
        """The next serial for this organisation and year: one past the highest ever issued."""
        serials = [p.serial for e in self.entries
                   if (p := parse_index_no(self.form, e.index_no))
                   and p.org_code == org_code and p.year == year]
        return max(serials, default=0) + 1

    def issue(self, index_no: str, path: str, today: dt.date) -> None:
        """Record a newly issued number and save the ledger atomically."""
        if index_no in self:
            raise LedgerError([Problem(str(self.path), f"索引号 {index_no} 已登记过，不能重复使用",
                                       field="index_no", code="meta.ledger_duplicate")])
        self.entries.append(Entry(index_no, today.isoformat(), path))
        self.save()

    def save(self) -> None:
        """Write the ledger sorted by number, via a temporary file and rename."""
        def key(e: Entry) -> tuple:
            p = parse_index_no(self.form, e.index_no)
            return (p.org_code, p.year, p.serial) if p else (e.index_no, 0, 0)

        body = "".join(f"{e.index_no}\t{e.issued}\t{e.path}\n" for e in sorted(self.entries, key=key))
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(HEADER + body, encoding="utf-8")
        os.replace(tmp, self.path)
