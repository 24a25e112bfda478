"""Terminal output (rich): consoles, the text report of the check, progress bars."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

from ..model import Severity
from ..review.report import Report

console = Console(highlight=False, soft_wrap=True)
console_err = Console(stderr=True, highlight=False, soft_wrap=True)

STYLE = {Severity.BLOCK: "bold red", Severity.WARN: "yellow", Severity.INFO: "cyan"}
LABEL = {Severity.BLOCK: "阻止", Severity.WARN: "警告", Severity.INFO: "提示"}


def print_machine(data: Any) -> None:
    """JSON for programs (--format json/sarif): plain UTF-8 text straight to stdout, never
    through rich, so no colour codes whatever the terminal, FORCE_COLOR or TERM say."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def print_text_report(report: Report) -> None:
    """Findings grouped by file, the masked line with the match marked, a summary line."""
    for path, findings in report.files.items():
        if not findings:
            continue
        console.print(Text(path, style="bold underline"))
        for f in findings:
            # An attachment's finding names the file and the place in it (名单.xlsx!Sheet2!C14).
            # A dataset's (descriptor .yml) other files are its data files, not attachments.
            kind = "数据文件" if path.endswith((".yml", ".yaml")) else "附件"
            where = f"{kind} {f.path.rsplit('/', 1)[-1]} " if f.path != path else ""
            line = Text(f"  {where}{f.line}:{f.column}  ")
            if report.is_accepted(f):
                line.append("已接受", style="green")
            else:
                line.append(LABEL[f.severity], style=STYLE[f.severity])
            line.append(f"  {f.rule}  {f.message}")
            console.print(line)
            if f.excerpt:
                excerpt = Text("      ")
                before, _, rest = f.excerpt.partition("【")
                hit, _, after = rest.partition("】")
                excerpt.append(before)
                excerpt.append(hit or "", style="reverse")
                excerpt.append(after)
                console.print(excerpt)
            if report.is_accepted(f):
                console.print(Text(f"      审查员接受理由：{report.accepted[(f.path, f.fingerprint)]}", style="green"))
            elif f.hint:
                console.print(Text(f"      提示：{f.hint}", style="dim"))
    for path, note in report.notes.items():
        console.print(Text(f"数据集 {path}：{note}", style="cyan"))
    c = report.counts()
    style = "bold red" if c["block"] else ("yellow" if c["warn"] else "green")
    accepted = f"，已接受 {c['accepted']} 项" if c["accepted"] else ""
    console.print(Text(f"检查了 {len(report.files)} 个文件：阻止发布 {c['block']} 项，警告 {c['warn']} 项，"
                       f"提示 {c['info']} 项{accepted}。", style=style))


@contextmanager
def progress_bar(total: int, label: str, enabled: bool = True) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr for long runs (more than 50 files, on a terminal)."""
    if not enabled or total <= 50 or not console_err.is_terminal:
        yield lambda _path: None
        return
    with Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console_err, transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda _path: progress.advance(task)
