"""Building the site with Pelican into a fresh folder and swapping it in only on success."""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import BuildError, DiscloseError
from .procs import alive


@dataclass
class BuildResult:
    """What a successful build wrote and what it held back."""

    output: Path
    published: int
    held_back: list[tuple[str, str, str]]  # (path, index number, reason)
    seconds: float
    deadline_notes: list[str]
    preview: bool = False
    inspection: list[str] = field(default_factory=list)  # warnings of the 政府网站 inspection
    held_pages: list[tuple[str, str]] = field(default_factory=list)  # fixed pages left out: (path, why)

    def lines(self) -> list[str]:
        """What the build reports to staff: a summary, then what was held back and the notes."""
        if self.preview:
            head = (f"预览构建完成（仅供工作人员核对，不得发布）：可发布 {self.published} 篇，"
                    f"页面上标明状态的未审核或不公开文档 {len(self.held_back)} 篇，输出在 {self.output}")
        else:
            head = (f"构建完成：发布 {self.published} 篇，暂不发布 {len(self.held_back)} 篇，"
                    f"用时 {self.seconds:.1f} 秒，输出在 {self.output}")
        return [head,
                *(f"  暂不发布 {path}（{index_no or '无索引号'}）：{reason}" for path, index_no, reason in self.held_back),
                *(f"  {'正式发布时不会发布' if self.preview else '未发布'}固定页面 {path}：{reason}"
                  for path, reason in self.held_pages),
                *(f"  {line}" for line in (*self.deadline_notes, *self.inspection))]

    @property
    def problems(self) -> int:
        """Documents and fixed pages held back for a reason other than 不予公开 (--strict fails on them)."""
        return sum(1 for h in self.held_back if h[2] != "不予公开") + len(self.held_pages)


def load_settings(settings_file: Path, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Pelican settings from a pelicanconf.py, with overrides (paths made absolute)."""
    from pelican.settings import read_settings

    try:
        return read_settings(str(settings_file), override=dict(overrides or {}))
    except (ValueError, OSError, SyntaxError, NameError) as exc:  # Pelican's own checks, a broken file
        raise BuildError(f"配置文件 {settings_file} 无法使用：{exc}（检查其中的路径，如 THEME、PATH）") from None


def _swap_in(new: Path, output: Path) -> None:
    """Replace `output` by `new`; the old tree is removed only after the rename succeeded."""
    old = output.with_name(f".{output.name}.old-{os.getpid()}")
    if output.exists():
        os.replace(output, old)
    os.replace(new, output)
    shutil.rmtree(old, ignore_errors=True)


def remove_stale(output: Path) -> list[Path]:
    """Remove the staging and old-output folders that killed builds left beside `output`."""
    removed = []
    for kind in ("building", "old"):
        for path in output.parent.glob(f".{output.name}.{kind}-*"):
            pid = path.name.rsplit("-", 1)[1]
            if path.is_dir() and not path.is_symlink() and pid.isdigit() and int(pid) != os.getpid() \
                    and not alive(int(pid)):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


def build_site(settings_file: Path, output: Path,
               overrides: dict[str, Any] | None = None) -> BuildResult:
    """Build into a sibling temporary folder; on any failure leave `output` untouched."""
    from pelican import Pelican
    from pelican.log import FatalLogger

    start = time.perf_counter()
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.with_name(f".{output.name}.building-{os.getpid()}")
    remove_stale(output)  # a killed build leaves a full site copy behind
    shutil.rmtree(staging, ignore_errors=True)
    settings = load_settings(settings_file, {**(overrides or {}), "OUTPUT_PATH": str(staging)})
    notes: list[list[str]] = []  # filled while the search indexes finish (site/plugin.finish_search)
    settings["DISCLOSE_WHILE_INDEXING"] = lambda corpus: notes.extend(
        (deadline_notes(corpus), inspection_notes(corpus)))
    previous_fatal = FatalLogger.fatal_lvl
    FatalLogger.fatal_lvl = logging.ERROR  # any error Pelican logs stops the build
    try:
        pelican = Pelican(settings)
        pelican.run()
    except Exception as exc:  # Pelican, Jinja2, the file system, our checks: all stop the build
        job = settings.get("DISCLOSE_SEARCH_BUILD")
        if job:
            job.abort()
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, DiscloseError):
            raise
        raise BuildError(f"构建失败，已保留原有网站输出：{type(exc).__name__}: {exc}") from exc
    finally:
        FatalLogger.fatal_lvl = previous_fatal
    from .corpus import State

    corpus = settings["DISCLOSE_CORPUS"]
    _swap_in(staging, output)
    held = [(h.doc.source_path, h.doc.index_no, h.reason) for h in corpus.held_back]
    if corpus.preview:  # everything is shown; list what a real build would hold back
        held = [(e.path, e.doc.index_no, e.label) for e in corpus.entries.values() if e.state is not State.PUBLISH]
    deadlines, inspection = notes or (deadline_notes(corpus), inspection_notes(corpus))
    return BuildResult(output, len(corpus.published) - (len(held) if corpus.preview else 0), held,
                       time.perf_counter() - start, deadlines, corpus.preview,
                       inspection, list(corpus.held_pages))


def inspection_notes(corpus: Any) -> list[str]:
    """The inspection report as build warnings (it never stops a build)."""
    from .clock import today
    from .inspection import inspect, lines

    return lines(inspect(corpus, today()))


def deadline_notes(corpus: Any) -> list[str]:
    """Lines reporting documents over the 20-working-day deadline (条例第二十六条)."""
    from .approval.audit import deadline
    notes, by_hand = [], False
    for doc in corpus.documents:
        d = deadline(corpus, doc)
        by_hand |= d["calendar_extended_by_hand"]
        if d["overdue"]:
            notes.append(f"超过公开时限：{doc.source_path}（{doc.index_no}）应于 {d['due']} 前公开")
    if by_hand:
        notes.append("注意：chinese-calendar 没有部分年份的官方数据，这些年份按周末及配置中声明的节假日、调休日计算。")
    return notes
