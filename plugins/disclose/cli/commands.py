"""Subcommands of `disclose`: each a function taking the parsed arguments."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from .. import config as config_mod
from ..build import build_site, load_settings
from ..corpus import load_corpus, today
from ..errors import DiscloseError, Problem
from ..model import Disclosure
from ..newdoc import assign, create
from .output import console, console_err


class Site:
    """The site a command works on: its settings, content folder and repository root."""

    def __init__(self, settings_file: str) -> None:
        path = Path(settings_file)
        if not path.is_file():
            raise DiscloseError(f"找不到配置文件 {settings_file}；请在网站仓库根目录运行，或用 -s 指定")
        self.settings_file = path
        self.pelican = load_settings(path)
        self.settings = config_mod.load(self.pelican.get(config_mod.CONFIG_NAME), str(path))
        self.content_root = Path(self.pelican["PATH"])
        self.repo_root = self.content_root.resolve().parent


def cmd_new(args: argparse.Namespace) -> int:
    site = Site(args.settings)
    created = dt.date.fromisoformat(args.created) if args.created else today()
    path, index_no = create(site.content_root, site.repo_root, site.settings, title=args.title,
                            category=args.category, publisher=args.publisher, created=created,
                            disclosure=Disclosure(args.disclosure), doc_no=args.doc_no or "",
                            path=Path(args.path) if args.path else None)
    console.print(f"已新建 {path}，索引号 {index_no}（已登记在台账中）。", markup=False)
    return 0


def cmd_number(args: argparse.Namespace, replace: bool = False) -> int:
    site = Site(args.settings)
    for p in args.paths:
        index_no = assign(Path(p), site.content_root, site.repo_root, site.settings, replace=replace)
        console.print(f"{p}：索引号 {index_no}", markup=False)
    return 0


def _problem_json(p: Problem) -> dict[str, Any]:
    return {"rule": p.code, "severity": "block", "field": p.field, "line": p.line, "column": None,
            "excerpt": "", "message": p.message, "hint": p.hint or ""}


def _selected(paths: list[str], repo_root: Path) -> set[str] | None:
    if not paths:
        return None
    out = set()
    for p in paths:
        full = Path(p).resolve()
        try:
            out.add(full.relative_to(repo_root.resolve()).as_posix())
        except ValueError:
            raise DiscloseError(f"路径 {p} 不在网站仓库内") from None
    return out


def cmd_check(args: argparse.Namespace) -> int:
    site = Site(args.settings)
    corpus = load_corpus(site.content_root, site.repo_root, site.settings)
    wanted = _selected(args.paths, site.repo_root)

    def chosen(path: str) -> bool:
        return wanted is None or any(path == w or path.startswith(w.rstrip("/") + "/") for w in wanted)

    problems = [p for p in corpus.problems if chosen(p.path)]
    checked = [d.source_path for d in corpus.documents if chosen(d.source_path)]
    files = sorted({*checked, *(p.path for p in problems)})
    if args.format == "json":
        report = {"files": [{"path": f, "findings": [_problem_json(p) for p in problems
                                                      if p.path == f]} for f in files],
                  "summary": {"files": len(files), "block": len(problems), "warn": 0, "info": 0}}
        console.print_json(json.dumps(report, ensure_ascii=False))
    else:
        for p in problems:
            console.print(str(p), markup=False)
        verdict = "未发现问题" if not problems else f"发现 {len(problems)} 个问题（阻止发布）"
        console.print(f"检查了 {len(files)} 个文件：{verdict}。",
                      style="green" if not problems else "bold red", markup=False)
    return 1 if problems else 0


def cmd_build(args: argparse.Namespace, settings_file: str | None = None) -> int:
    settings_file = settings_file or args.settings
    overrides = {"PATH": str(Path(args.content).resolve())} if args.content else {}
    result = build_site(Path(settings_file), Path(args.output), overrides)
    console_err.print(f"构建完成：发布 {result.published} 篇，暂不发布 {len(result.held_back)} 篇，"
                      f"用时 {result.seconds:.1f} 秒，输出在 {result.output}", markup=False)
    for path, index_no, reason in result.held_back:
        console_err.print(f"  暂不发布 {path}（{index_no or '无索引号'}）：{reason}", markup=False)
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    return cmd_build(args, settings_file=args.publish_settings)


def cmd_config_doc(args: argparse.Namespace) -> int:
    for name, default, help_text in config_mod.describe():
        console.print(f"{name}\t{default}\t{help_text}", markup=False)
    return 0


def add_all(sub: Any) -> None:
    """Register every subcommand with its help text."""
    p = sub.add_parser("new", help="新建文档骨架并分配下一个索引号")
    p.add_argument("--title", required=True, help="信息名称（全称）")
    p.add_argument("--publisher", required=True, help="发布机构标识或全称")
    p.add_argument("--category", required=True, help="组配分类标识或名称")
    p.add_argument("--created", help="产生日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--disclosure", default="主动公开", choices=[d.value for d in Disclosure],
                   help="公开方式（默认 主动公开）")
    p.add_argument("--doc-no", help="文件编号，如 江民发〔2026〕3号")
    p.add_argument("--path", help="文件路径（默认 content/机构/年份/年份-序号.md）")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("number", help="为没有索引号的文档分配索引号")
    p.add_argument("paths", nargs="+", metavar="PATH", help="文档路径")
    p.set_defaults(func=cmd_number)

    p = sub.add_parser("renumber", help="为文档分配新的索引号（旧号保留在台账中，永不复用）")
    p.add_argument("paths", nargs="+", metavar="PATH", help="文档路径")
    p.set_defaults(func=lambda a: cmd_number(a, replace=True))

    p = sub.add_parser("check", help="检查文档元数据；退出码 0 通过，1 有问题，2 用法错误")
    p.add_argument("paths", nargs="*", metavar="PATH", help="要检查的文件或文件夹（默认全部）")
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    p.set_defaults(func=cmd_check)

    for name, help_text, default_settings in (
            ("build", "构建网站（先构建到临时目录，成功后替换输出目录）", None),
            ("publish", "用 publishconf.py 构建正式发布的网站", "publishconf.py")):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("-o", "--output", default="output", help="输出目录（默认 output）")
        p.add_argument("--content", help="内容目录（默认取配置中的 PATH）")
        if default_settings:
            p.add_argument("--publish-settings", default=default_settings, help="发布配置文件")
            p.set_defaults(func=cmd_publish)
        else:
            p.set_defaults(func=cmd_build)

    p = sub.add_parser("config-doc", help="列出 DISCLOSE 配置的全部选项及说明")
    p.set_defaults(func=cmd_config_doc)
