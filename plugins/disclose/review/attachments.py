"""Attachments checked like bodies: every part of a file as located text, through the same rules.

A format reader (review/formats/) takes a file apart into `Part`s — a sheet, a page, a Word body —
each made of `Segment`s that know where they are (`Sheet2!C14`, `第3段`, `第2页`). A part is
checked as one text by the same `Checker` as a Markdown body, so table rules see tables: cells
are written as a pipe table with the first row of several values as its header. Each finding is
then moved from the part's offsets to its segment: its `path` becomes `file!location` and its
line and column count inside that segment. What only the reading of a file can find (text under
a box, GPS, names in file properties, unreadable files) comes back as `Special`s and becomes a
finding of an attach.* rule.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from ..model import Document, Severity
from .engine import OFF, Checker
from .finding import Finding
from .parts import Extracted, Part, Segment, Special  # noqa: F401  (Extracted, Segment: re-exported)
from .text import Lines, mask_name

# Names a program or a fresh install writes into file properties: not a person.
GENERIC_AUTHORS = frozenset(s.casefold() for s in (
    "administrator", "admin", "user", "owner", "author", "unknown", "微软用户", "微软中国",
    "Microsoft Office 用户", "Microsoft Office User", "Windows 用户", "Windows User", "作者",
    "anonymous", "python-docx", "openpyxl", "reportlab", "WPS", "Apache POI"))


def check_document(checker: Checker, doc: Document, repo_root: Path) -> list[Finding]:
    """Findings in every attachment of a document, each located in its file."""
    return check_files(checker, [a.path for a in doc.attachments], repo_root)


def check_files(checker: Checker, paths: Iterable[str], repo_root: Path, verbatim: bool = True) -> list[Finding]:
    """Findings in the given repo-relative files (a document's attachments and linked files,
    from its inventory), each located in its file. Files are read without following links.
    `verbatim=False` for files never published as they are (a dataset's data files: its
    downloads are written anew, text cells neutralised by inert.neutralise_cell), so a cell
    that would run as a formula (attach.formula) is no finding there."""
    findings: list[Finding] = []
    for rel in paths:
        found = check_file(checker, repo_root / rel, rel, repo_root)
        findings += found if verbatim else [f for f in found if f.rule != "attach.formula"]
    return findings


def check_file(checker: Checker, path: Path, rel: str, repo_root: Path | None = None) -> list[Finding]:
    """Findings in one attachment; `rel` names it in every finding. With `repo_root`, the file is
    read as `rel` under it without following any symbolic link (inventory.read_bytes)."""
    from ..inventory import read_bytes
    from .formats import read

    try:
        data = read_bytes(repo_root, rel) if repo_root is not None else path.read_bytes()
    except OSError as exc:
        return _specials(checker, rel, [Special("attach.broken", "", f"附件无法打开：{exc.strerror or exc}",
                                                "确认文件存在且可读，且不是符号链接")])
    text, extracted = read(path.suffix.lower(), data)
    if text is not None:  # a plain text file: checked as it is, with its own lines
        return checker.check_text(rel, text)
    specials = list(extracted.specials)
    people = sorted(p for p in extracted.people if p.strip() and p.strip().casefold() not in GENERIC_AUTHORS)
    if people:
        shown = "、".join(mask_name(p.strip()) for p in people[:5]) + ("等" if len(people) > 5 else "")
        specials.append(Special("attach.metadata", "文件属性",
                                f"文件属性、批注或修订中记录了 {len(people)} 个人名或账户名（{shown}）",
                                "发布前清除个人信息（Word/WPS：检查文档 → 删除文档属性和个人信息；"
                                "或另存为 PDF 时不含文档属性）"))
    findings: list[Finding] = []
    for part in extracted.parts:
        findings += _locate_all(part, checker.check_text(rel, part.text), rel)
    return findings + _specials(checker, rel, specials)


def _locate_all(part: Part, findings: Iterable[Finding], rel: str) -> list[Finding]:
    lines = Lines(part.text)
    out, seen = [], set()
    for f in findings:
        located = _locate(part, lines, f, rel)
        if located is not None and (located.rule, located.path, located.line, located.column) not in seen:
            seen.add((located.rule, located.path, located.line, located.column))
            out.append(located)
    return out


def _locate(part: Part, lines: Lines, f: Finding, rel: str) -> Finding | None:
    """The finding moved from the part's text to its segment: `file!where`, line and column there."""
    if not part.segments:
        return replace(f, path=rel)
    offset = lines.starts[f.line - 1] + f.column - 1
    i = max(0, bisect.bisect_right(part.starts, offset) - 1)
    seg, r = part.segments[i], offset - part.starts[i]
    end = r + max(1, f.end_column - f.column)
    labels = list(dict.fromkeys(label for a, b, label in seg.marks if a < end and r < b))
    if seg.only and seg.only not in labels:
        return None  # an alternate view (text before tracked changes): only its own text counts
    line = seg.text.count("\n", 0, r) + 1
    column = r - (seg.text.rfind("\n", 0, r) + 1) + 1
    where = seg.where + "".join(f"（{label}）" for label in labels)
    return replace(f, path=f"{rel}!{where}", line=line, column=column, end_column=column + end - r)


def _specials(checker: Checker, rel: str, specials: list[Special]) -> list[Finding]:
    rules = {r.id: r for r in checker.registry}
    out = []
    for s in specials:
        override = checker.settings.severity.get(s.rule)
        if override == OFF:
            continue
        severity = Severity(override) if override else rules[s.rule].severity
        out.append(Finding(s.rule, severity, f"{rel}!{s.where}" if s.where else rel, 1, 1, s.excerpt,
                           s.message, s.hint))
    return out
