"""Creating document skeletons and (re)assigning index numbers from the ledger."""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterator
from pathlib import Path

from .clock import today
from .config import Settings
from .errors import DocumentError, Problem, UsageError
from .frontmatter import Source, compose, decode, dump_fields, parse_yaml, quoted
from .frontmatter import set_fields as set_front_fields
from .indexno import format_index_no, parse_index_no
from .ledger import Ledger
from .model import Disclosure
from .reader import load_source, parse_date


def open_ledger(content_root: Path, settings: Settings) -> Ledger:
    """The site's ledger (raises LedgerError if it is damaged)."""
    path = content_root / settings.index_numbers.ledger
    return Ledger.load(path, settings.index_numbers.form)


def next_index_no(ledger: Ledger, settings: Settings, publisher: str, year: int) -> str:
    """The next unused index number for a publisher and year."""
    org = settings.publisher(publisher)
    assert org is not None
    serial = ledger.next_serial(org.code, year)
    return format_index_no(settings.index_numbers.form, org.code, year, serial)


BODY = "在此撰写正文（Markdown 格式）。\n"  # a new document's body until staff write one


def skeleton(*, title: str, index_no: str, category: str, publisher: str, created: dt.date,
             disclosure: Disclosure, doc_no: str = "", body: str = BODY) -> str:
    """Front matter (optional fields as comments to fill in) and a body for a new document."""
    front = dump_fields({"title": quoted(title), "index_no": index_no, "category": category,
                         "disclosure": f"{disclosure}"})
    front += dump_fields({"doc_no": quoted(doc_no)}) if doc_no else "# doc_no: 江民发〔2026〕1号\n"
    front += dump_fields({"publisher": publisher, "created": created})
    front += "\n".join([
        "# published: 发布日期，发布时填写（YYYY-MM-DD）",
        "# summary: 内容概述，不填则取正文第一段",
        "# keywords: [主题词一, 主题词二]",
        "# attachments:",
        "#   - path: files/附件一.pdf",
        "#     title: 附件一名称",
    ])
    return compose(front, body)


def dataset_skeleton(*, title: str, index_no: str, category: str, publisher: str, created: dt.date,
                     csv_name: str) -> str:
    """A dataset descriptor to fill in (data/<name>.yml), next to an empty CSV."""
    return "\n".join([
        "# 数据集描述文件：元数据与正式文件相同，数据见同名 CSV（UTF-8）。说明见 README“统计数据：如何发布数据集”。",
        dump_fields({"index_no": index_no, "title": quoted(title), "publisher": publisher,
                     "category": category, "created": created}).rstrip("\n"),
        "keywords: [主题词一, 主题词二]",
        "summary: 一句话概述本数据集。",
        "description: |",
        "  说明统计口径、时间范围和各列含义（Markdown）。",
        "period: 统计时期，如 2026年第三季度",
        "frequency: 每季度        # 每月、每季度、每半年、每年、不定期",
        "unit: 人",
        "source: 数据来源（处室、系统或台账）",
        "licence: CC-BY-4.0",
        f"csv: {csv_name}",
        "columns:",
        "  - {name: area, title: 乡镇（街道）, type: string}",
        "  - {name: a, title: 类别一, type: count, unit: 人}",
        "  - {name: b, title: 类别二, type: count, unit: 人}",
        "  - {name: total, title: 合计, type: count, unit: 人, total: true}",
        "total_row: 合计",
        "",
    ])


def create_dataset(content_root: Path, repo_root: Path, settings: Settings, *, title: str, category: str,
                   publisher: str, created: dt.date, path: Path | None = None,
                   on: dt.date | None = None) -> tuple[Path, str]:
    """Write a dataset descriptor and its CSV header with the next index number (data/<name>.yml)."""
    org, cat = _org_and_category(settings, publisher, category)
    ledger = open_ledger(content_root, settings)
    index_no = next_index_no(ledger, settings, org.id, created.year)
    serial = _serial(settings, index_no)
    target = path or repo_root / settings.opendata.folder / f"{org.id}-{created.year}-{serial}.yml"
    csv_path = target.with_suffix(".csv")
    for p in (target, csv_path):
        if p.exists():
            raise DocumentError([Problem(str(p), "文件已存在，未覆盖", hint="换一个文件名")], "无法新建数据集：")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dataset_skeleton(title=title, index_no=index_no, category=cat.id, publisher=org.id,
                                       created=created, csv_name=csv_path.name), encoding="utf-8")
    csv_path.write_text("area,a,b,total\n合计,0,0,0\n", encoding="utf-8")
    ledger.issue(index_no, _rel(target, repo_root), on or today())
    return target, index_no


def _serial(settings: Settings, index_no: str) -> str:
    """The serial of a freshly issued number as file names write it (five digits)."""
    parsed = parse_index_no(settings.index_numbers.form, index_no)
    assert parsed is not None  # formed by next_index_no in this very form
    return f"{parsed.serial:05d}"


def _org_and_category(settings: Settings, publisher: str, category: str) -> tuple:
    org, cat = settings.publisher(publisher), settings.category(category)
    problems = []
    if org is None:
        problems.append(Problem("disclose new", f"未配置的发布机构“{publisher}”", "publisher",
                                hint="可用：" + "、".join(f"{o.id}（{o.name}）" for o in settings.publishers)))
    if cat is None:
        problems.append(Problem("disclose new", f"未配置的组配分类“{category}”", "category",
                                hint="可用：" + "、".join(f"{c.id}（{c.name}）" for c, _ in settings.all_categories())))
    if problems:
        raise DocumentError(problems, "无法新建：")
    return org, cat


def create(content_root: Path, repo_root: Path, settings: Settings, *, title: str, category: str,
           publisher: str, created: dt.date, disclosure: Disclosure, doc_no: str = "",
           path: Path | None = None, on: dt.date | None = None, body: str = BODY) -> tuple[Path, str]:
    """Write a new document with the next index number and record it in the ledger."""
    org, cat = _org_and_category(settings, publisher, category)
    ledger = open_ledger(content_root, settings)
    index_no = next_index_no(ledger, settings, org.id, created.year)
    serial = _serial(settings, index_no)
    target = path or content_root / org.id / str(created.year) / f"{created.year}-{serial}.md"
    if target.exists():
        raise DocumentError([Problem(str(target), "文件已存在，未覆盖", hint="换一个文件名")],
                            "无法新建文档：")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(skeleton(title=title, index_no=index_no, category=cat.id, publisher=org.id,
                               created=created, disclosure=disclosure, doc_no=doc_no, body=body),
                      encoding="utf-8")
    ledger.issue(index_no, _rel(target, repo_root), on or today())
    return target, index_no


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def assign(path: Path, content_root: Path, repo_root: Path, settings: Settings, *,
           replace: bool, on: dt.date | None = None) -> str:
    """Give a document (or a dataset descriptor in data/) a (new) index number from the ledger and
    write it into its front matter (or descriptor)."""
    is_yaml = path.suffix in (".yml", ".yaml")
    if is_yaml:
        rel = path.resolve().relative_to(repo_root.resolve()).as_posix()
        meta, lines = parse_yaml(rel, decode(rel, path.read_bytes()))
        src = Source(rel, "", meta, lines)
    else:
        src = load_source(path, repo_root)
    if "index_no" in src.meta and src.meta["index_no"] and not replace:
        raise DocumentError([Problem(src.path, f"已有索引号 {src.meta['index_no']}", "index_no",
                                     src.lines.get("index_no"),
                                     "要换号请用 disclose renumber（原号码保留在台账中，不再使用）")],
                            "未分配索引号：")
    org = settings.publisher(str(src.meta.get("publisher", "")))
    try:
        created = parse_date(src.meta.get("created", ""))
    except Exception:
        created = None
    if org is None or created is None:
        raise DocumentError([Problem(src.path, "需先填写有效的 publisher 和 created 才能分配索引号",
                                     "publisher" if org is None else "created")], "未分配索引号：")
    ledger = open_ledger(content_root, settings)
    index_no = next_index_no(ledger, settings, org.id, created.year)
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(set_front_fields(text, {"index_no": index_no}, whole_yaml=is_yaml, at_start=True),
                    encoding="utf-8")
    ledger.issue(index_no, src.path, on or today())
    return index_no


def number(paths: list[Path], content_root: Path, repo_root: Path, settings: Settings, *,
           replace: bool) -> Iterator[tuple[Path, str]]:
    """`assign` to each file in turn, yielding (path, its new index number) as each is written."""
    for path in paths:
        yield path, assign(path, content_root, repo_root, settings, replace=replace)


def abolish(path: Path, created: dt.date, day: dt.date, replaced_by: str | None,
            index_numbers: Container[str]) -> None:
    """Mark a document 废止 from `day` (not before it was made), replaced by the document with
    index number `replaced_by` (one of `index_numbers`) if given."""
    if day < created:
        raise UsageError(f"废止日期 {day} 早于产生日期 {created}")
    values: dict[str, object] = {"status": "废止", "abolished": day}
    if replaced_by:
        if replaced_by not in index_numbers:
            raise UsageError(f"替代文件索引号 {replaced_by} 不存在")
        values["replaced_by"] = replaced_by
    set_fields(path, values)


def withdraw(path: Path, day: dt.date, reason: str) -> None:
    """Mark a published document withdrawn from `day`, with the reason shown at its address."""
    set_fields(path, {"withdrawn": day, "withdrawn_reason": quoted(reason)})


def set_fields(path: Path, values: dict[str, object]) -> None:
    """Set top-level front-matter fields of a file in place (see frontmatter.set_fields); values
    are dumped as YAML (wrap free text in frontmatter.quoted)."""
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(set_front_fields(text, values, whole_yaml=path.suffix in (".yml", ".yaml")),
                    encoding="utf-8")
