"""Subcommands of `disclose`: each a function taking the parsed arguments."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

from .. import clock
from .. import config as config_mod
from ..approval import actions, sshsig, statements
from ..approval import audit as audit_mod
from ..approval.roster import STAGE_LABEL
from ..build import build_site, load_settings
from ..corpus import State, load_corpus, today
from ..errors import DiscloseError
from ..frontmatter import quoted
from ..model import Disclosure
from ..newdoc import assign, create, create_dataset, set_fields
from ..review.html_report import write_html
from ..review.registry import default_registry
from ..review.report import Report, problem_finding
from . import argtypes
from .output import console, console_err, print_machine, print_text_report, progress_bar


class UsageError(DiscloseError):
    """A command was called with arguments that cannot work (exit status 2)."""


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
    created = args.created or today()
    if args.dataset:
        path, index_no = create_dataset(site.content_root, site.repo_root, site.settings, title=args.title,
                                        category=args.category, publisher=args.publisher, created=created,
                                        path=Path(args.path) if args.path else None)
        console.print(f"已新建数据集 {path} 和 {path.with_suffix('.csv').name}，索引号 {index_no}（已登记在台账中）。"
                      "请按说明填写列定义和数据。", markup=False)
        return 0
    path, index_no = create(site.content_root, site.repo_root, site.settings, title=args.title,
                            category=args.category, publisher=args.publisher, created=created,
                            disclosure=Disclosure(args.disclosure), doc_no=args.doc_no or "",
                            path=Path(args.path) if args.path else None)
    console.print(f"已新建 {path}，索引号 {index_no}（已登记在台账中）。", markup=False)
    return 0


def cmd_number(args: argparse.Namespace, replace: bool = False) -> int:
    site = Site(args.settings)
    _selected(args.paths, site.repo_root)  # every path exists and lies in the site
    for p in args.paths:
        index_no = assign(Path(p), site.content_root, site.repo_root, site.settings, replace=replace)
        console.print(f"{p}：索引号 {index_no}", markup=False)
    return 0


def _selected(paths: list[str], repo_root: Path) -> set[str] | None:
    if not paths:
        return None
    out = set()
    for p in paths:
        full = Path(p).resolve()
        if not full.exists():
            raise UsageError(f"路径不存在：{p}")
        try:
            out.add(full.relative_to(repo_root.resolve()).as_posix())
        except ValueError:
            raise UsageError(f"路径 {p} 不在网站仓库内") from None
    return out


def build_report(site: Site, paths: list[str], show_progress: bool) -> Report:
    """Load and check the corpus, and gather the findings of the selected files."""
    wanted = _selected(paths, site.repo_root)

    def chosen(path: str) -> bool:
        return wanted is None or any(path == w or path.startswith(w.rstrip("/") + "/") for w in wanted)

    files = [p for p in site.content_root.rglob("*.md") if not any(x.startswith(".") for x in p.parts)]
    with progress_bar(len(files), "检查", show_progress) as advance:
        corpus = load_corpus(site.content_root, site.repo_root, site.settings, render=True,
                             progress=advance)
    report = Report()
    for path in sorted({*corpus.checked_paths(), *(p.path for p in corpus.problems)}):
        if chosen(path):
            meta = [problem_finding(p) for p in corpus.problems if p.path == path]
            # The document's own findings first, then its attachments' (path "file!location").
            report.files[path] = sorted(meta + corpus.findings_of(path),
                                        key=lambda f: (f.path != path, f.path, f.line, f.column))
    for entry in corpus.entries.values():
        for finding, acceptance in (entry.verdict.accepted if entry.verdict else ()):
            report.accepted[(finding.path, finding.fingerprint)] = acceptance.reason
    for doc in corpus.documents:
        if doc.is_dataset and chosen(doc.source_path):
            t = doc.table
            report.notes[doc.source_path] = (
                f"个体数据，{t.k}-匿名核验通过" if t.microdata else
                f"隐去 {t.withheld} 个数值（{t.primary} 个低于阈值或集中于少数单位，其余为防推算补充隐去或依据其计算的比例），"
                f"线性规划核验 {len(t.audit)} 个隐去位置全部通过" if t.withheld else "无需隐去数值") + \
                "".join(f"；{n}" for n in t.staff_notes)
    for path, entry in corpus.entries.items():
        report.status[path] = entry.label if entry.state is State.PUBLISH else f"暂不发布：{entry.label}"
    return report


def cmd_check(args: argparse.Namespace) -> int:
    site = Site(args.settings)
    machine = args.format in ("json", "sarif")
    report = build_report(site, args.paths, show_progress=not machine)
    if args.html:
        write_html(report, default_registry(), Path(args.html))
    if args.format == "json":
        print_machine(report.to_json())
    elif args.format == "sarif":
        print_machine(report.to_sarif(default_registry(), site.repo_root))
    else:
        print_text_report(report)
        if args.html:
            console.print(f"审查报告已写入 {args.html}", markup=False)
    return 1 if report.blocks else 0


def cmd_build(args: argparse.Namespace, settings_file: str | None = None) -> int:
    settings_file = settings_file or args.settings
    if not Path(settings_file).is_file():
        raise DiscloseError(f"找不到配置文件 {settings_file}")
    if args.content and not Path(args.content).is_dir():
        raise UsageError(f"内容目录不存在：{args.content}")
    overrides: dict[str, Any] = {"PATH": str(Path(args.content).resolve())} if args.content else {}
    if getattr(args, "preview", False):
        overrides["DISCLOSE_PREVIEW"] = True
    if getattr(args, "trust", None):
        overrides["DISCLOSE_TRUST"] = str(Path(args.trust).resolve())
    result = build_site(Path(settings_file), Path(args.output), overrides)
    if result.preview:
        console_err.print(f"预览构建完成（仅供工作人员核对，不得发布）：可发布 {result.published} 篇，"
                          f"页面上标明状态的未审核或不公开文档 {len(result.held_back)} 篇，输出在 {result.output}",
                          markup=False)
    else:
        console_err.print(f"构建完成：发布 {result.published} 篇，暂不发布 {len(result.held_back)} 篇，"
                          f"用时 {result.seconds:.1f} 秒，输出在 {result.output}", markup=False)
    for path, index_no, reason in result.held_back:
        console_err.print(f"  暂不发布 {path}（{index_no or '无索引号'}）：{reason}", markup=False)
    for path, reason in result.held_pages:
        console_err.print(f"  {'正式发布时不会发布' if result.preview else '未发布'}固定页面 {path}：{reason}",
                          markup=False)
    for line in result.deadline_notes:
        console_err.print(f"  {line}", markup=False)
    for line in result.inspection:
        console_err.print(f"  {line}", markup=False)
    problems = [h for h in result.held_back if h[2] != "不予公开"] + list(result.held_pages)
    if getattr(args, "strict", False) and problems:
        console_err.print(f"严格模式：有 {len(problems)} 篇文档暂不发布，视为错误。", style="bold red", markup=False)
        return 1
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    conf = Path(args.publish_settings)
    if not conf.is_absolute():
        conf = Path(args.settings).resolve().parent / conf
    return cmd_build(args, settings_file=str(conf))


def _corpus(site: Site, preview: bool = False):
    return load_corpus(site.content_root, site.repo_root, site.settings, preview=preview)


def _doc_key(site: Site, path: str) -> str:
    sel = _selected([path], site.repo_root)
    assert sel
    return next(iter(sel))


def cmd_approve(args: argparse.Namespace) -> int:
    site = Site(args.settings)
    corpus = _corpus(site)
    subj = actions.subject(corpus, _doc_key(site, args.path), args.person, args.key)
    d = actions.approve(subj, args.opinion or "", args.reject, statements.now())
    what = "退回" if args.reject else "同意"
    console.print(f"已记录：{subj.person.name}（{subj.person.id}）对 {subj.doc.index_no}《{subj.doc.title}》"
                  f"{STAGE_LABEL[d.stage]}意见为“{what}”，内容指纹 {d.sha256[:12]}…，已用本人密钥签名。"
                  "请提交审核记录（git add content && git commit -S）。", markup=False)
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    site = Site(args.settings)
    rule, _, line = args.finding.partition("@")
    if not line.isdigit():
        raise UsageError("问题应写成 规则@行号，如 pii.landline@12")
    corpus = _corpus(site)
    subj = actions.subject(corpus, _doc_key(site, args.path), args.person, args.key)
    acc = actions.accept(subj, rule, int(line), args.reason, statements.now())
    console.print(f"已记录：{subj.person.name}接受 {acc.rule}@{acc.line}，理由：{acc.reason}", markup=False)
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    site = Site(args.settings)
    rows = audit_mod.audit(_corpus(site))
    if args.format == "json":
        print_machine({"documents": rows})
    elif args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["索引号", "信息名称", "内容指纹", "作者", "环节", "决定", "审核人", "时间", "意见",
                         "是否当前版本", "签名", "是否发布", "状态"])
        for r in rows:
            for d in r["decisions"] or [None]:
                writer.writerow([r["index_no"], r["title"], r["content_sha256"], "、".join(r["authors"]),
                                 *([d["stage_label"], d["decision"], d["name"], d["at"], d["opinion"],
                                    "是" if d["current"] else "否", d["signature"]] if d else [""] * 7),
                                 "是" if r["published"] else "否", r["state"]])
    else:
        for r in rows:
            mark = "发布" if r["published"] else "暂不发布"
            console.print(f"{r['index_no']}  {r['title']}  [{mark}] {r['state']}", markup=False)
            authors = "、".join(r["authors"]) or "无"
            console.print(f"    作者（提交签名人）：{authors}" + (f"（{r['authors_note']}）" if r["authors_note"] else ""),
                          markup=False)
            if r["live_version"]:
                console.print(f"    网站显示的已批准版本：内容指纹 {r['live_version']['sha256'][:12]}…，"
                              f"提交 {r['live_version']['commit'][:10]}", markup=False)
            for d in r["decisions"]:
                cur = "" if d["current"] else "（针对旧版本）"
                sig = "签名有效" if d["signature"] == "有效" else f"不算数：{d['signature']}"
                console.print(f"    {d['at'][:16]}  {d['stage_label']} {d['decision']}  {d['name']}："
                              f"{d['opinion']}{cur}［{sig}］", markup=False)
            for x in r["acceptances"]:
                console.print(f"    {x['at'][:16]}  接受 {x['rule']}@{x['line']}  {x['name']}：{x['reason']}",
                              markup=False)
            if r["deadline"]["overdue"]:
                console.print(f"    超过公开时限（应于 {r['deadline']['due']} 前公开）", markup=False)
    return 0


IMPORT_SUFFIXES = (".html", ".htm", ".shtml", ".txt")


def _import_files(paths: list[str]) -> list[tuple[Path, Path | None]]:
    """(page file, the folder it was found in, or None for a file given directly)."""
    files: list[tuple[Path, Path | None]] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += [(f, p) for f in sorted(p.rglob("*")) if f.suffix.lower() in IMPORT_SUFFIXES]
        elif p.is_file():
            files.append((p, None))
        else:
            raise UsageError(f"路径不存在：{p}")
    return files


def cmd_import(args: argparse.Namespace) -> int:
    from ..importer import redirects as redirect_map
    from ..importer.run import Options, run

    site = Site(args.settings)
    files = _import_files(args.paths)
    options = Options(args.publisher, args.category, args.dry_run, args.old_base)
    with progress_bar(len(files), "导入", args.format == "text") as advance:
        results, redirects = run(files, site.settings, site.content_root, site.repo_root, options, advance)
    if args.redirects:
        csv_path, conf_path = redirect_map.write(Path(args.redirects), redirects)
        if args.format == "text":
            console.print(f"跳转对照表：{csv_path}（CSV）、{conf_path}（nginx map），共 {len(redirects)} 条"
                          + ("（试运行：按计划分配的索引号）" if args.dry_run else ""), markup=False)
    if args.format == "json":
        print_machine([r.to_json() for r in results])
        return 1 if any(r.error for r in results) else 0
    for r in results:
        state = (r.error and f"失败：{r.error}" or r.skipped
                 or (f"已写入 {r.written}，索引号 {r.metadata['index_no']}，待审核" if r.written
                     else f"可导入（试运行），将分配索引号 {r.metadata['index_no']}"))
        found = sum(1 for k in convert_fields() if r.metadata.get(k))
        console.print(f"{r.page.source}（{r.page.encoding}，找到 {found}/{len(convert_fields())} 个字段）：{state}",
                      markup=False)
        for w in r.page.warnings:
            console.print(f"    注意：{w}", markup=False)
    done = sum(1 for r in results if r.written or (args.dry_run and r.planned))
    failed = sum(1 for r in results if r.error)
    skipped = sum(1 for r in results if r.skipped)
    attention = sum(1 for r in results if r.page.warnings and not r.error)
    console.print(f"共 {len(results)} 个页面：导入 {done}，跳过 {skipped}，失败 {failed}，需核对 {attention}。"
                  + ("（试运行，未写入任何文件）" if args.dry_run else "导入的文档需经保密检查和审核后才会发布。"),
                  markup=False)
    return 1 if failed else 0


def convert_fields() -> tuple[str, ...]:
    """The metadata fields an import reports."""
    from ..importer.convert import FIELDS

    return FIELDS


def _document(site: Site, path: str):
    corpus = load_corpus(site.content_root, site.repo_root, site.settings, render=False)
    key = _doc_key(site, path)
    doc = next((d for d in corpus.documents if d.source_path == key), None)
    if doc is None:
        raise DiscloseError(f"{path} 不是有效的文档；先运行 disclose check 修正问题")
    return corpus, doc


def cmd_abolish(args: argparse.Namespace) -> int:
    site = Site(args.settings)
    corpus, doc = _document(site, args.path)
    day = args.date or clock.today()
    if day < doc.created:
        raise UsageError(f"废止日期 {day} 早于产生日期 {doc.created}")
    values: dict[str, object] = {"status": "废止", "abolished": day}
    if args.replaced_by:
        if args.replaced_by not in corpus.by_index():
            raise UsageError(f"替代文件索引号 {args.replaced_by} 不存在")
        values["replaced_by"] = args.replaced_by
    set_fields(Path(args.path), values)
    _sign_statement(site, args, "abolish", f"废止，自 {day} 起失效")
    console.print(f"已将 {doc.index_no}《{doc.title}》标记为废止（{day}）。文件内容已改变，"
                  "需重新保密审查和审批后，网站上才显示废止标记；在此之前网站继续显示已批准的版本。", markup=False)
    return 0


def _sign_statement(site: Site, args: argparse.Namespace, stage: str, opinion: str) -> None:
    """With --as: a signed withdrawal/abolition statement on the edited content."""
    if not getattr(args, "person", None):
        return
    corpus = load_corpus(site.content_root, site.repo_root, site.settings, render=True)
    subj = actions.subject(corpus, _doc_key(site, args.path), args.person, args.key, check_authors=False)
    actions.record(subj, stage, opinion, statements.now())
    console.print(f"已记录{subj.person.name}签名的{STAGE_LABEL[stage]}决定。", markup=False)


def cmd_withdraw(args: argparse.Namespace) -> int:
    site = Site(args.settings)
    _, doc = _document(site, args.path)
    if not args.reason.strip():
        raise UsageError("必须用 --reason 写明撤回原因")
    day = args.date or clock.today()
    set_fields(Path(args.path), {"withdrawn": day, "withdrawn_reason": quoted(args.reason.strip())})
    _sign_statement(site, args, "withdraw", args.reason.strip())
    console.print(f"已撤回 {doc.index_no}《{doc.title}》：下次构建起其内容从网站、订阅、网站地图和检索中移除；"
                  "撤回说明页经审核后显示在原网址。", markup=False)
    return 0


def cmd_roster(args: argparse.Namespace) -> int:
    from ..approval import trust
    from ..approval.roster import Roster

    site = Site(args.settings)
    a = site.settings.approval
    roster_path, policy_path = site.content_root / a.roster, site.content_root / a.policy
    roster = Roster.load(roster_path, str(roster_path))
    if args.action == "verify":
        anchor = trust.resolve_anchor(args.trust)
        if anchor is None:
            raise trust.TrustError("没有信任锚：请用 --trust 或环境变量 DISCLOSE_TRUST 提供管理员公钥")
        policy = trust.verify(policy_path, str(policy_path), site.settings, roster.raw, anchor)
        console.print(f"名册和审核制度的管理员签名有效（签名于 {policy.signed_at}，基线 {policy.baseline[:12]}）。",
                      markup=False)
        return 0
    old = trust.load_policy(policy_path)
    rev = args.baseline or (old.baseline if old and old.baseline not in ("", "-") else "HEAD")
    baseline = trust.resolve_commit(site.repo_root, rev)
    try:
        policy = trust.sign(policy_path, site.settings, roster.raw, args.key, baseline,
                            trust.current_pages(site.content_root, site.repo_root))
    except sshsig.SignatureError as exc:
        raise trust.TrustError(f"签名失败：{exc}") from None
    console.print(f"已签名 {policy_path}：名册 {len(roster.people)} 人，审核环节 {','.join(policy.stages)}，"
                  f"签名基线 {baseline[:12]}，固定页面 {len(policy.pages)} 个。请提交该文件（git commit -S）。", markup=False)
    return 0


def cmd_deadlines(args: argparse.Namespace) -> int:
    site = Site(args.settings)
    rows = [r for r in audit_mod.audit(_corpus(site)) if r["deadline"]["applies"]]
    late = [r for r in rows if r["deadline"]["overdue"]]
    if args.format == "json":
        print_machine({"overdue": late})
        return 0
    for r in late:
        when = f"已于 {r['publish_date']} 发布" if r["published"] else f"尚未发布（{r['state']}）"
        console.print(f"{r['index_no']}  {r['title']}：应于 {r['deadline']['due']} 前公开，{when}", markup=False)
    console.print(f"共 {len(rows)} 篇文档，{len(late)} 篇超过 {site.settings.approval.deadline_workdays} 个工作日的公开时限。",
                  markup=False)
    if any(r["deadline"]["calendar_extended_by_hand"] for r in rows):
        console.print("注意：部分年份超出 chinese-calendar 的官方数据，按周末及配置中声明的节假日、调休日计算。",
                      markup=False)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from ..report import annual

    site = Site(args.settings)
    org = site.settings.publisher(args.publisher)
    if org is None:
        raise UsageError(f"未配置的发布机构“{args.publisher}”")
    r = site.settings.report
    rel_counts = r.counts.format(year=args.year, publisher=org.id)
    counts = annual.load_counts(site.content_root / rel_counts, f"content/{rel_counts}")
    corpus = load_corpus(site.content_root, site.repo_root, site.settings, render=False)
    cats = {"规章": r.regulation_categories, "行政规范性文件": r.normative_categories}
    body = annual.render(corpus, args.year, org.id, counts, cats)
    if args.stdout:
        print(body)
        return 0
    category = site.settings.annual_report_category or site.settings.all_categories()[0][0].id
    path, index_no = create(site.content_root, site.repo_root, site.settings,
                            title=f"{org.name}{args.year}年政府信息公开工作年度报告", category=category,
                            publisher=org.id, created=clock.today(), disclosure=Disclosure.PROACTIVE)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.rindex("---") + 3] + "\n\n" + body, encoding="utf-8")
    console.print(f"已生成 {path}（索引号 {index_no}），请核对后提交，经审核后发布。", markup=False)
    return 0


def cmd_inspect(args: argparse.Namespace) -> int:
    from .. import inspection

    site = Site(args.settings)
    day = args.date or today()
    corpus = load_corpus(site.content_root, site.repo_root, site.settings, render=True,
                         trust=str(Path(args.trust).resolve()) if args.trust else None)
    report = inspection.inspect(corpus, day)
    within = args.days if args.days is not None else site.settings.inspection.warn_days
    failing = report.failing_within(within)
    if args.format == "json":
        data = inspection.to_json(report)
        data["failing_within"] = {"days": within, "thresholds": [t.id for t in failing]}
        print_machine(data)
    else:
        for line in inspection.lines(report):
            console.print(line, markup=False)
        if failing:
            console.print(f"{within} 天内将触及单项否决：{'；'.join(t.label for t in failing)}。请尽快更新。",
                          markup=False)
    return 1 if failing and args.days is not None else 0


def cmd_linkcheck(args: argparse.Namespace) -> int:
    from urllib.parse import urlsplit

    from ..inspection import linkcheck

    site = Site(args.settings)
    output = Path(args.output)
    if not (output / "index.html").is_file():
        raise UsageError(f"找不到已构建的网站 {output}；请先运行 make publish 或用 -o 指定输出目录")
    hosts = {site.settings.site.domain, urlsplit(site.pelican.get("SITEURL", "")).hostname} - {None, ""}
    result = linkcheck.run(output, hosts, workers=args.workers, timeout=args.timeout,
                           cache=Path(args.cache) if args.cache else None, max_age_hours=args.max_age)
    if args.format == "json":
        print_machine({
            "checked": result.checked, "cached": result.cached,
            "dead": [{"url": d.url, "reason": d.reason, "pages": d.pages} for d in result.dead],
            "slow": [{"url": u, "seconds": t} for u, t in result.slow]})
    else:
        for d in result.dead:
            console.print(f"断链 {d.url}：{d.reason}", markup=False)
            for page in d.pages:
                console.print(f"    所在页面：{page}", markup=False)
        for url, seconds in result.slow:
            console.print(f"响应慢 {url}：{seconds} 秒", markup=False)
        console.print(f"检查外部链接 {result.checked} 个（另有 {result.cached} 个近期检查过，未重复检查），"
                      f"断链 {len(result.dead)} 个。", markup=False)
    return 1 if result.dead else 0


def cmd_rules(args: argparse.Namespace) -> int:
    for rule in default_registry():
        print(f"{rule.id}\t{rule.severity}\t{rule.title}：{rule.description}")  # TSV, not rich
    return 0


def cmd_config_doc(args: argparse.Namespace) -> int:
    for name, default, help_text in config_mod.describe():
        print(f"{name}\t{default}\t{help_text}")  # TSV, not rich
    return 0


def add_all(sub: Any) -> None:
    """Register every subcommand with its help text."""
    p = sub.add_parser("new", help="新建文档骨架并分配下一个索引号")
    p.add_argument("--title", required=True, type=argtypes.text, help="信息名称（全称）")
    p.add_argument("--publisher", required=True, help="发布机构标识或全称")
    p.add_argument("--category", required=True, help="组配分类标识或名称")
    p.add_argument("--created", type=argtypes.date, help="产生日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--disclosure", default="主动公开", choices=[d.value for d in Disclosure],
                   help="公开方式（默认 主动公开）")
    p.add_argument("--doc-no", help="文件编号，如 江民发〔2026〕3号")
    p.add_argument("--path", help="文件路径（默认 content/机构/年份/年份-序号.md）")
    p.add_argument("--dataset", action="store_true",
                   help="新建数据集（data/ 下的描述文件和同名 CSV），而不是 Markdown 文档")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("number", help="为没有索引号的文档分配索引号")
    p.add_argument("paths", nargs="+", metavar="PATH", help="文档路径")
    p.set_defaults(func=cmd_number)

    p = sub.add_parser("renumber", help="为文档分配新的索引号（旧号保留在台账中，永不复用）")
    p.add_argument("paths", nargs="+", metavar="PATH", help="文档路径")
    p.set_defaults(func=lambda a: cmd_number(a, replace=True))

    p = sub.add_parser("check", help="元数据与保密检查；退出码 0 无阻止项，1 有阻止发布的问题，2 用法错误")
    p.add_argument("paths", nargs="*", metavar="PATH", help="要检查的文件或文件夹（默认 content/ 全部）")
    p.add_argument("--format", choices=["text", "json", "sarif"], default="text",
                   help="输出格式：text（给人看）、json、sarif（代码托管平台显示）")
    p.add_argument("--html", metavar="FILE", help="另外写出一份给保密审查员看的 HTML 报告")
    p.set_defaults(func=cmd_check)

    for name, help_text, default_settings in (
            ("build", "构建网站（先构建到临时目录，成功后替换输出目录）", None),
            ("publish", "用 publishconf.py 构建正式发布的网站", "publishconf.py")):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("-o", "--output", default="output", help="输出目录（默认 output）")
        p.add_argument("--content", help="内容目录（默认取配置中的 PATH）")
        p.add_argument("--strict", action="store_true", help="有文档暂不发布（不予公开除外）时以错误退出")
        p.add_argument("--trust", metavar="FILE",
                       help="管理员公钥文件（信任锚，也可用环境变量 DISCLOSE_TRUST）；正式构建必须提供")
        if default_settings:
            p.add_argument("--publish-settings", default=default_settings, help="发布配置文件")
            p.set_defaults(func=cmd_publish)
        else:
            p.add_argument("--preview", action="store_true",
                           help="工作人员预览：包括未审核的文档，页面上标明状态（不得发布预览目录）")
            p.set_defaults(func=cmd_build)

    p = sub.add_parser("approve", help="以审核人身份审查或审批文档（记录绑定当前内容指纹）")
    p.add_argument("path", metavar="PATH", help="文档路径")
    p.add_argument("--as", dest="person", required=True, help="名册中的人员标识")
    p.add_argument("--opinion", help="审查或审批意见")
    p.add_argument("--reject", action="store_true", help="退回（需写明意见）")
    p.add_argument("--key", help="本人的 SSH 私钥文件（默认 ssh-agent 或 git 的 user.signingkey）")
    p.set_defaults(func=cmd_approve)

    p = sub.add_parser("accept", help="保密审查员写明理由，接受一项检查问题")
    p.add_argument("path", metavar="PATH", help="文档路径")
    p.add_argument("finding", metavar="RULE@LINE", help="规则@行号，如 pii.landline@12")
    p.add_argument("--as", dest="person", required=True, help="名册中的人员标识（保密审查员）")
    p.add_argument("--reason", required=True, type=argtypes.text, help="接受的理由")
    p.add_argument("--key", help="本人的 SSH 私钥文件（默认 ssh-agent 或 git 的 user.signingkey）")
    p.set_defaults(func=cmd_accept)

    p = sub.add_parser("audit", help="列出每篇文档的审查、审批记录和发布状态（记录备查）")
    p.add_argument("--format", choices=["text", "json", "csv"], default="text", help="输出格式")
    p.set_defaults(func=cmd_audit)

    from . import search_commands  # search, search-server, search-index (cli/search_commands.py)
    search_commands.add(sub)

    p = sub.add_parser("import", help="导入原有网站保存的页面（HTML 或文本，UTF-8/GBK/GB18030）")
    p.add_argument("paths", nargs="+", metavar="PATH", help="页面文件或文件夹")
    p.add_argument("--publisher", help="发布机构（页面上没有或与配置不符时使用）")
    p.add_argument("--category", help="默认组配分类（页面上的分类未配置时使用）")
    p.add_argument("--dry-run", action="store_true", help="只分析、不写入文档和索引号台账（--redirects 的对照表照常写出）")
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    p.add_argument("--redirects", metavar="FILE",
                   help="写出跳转对照表：原网址、原索引号 → 新网址（FILE 为 CSV，另写同名 .conf 的 nginx map）")
    p.add_argument("--old-base", metavar="URL",
                   help="原网站上与所给文件夹对应的地址（页面中没有原网址时，用它加相对路径作为原网址）")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("abolish", help="把文档标记为废止（需重新审核）")
    p.add_argument("path", metavar="PATH", help="文档路径")
    p.add_argument("--replaced-by", metavar="INDEX", help="替代文件的索引号")
    p.add_argument("--date", type=argtypes.date, help="废止日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--as", dest="person", help="以名册中人员（分管领导）的身份签名记录此决定")
    p.add_argument("--key", help="本人的 SSH 私钥文件（默认 ssh-agent 或 git 的 user.signingkey）")
    p.set_defaults(func=cmd_abolish)

    p = sub.add_parser("withdraw", help="撤回误发布的文档：内容从网站移除，原网址显示撤回说明")
    p.add_argument("path", metavar="PATH", help="文档路径")
    p.add_argument("--reason", required=True, help="撤回原因")
    p.add_argument("--date", type=argtypes.date, help="撤回日期 YYYY-MM-DD（默认今天）")
    p.add_argument("--as", dest="person", help="以名册中人员（分管领导）的身份签名记录此决定")
    p.add_argument("--key", help="本人的 SSH 私钥文件（默认 ssh-agent 或 git 的 user.signingkey）")
    p.set_defaults(func=cmd_withdraw)

    p = sub.add_parser("roster", help="管理员：签名名册和审核制度（信任锚），或核验签名")
    p.add_argument("action", choices=["sign", "verify"], help="sign 签名；verify 核验")
    p.add_argument("--key", help="管理员 SSH 私钥文件（sign；默认 ssh-agent 或 git 的 user.signingkey）")
    p.add_argument("--baseline", help="sign：签名基线提交（此前的历史按原样接受，默认沿用原基线；首次为 HEAD）")
    p.add_argument("--trust", metavar="FILE", help="verify：管理员公钥文件（或环境变量 DISCLOSE_TRUST）")
    p.set_defaults(func=cmd_roster)

    p = sub.add_parser("deadlines", help="列出超过 20 个工作日公开时限的文档")
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    p.set_defaults(func=cmd_deadlines)

    p = sub.add_parser("report", help="生成报告：annual 为政府信息公开工作年度报告")
    p.add_argument("kind", choices=["annual"], help="报告种类")
    p.add_argument("--year", type=argtypes.year, required=True, help="报告年度")
    p.add_argument("--publisher", required=True, help="发布机构")
    p.add_argument("--stdout", action="store_true", help="只输出正文，不新建文档")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("inspect", help="政府网站检查：栏目更新、空白栏目、否决项、政策解读、网站要素、有效期")
    p.add_argument("--date", type=argtypes.date, help="按哪一天检查 YYYY-MM-DD（默认今天）")
    p.add_argument("--days", type=argtypes.days, metavar="N",
                   help="N 天内将触及单项否决时以错误退出（退出码 1；供定时任务使用）")
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    p.add_argument("--trust", metavar="FILE", help="管理员公钥文件（或环境变量 DISCLOSE_TRUST）")
    p.set_defaults(func=cmd_inspect)

    p = sub.add_parser("linkcheck", help="检查已构建网站的断链（外部链接并发检查，有超时和缓存；供定时任务使用）")
    p.add_argument("-o", "--output", default="output", help="网站输出目录（默认 output）")
    p.add_argument("--workers", type=argtypes.workers, default=8, help="同时检查的链接数（默认 8）")
    p.add_argument("--timeout", type=float, default=10.0, help="每个链接的超时秒数（默认 10）")
    p.add_argument("--cache", default=".cache/linkcheck.json", help="缓存文件：近期有效的链接不重复检查（空字符串不用缓存）")
    p.add_argument("--max-age", type=float, default=24.0, help="缓存有效小时数（默认 24）")
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
    p.set_defaults(func=cmd_linkcheck)

    p = sub.add_parser("rules", help="列出保密检查的全部规则、默认级别和说明")
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("config-doc", help="列出 DISCLOSE 配置的全部选项及说明")
    p.set_defaults(func=cmd_config_doc)

    from ..desk.cli import add_parser as add_desk  # the review desk (Flask, imported when run)
    add_desk(sub)
