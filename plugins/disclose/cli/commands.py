"""Subcommands of `disclose`: each declares its arguments with `@command` (cli/registry.py) and
does parse → one library call → print → exit status. The work itself is in the library."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

from .. import clock
from .. import config as config_mod
from ..approval import actions, statements
from ..approval import audit as audit_mod
from ..approval.roster import STAGE_LABEL
from ..build import build_site
from ..check import check_site, source_files
from ..corpus import load_corpus, today
from ..errors import DiscloseError, UsageError
from ..model import Disclosure
from ..newdoc import abolish, create, create_dataset, number, withdraw
from ..review.html_report import write_html
from ..review.registry import default_registry
from . import argtypes
from .base import Site, doc_key, existing, selected
from .output import console, console_err, print_machine, print_text_report, progress_bar
from .registry import arg, command

KEY_HELP = "本人的 SSH 私钥文件（默认 ssh-agent 或 git 的 user.signingkey）"
PATH_ARG = arg("path", metavar="PATH", help="文档路径")
PATHS_ARG = arg("paths", nargs="+", metavar="PATH", help="文档路径")


@command("new", help="新建文档骨架并分配下一个索引号", args=[
    arg("--title", required=True, type=argtypes.text, help="信息名称（全称）"),
    arg("--publisher", required=True, help="发布机构标识或全称"),
    arg("--category", required=True, help="组配分类标识或名称"),
    arg("--created", type=argtypes.date, help="产生日期 YYYY-MM-DD（默认今天）"),
    arg("--disclosure", default="主动公开", choices=[d.value for d in Disclosure], help="公开方式（默认 主动公开）"),
    arg("--doc-no", help="文件编号，如 江民发〔2026〕3号"),
    arg("--path", help="文件路径（默认 content/机构/年份/年份-序号.md）"),
    arg("--dataset", action="store_true", help="新建数据集（data/ 下的描述文件和同名 CSV），而不是 Markdown 文档"),
])
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


def _number(args: argparse.Namespace, replace: bool) -> int:
    site = Site(args.settings)
    selected(args.paths, site.repo_root)  # every path exists and lies in the site
    for path, index_no in number([Path(p) for p in args.paths], site.content_root, site.repo_root,
                                 site.settings, replace=replace):
        console.print(f"{path}：索引号 {index_no}", markup=False)
    return 0


@command("number", help="为没有索引号的文档分配索引号", args=[PATHS_ARG])
def cmd_number(args: argparse.Namespace) -> int:
    return _number(args, replace=False)


@command("renumber", help="为文档分配新的索引号（旧号保留在台账中，永不复用）", args=[PATHS_ARG])
def cmd_renumber(args: argparse.Namespace) -> int:
    return _number(args, replace=True)


@command("check", help="元数据与保密检查；退出码 0 无阻止项，1 有阻止发布的问题，2 用法错误", args=[
    arg("paths", nargs="*", metavar="PATH", help="要检查的文件或文件夹（默认 content/ 全部）"),
    arg("--format", choices=["text", "json", "sarif"], default="text",
        help="输出格式：text（给人看）、json、sarif（代码托管平台显示）"),
    arg("--html", metavar="FILE", help="另外写出一份给保密审查员看的 HTML 报告"),
])
def cmd_check(args: argparse.Namespace) -> int:
    site = Site(args.settings)
    machine = args.format in ("json", "sarif")
    wanted = selected(args.paths, site.repo_root)
    with progress_bar(len(source_files(site.content_root)), "检查", not machine) as advance:
        report = check_site(site.content_root, site.repo_root, site.settings, wanted, advance)
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


BUILD_ARGS = [
    arg("-o", "--output", default="output", help="输出目录（默认 output）"),
    arg("--content", help="内容目录（默认取配置中的 PATH）"),
    arg("--strict", action="store_true", help="有文档暂不发布（不予公开除外）时以错误退出"),
    arg("--trust", metavar="FILE", help="管理员公钥文件（信任锚，也可用环境变量 DISCLOSE_TRUST）；正式构建必须提供"),
]


def _build(args: argparse.Namespace, settings_file: str) -> int:
    if not Path(settings_file).is_file():
        raise DiscloseError(f"找不到配置文件 {settings_file}")
    if args.content and not Path(args.content).is_dir():
        raise UsageError(f"内容目录不存在：{args.content}")
    overrides: dict[str, Any] = {"PATH": str(Path(args.content).resolve())} if args.content else {}
    if getattr(args, "preview", False):
        overrides["DISCLOSE_PREVIEW"] = True
    if args.trust:
        overrides["DISCLOSE_TRUST"] = str(Path(args.trust).resolve())
    result = build_site(Path(settings_file), Path(args.output), overrides)
    for line in result.lines():
        console_err.print(line, markup=False)
    if args.strict and result.problems:
        console_err.print(f"严格模式：有 {result.problems} 篇文档暂不发布，视为错误。", style="bold red", markup=False)
        return 1
    return 0


@command("build", help="构建网站（先构建到临时目录，成功后替换输出目录）", args=[
    *BUILD_ARGS,
    arg("--preview", action="store_true", help="工作人员预览：包括未审核的文档，页面上标明状态（不得发布预览目录）"),
])
def cmd_build(args: argparse.Namespace) -> int:
    return _build(args, args.settings)


@command("publish", help="用 publishconf.py 构建正式发布的网站", args=[
    *BUILD_ARGS,
    arg("--publish-settings", default="publishconf.py", help="发布配置文件"),
])
def cmd_publish(args: argparse.Namespace) -> int:
    conf = Path(args.publish_settings)
    if not conf.is_absolute():
        conf = Path(args.settings).resolve().parent / conf
    return _build(args, str(conf))


def _corpus(site: Site):
    return load_corpus(site.content_root, site.repo_root, site.settings)


@command("approve", help="以审核人身份审查或审批文档（记录绑定当前内容指纹）", args=[
    PATH_ARG,
    arg("--as", dest="person", required=True, help="名册中的人员标识"),
    arg("--opinion", help="审查或审批意见"),
    arg("--reject", action="store_true", help="退回（需写明意见）"),
    arg("--key", help=KEY_HELP),
])
def cmd_approve(args: argparse.Namespace) -> int:
    site = Site(args.settings)
    subj = actions.subject(_corpus(site), doc_key(site, args.path), args.person, args.key)
    d = actions.approve(subj, args.opinion or "", args.reject, statements.now())
    what = "退回" if args.reject else "同意"
    console.print(f"已记录：{subj.person.name}（{subj.person.id}）对 {subj.doc.index_no}《{subj.doc.title}》"
                  f"{STAGE_LABEL[d.stage]}意见为“{what}”，内容指纹 {d.sha256[:12]}…，已用本人密钥签名。"
                  "请提交审核记录（git add content && git commit -S）。", markup=False)
    return 0


@command("accept", help="保密审查员写明理由，接受一项检查问题", args=[
    PATH_ARG,
    arg("finding", metavar="RULE@LINE", help="规则@行号，如 pii.landline@12"),
    arg("--as", dest="person", required=True, help="名册中的人员标识（保密审查员）"),
    arg("--reason", required=True, type=argtypes.text, help="接受的理由"),
    arg("--key", help=KEY_HELP),
])
def cmd_accept(args: argparse.Namespace) -> int:
    site = Site(args.settings)
    rule, _, line = args.finding.partition("@")
    if not line.isdigit():
        raise UsageError("问题应写成 规则@行号，如 pii.landline@12")
    subj = actions.subject(_corpus(site), doc_key(site, args.path), args.person, args.key)
    acc = actions.accept(subj, rule, int(line), args.reason, statements.now())
    console.print(f"已记录：{subj.person.name}接受 {acc.rule}@{acc.line}，理由：{acc.reason}", markup=False)
    return 0


@command("audit", help="列出每篇文档的审查、审批记录和发布状态（记录备查）", args=[
    arg("--format", choices=["text", "json", "csv"], default="text", help="输出格式"),
])
def cmd_audit(args: argparse.Namespace) -> int:
    rows = audit_mod.audit(_corpus(Site(args.settings)))
    if args.format == "json":
        print_machine({"documents": rows})
    elif args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(audit_mod.CSV_HEADER)
        writer.writerows(audit_mod.csv_rows(rows))
    else:
        for line in audit_mod.lines(rows):
            console.print(line, markup=False)
    return 0


@command("import", help="导入原有网站保存的页面（HTML 或文本，UTF-8/GBK/GB18030）", args=[
    arg("paths", nargs="+", metavar="PATH", help="页面文件或文件夹"),
    arg("--publisher", help="发布机构（页面上没有或与配置不符时使用）"),
    arg("--category", help="默认组配分类（页面上的分类未配置时使用）"),
    arg("--dry-run", action="store_true", help="只分析、不写入文档和索引号台账（--redirects 的对照表照常写出）"),
    arg("--format", choices=["text", "json"], default="text", help="输出格式"),
    arg("--redirects", metavar="FILE",
        help="写出跳转对照表：原网址、原索引号 → 新网址（FILE 为 CSV，另写同名 .conf 的 nginx map）"),
    arg("--old-base", metavar="URL",
        help="原网站上与所给文件夹对应的地址（页面中没有原网址时，用它加相对路径作为原网址）"),
])
def cmd_import(args: argparse.Namespace) -> int:
    from ..importer import redirects as redirect_map
    from ..importer import run as importer

    site = Site(args.settings)
    files = importer.page_files(existing(args.paths))
    options = importer.Options(args.publisher, args.category, args.dry_run, args.old_base)
    with progress_bar(len(files), "导入", args.format == "text") as advance:
        results, redirects = importer.run(files, site.settings, site.content_root, site.repo_root, options, advance)
    if args.redirects:
        csv_path, conf_path = redirect_map.write(Path(args.redirects), redirects)
        if args.format == "text":
            console.print(f"跳转对照表：{csv_path}（CSV）、{conf_path}（nginx map），共 {len(redirects)} 条"
                          + ("（试运行：按计划分配的索引号）" if args.dry_run else ""), markup=False)
    failed = any(r.error for r in results)
    if args.format == "json":
        print_machine([r.to_json() for r in results])
        return 1 if failed else 0
    for r in results:
        console.print(importer.outcome(r), markup=False)
        for w in r.page.warnings:
            console.print(f"    注意：{w}", markup=False)
    console.print(importer.summary(results, args.dry_run), markup=False)
    return 1 if failed else 0


def _document(site: Site, path: str):
    corpus = load_corpus(site.content_root, site.repo_root, site.settings, render=False)
    key = doc_key(site, path)
    doc = next((d for d in corpus.documents if d.source_path == key), None)
    if doc is None:
        raise DiscloseError(f"{path} 不是有效的文档；先运行 disclose check 修正问题")
    return corpus, doc


def _sign_statement(site: Site, args: argparse.Namespace, stage: str, opinion: str) -> None:
    """With --as: a signed withdrawal/abolition statement on the edited content."""
    if not args.person:
        return
    corpus = load_corpus(site.content_root, site.repo_root, site.settings, render=True)
    subj = actions.subject(corpus, doc_key(site, args.path), args.person, args.key, check_authors=False)
    actions.record(subj, stage, opinion, statements.now())
    console.print(f"已记录{subj.person.name}签名的{STAGE_LABEL[stage]}决定。", markup=False)


SIGN_ARGS = [
    arg("--as", dest="person", help="以名册中人员（分管领导）的身份签名记录此决定"),
    arg("--key", help=KEY_HELP),
]


@command("abolish", help="把文档标记为废止（需重新审核）", args=[
    PATH_ARG,
    arg("--replaced-by", metavar="INDEX", help="替代文件的索引号"),
    arg("--date", type=argtypes.date, help="废止日期 YYYY-MM-DD（默认今天）"),
    *SIGN_ARGS,
])
def cmd_abolish(args: argparse.Namespace) -> int:
    site = Site(args.settings)
    corpus, doc = _document(site, args.path)
    day = args.date or clock.today()
    abolish(Path(args.path), doc.created, day, args.replaced_by, corpus.by_index())
    _sign_statement(site, args, "abolish", f"废止，自 {day} 起失效")
    console.print(f"已将 {doc.index_no}《{doc.title}》标记为废止（{day}）。文件内容已改变，"
                  "需重新保密审查和审批后，网站上才显示废止标记；在此之前网站继续显示已批准的版本。", markup=False)
    return 0


@command("withdraw", help="撤回误发布的文档：内容从网站移除，原网址显示撤回说明", args=[
    PATH_ARG,
    arg("--reason", required=True, help="撤回原因"),
    arg("--date", type=argtypes.date, help="撤回日期 YYYY-MM-DD（默认今天）"),
    *SIGN_ARGS,
])
def cmd_withdraw(args: argparse.Namespace) -> int:
    site = Site(args.settings)
    _, doc = _document(site, args.path)
    if not args.reason.strip():
        raise UsageError("必须用 --reason 写明撤回原因")
    withdraw(Path(args.path), args.date or clock.today(), args.reason.strip())
    _sign_statement(site, args, "withdraw", args.reason.strip())
    console.print(f"已撤回 {doc.index_no}《{doc.title}》：下次构建起其内容从网站、订阅、网站地图和检索中移除；"
                  "撤回说明页经审核后显示在原网址。", markup=False)
    return 0


@command("roster", help="管理员：签名名册和审核制度（信任锚），或核验签名", args=[
    arg("action", choices=["sign", "verify"], help="sign 签名；verify 核验"),
    arg("--key", help="管理员 SSH 私钥文件（sign；默认 ssh-agent 或 git 的 user.signingkey）"),
    arg("--baseline", help="sign：签名基线提交（此前的历史按原样接受，默认沿用原基线；首次为 HEAD）"),
    arg("--trust", metavar="FILE", help="verify：管理员公钥文件（或环境变量 DISCLOSE_TRUST）"),
])
def cmd_roster(args: argparse.Namespace) -> int:
    from ..approval import trust

    site = Site(args.settings)
    if args.action == "verify":
        policy = trust.verify_site(site.content_root, site.settings, args.trust)
        console.print(f"名册和审核制度的管理员签名有效（签名于 {policy.signed_at}，基线 {policy.baseline[:12]}）。",
                      markup=False)
        return 0
    signed = trust.sign_site(site.content_root, site.repo_root, site.settings, args.key, args.baseline)
    p = signed.policy
    console.print(f"已签名 {signed.path}：名册 {signed.people} 人，审核环节 {','.join(p.stages)}，"
                  f"签名基线 {p.baseline[:12]}，固定页面 {len(p.pages)} 个。请提交该文件（git commit -S）。", markup=False)
    return 0


@command("deadlines", help="列出超过 20 个工作日公开时限的文档", args=[
    arg("--format", choices=["text", "json"], default="text", help="输出格式"),
])
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


@command("report", help="生成报告：annual 为政府信息公开工作年度报告", args=[
    arg("kind", choices=["annual"], help="报告种类"),
    arg("--year", type=argtypes.year, required=True, help="报告年度"),
    arg("--publisher", required=True, help="发布机构"),
    arg("--stdout", action="store_true", help="只输出正文，不新建文档"),
])
def cmd_report(args: argparse.Namespace) -> int:
    from ..report import annual

    site = Site(args.settings)
    org = site.settings.publisher(args.publisher)
    if org is None:
        raise UsageError(f"未配置的发布机构“{args.publisher}”")
    body = annual.generate(site.content_root, site.repo_root, site.settings, args.year, org.id)
    if args.stdout:
        print(body)
        return 0
    path, index_no = annual.create_document(site.content_root, site.repo_root, site.settings, args.year, org.id, body)
    console.print(f"已生成 {path}（索引号 {index_no}），请核对后提交，经审核后发布。", markup=False)
    return 0


@command("inspect", help="政府网站检查：栏目更新、空白栏目、否决项、政策解读、网站要素、有效期", args=[
    arg("--date", type=argtypes.date, help="按哪一天检查 YYYY-MM-DD（默认今天）"),
    arg("--days", type=argtypes.days, metavar="N", help="N 天内将触及单项否决时以错误退出（退出码 1；供定时任务使用）"),
    arg("--format", choices=["text", "json"], default="text", help="输出格式"),
    arg("--trust", metavar="FILE", help="管理员公钥文件（或环境变量 DISCLOSE_TRUST）"),
])
def cmd_inspect(args: argparse.Namespace) -> int:
    from .. import inspection

    site = Site(args.settings)
    corpus = load_corpus(site.content_root, site.repo_root, site.settings, render=True,
                         trust=str(Path(args.trust).resolve()) if args.trust else None)
    report = inspection.inspect(corpus, args.date or today())
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


@command("linkcheck", help="检查已构建网站的断链（外部链接并发检查，有超时和缓存；供定时任务使用）", args=[
    arg("-o", "--output", default="output", help="网站输出目录（默认 output）"),
    arg("--workers", type=argtypes.workers, default=8, help="同时检查的链接数（默认 8）"),
    arg("--timeout", type=float, default=10.0, help="每个链接的超时秒数（默认 10）"),
    arg("--cache", default=".cache/linkcheck.json", help="缓存文件：近期有效的链接不重复检查（空字符串不用缓存）"),
    arg("--max-age", type=float, default=24.0, help="缓存有效小时数（默认 24）"),
    arg("--format", choices=["text", "json"], default="text", help="输出格式"),
])
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
        print_machine(result.to_json())
    else:
        for line in result.lines():
            console.print(line, markup=False)
    return 1 if result.dead else 0


@command("rules", help="列出保密检查的全部规则、默认级别和说明")
def cmd_rules(args: argparse.Namespace) -> int:
    for rule in default_registry():
        print(f"{rule.id}\t{rule.severity}\t{rule.title}：{rule.description}")  # TSV, not rich
    return 0


@command("config-doc", help="列出 DISCLOSE 配置的全部选项及说明")
def cmd_config_doc(args: argparse.Namespace) -> int:
    for name, default, help_text in config_mod.describe():
        print(f"{name}\t{default}\t{help_text}")  # TSV, not rich
    return 0
