"""Datasets in data/ (toward issue 6): a YAML descriptor plus CSV (or an inline table), loaded
with pandas and validated; every problem names the file, the row and the column.

A descriptor (data/<name>.yml) holds the item's disclosure metadata — the same fields as a
document's front matter (title, index_no, publisher, category, created, ...; read by reader.py) —
and the dataset's own fields below:

    title: 2026年6月各乡镇低保对象人数
    index_no: 11330700MB0000001X/2026-00012
    publisher: mzj
    category: tjxx
    created: 2026-07-10
    description: |                 # Markdown: the dataset page's description
      按乡镇统计的城乡低保对象人数。
    period: 2026年6月
    frequency: 每月
    unit: 人
    source: 江屿市民政局社会救助处
    licence: CC-BY-4.0
    csv: dibao-2026.csv            # or table: [[...], ...] inline
    columns:
      - {name: town, title: 乡镇, type: string}
      - {name: urban, title: 城镇, type: count, unit: 人}
      - {name: total, title: 合计, type: count, unit: 人, total: true}
    total_row: 合计                  # value in the first column marking the totals row
    threshold: 5                     # optional override of the small-cell threshold
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from ..errors import DocumentError, Problem
from ..inert import control_problem, markup_hint, markup_problem
from ..review.text import mask_text  # cell values echoed in messages: identifiers masked
from ..schema import build, opt

TYPES = ("string", "count", "number", "percent", "date")
_TEMPORAL = re.compile(r"\d{4}-\d{2}-\d{2}/\d{4}-\d{2}-\d{2}")
# Keys of a descriptor that are disclosure metadata (read into the Document by reader.py).
DOC_KEYS = ("title", "index_no", "category", "disclosure", "doc_no", "publisher", "created", "published",
            "status", "abolished", "replaced_by", "summary", "keywords", "withdrawn", "withdrawn_reason")
UNITS = ("人", "户", "人次", "个", "家", "件", "元", "万元", "亿元", "%", "岁", "张", "次", "")


@dataclass(frozen=True)
class Column:
    """One column of a dataset."""

    name: str = opt("列名（英文字母、数字或下划线）")
    title: str = opt("中文列名")
    type: str = opt("类型：string、count、number、percent 或 date")
    unit: str = opt("计量单位", "")
    total: bool = opt("是否为合计列", False)
    base: str = opt("百分比或平均数所依据的计数列（分母）。该计数被隐去或小于阈值时本列同时隐去；可据以推算出小于阈值的人数或已隐去的数值时也隐去", "")
    decimals: int = opt("小数位数（number、percent 列；默认取本列数据中最多的小数位数，整列一致）", -1)


@dataclass(frozen=True)
class Release:
    """An earlier release of a dataset that a corrected one replaces (its copies stay in the world)."""

    csv: str = opt("更正前发布的 CSV 文件（相对于描述文件；原样保留，不会发布）")
    published: str = opt("该版本的发布日期（YYYY-MM-DD）")
    contributors: str = opt("该版本的贡献单位明细 CSV（量值表）", "")


@dataclass(frozen=True)
class Descriptor:
    """The YAML descriptor of a dataset."""

    period: str = opt("统计时期")
    source: str = opt("数据来源")
    columns: tuple[Column, ...] = opt("列定义")
    unit: str = opt("主要计量单位", "")
    licence: str = opt("开放许可", "CC-BY-4.0")
    frequency: str = opt("更新频率", "")
    description: str = opt("数据集说明（Markdown）", "")
    spatial: str = opt("统计范围（地区）", "")
    temporal: str = opt("统计时期的起止日期（ISO 8601），如 2026-07-01/2026-09-30，用于数据目录", "")
    csv: str = opt("CSV 文件（相对于描述文件）", "")
    table: tuple[tuple[Any, ...], ...] = opt("内联表格（不用 CSV 时）", ())
    total_row: str = opt("合计行在第一列中的标记（如 合计）", "")
    threshold: int = opt("小单元格阈值（覆盖全站设置）", 0)
    microdata: bool = opt("个体数据（每行一个对象）：须声明准标识符并满足 k-匿名", False)
    quasi_identifiers: tuple[str, ...] = opt("准标识符列（个体数据）", ())
    k: int = opt("k-匿名的 k（覆盖全站设置）", 0)
    contributors: str = opt("量值表的贡献单位明细 CSV（列：row、column、value），用于支配规则和 p% 规则", "")
    chart: str = opt("图表：bar（条形图）、line（折线图）、none；默认按数据自动选择", "")
    series: str = opt("所属系列：同一统计指标按不同时期或分组发布的各表填同一名称，各表一并做防推算核验", "")
    previous: tuple[Release, ...] = opt("更正前已发布的各版本（更正发布时填写，按发布日期先后），核验时一并计入", ())


@dataclass
class Dataset:
    """A validated dataset: its descriptor and its data frame (totals row kept, flagged)."""

    path: str
    descriptor: Descriptor
    frame: pd.DataFrame
    data_path: str = ""  # repo-relative CSV, when the data is not inline
    previous: tuple[tuple[str, Dataset], ...] = ()  # (published date, the earlier release)
    # The contributors file, read here (disclosure control reads no file): each unit's value by
    # (row label, column name); None when the descriptor names no contributors file.
    contributions: dict[tuple[str, str], list[float]] | None = None

    def files(self) -> list[str]:
        """Repo-relative data files that decide what is published (hashed with the descriptor)."""
        folder = self.path.rsplit("/", 1)[0]
        out = [self.data_path] if self.data_path else []
        if self.descriptor.contributors:
            out.append(f"{folder}/{self.descriptor.contributors}")
        for _, earlier in self.previous:
            out += [f for f in earlier.files() if f not in out]
        return out


def read_csv_text(path: Path, shown: str) -> str:
    """CSV as UTF-8 text; a GBK file is an error that says how to convert it."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DocumentError([Problem(shown, f"CSV 文件不是 UTF-8 编码（第 {line} 行起无法解码，可能是 GBK）",
                                     "encoding", line, f"iconv -f GB18030 -t UTF-8 {shown} -o 新文件.csv",
                                     "data.encoding")], "数据集无效：") from None


def data_file(descriptor: Path, name: str, key: str, shown: str, line: int | None = None) -> Path:
    """The file a descriptor names (csv, contributors): beside it or below, never elsewhere."""
    from ..inventory import LinkError, symlink_on_path

    try:  # tested on the path as written, before resolving: no symbolic link on the way
        link = symlink_on_path(descriptor.parent, posixpath.normpath(name))
    except LinkError:
        link = None  # absolute or escaping: refused just below
    if link is not None:
        raise DocumentError([Problem(
            shown, f"{key} 指定的文件“{name}”是符号链接（{link[0]} 指向“{link[1]}”），不能读取", key, line,
            hint="用文件本身代替链接，或删除链接", code="meta.symlink")], "数据集无效：")
    folder = descriptor.parent.resolve()
    target = (descriptor.parent / name).resolve()
    if name.startswith(("/", "\\")) or "://" in name or not target.is_relative_to(folder):
        raise DocumentError([Problem(
            shown, f"{key} 指定的文件“{name}”不在数据集描述文件所在的文件夹内，不能读取", key, line,
            hint="数据文件应与描述文件放在同一文件夹（或其子文件夹）中，写相对路径，如 示例.csv", code="data.source")],
            "数据集无效：")
    if not target.is_file():
        raise DocumentError([Problem(shown, f"{key} 指定的文件“{name}”不存在", key, line,
                                     hint="检查文件名（相对于描述文件所在的文件夹）", code="data.source")],
                            "数据集无效：")
    return target


def read_csv_frame(path: Path, shown: str) -> pd.DataFrame:
    """A CSV file as a frame of text cells; malformed CSV is a Problem, never a traceback."""
    import io

    text = read_csv_text(path, shown)
    try:
        return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.EmptyDataError:
        raise DocumentError([Problem(shown, "CSV 文件是空的", "csv", 1, code="data.source")],
                            "数据集无效：") from None
    except pd.errors.ParserError as exc:
        found = re.search(r"line (\d+), saw (\d+)", str(exc))
        where = f"第 {found.group(1)} 行有 {found.group(2)} 个字段，与表头的列数不一致" if found else "无法解析"
        raise DocumentError([Problem(shown, f"CSV 格式错误：{where}", "csv", int(found.group(1)) if found else None,
                                     hint="每行的逗号个数应与表头相同；含逗号的值用英文双引号括起来",
                                     code="data.source")], "数据集无效：") from None


def _markup_problems(desc: Descriptor, shown: str, lines: dict[str, int]) -> list[Problem]:
    """Descriptor texts shown on pages and in downloads must be plain text (the description is
    Markdown: rendered and sanitised like a document body)."""
    values = [(k, getattr(desc, k)) for k in ("period", "source", "unit", "licence", "frequency", "spatial",
                                              "temporal", "total_row", "csv", "contributors", "chart")]
    for i, col in enumerate(desc.columns):
        values += [(f"columns[{i}].{k}", getattr(col, k)) for k in ("name", "title", "unit", "base", "type")]
    values += [(f"quasi_identifiers[{i}]", q) for i, q in enumerate(desc.quasi_identifiers)]
    return [Problem(shown, why, key, lines.get(key.split("[")[0]), markup_hint(), "data.markup")
            for key, value in values if isinstance(value, str) and (why := markup_problem(value))]


def load(path: Path, repo_root: Path, raw: dict[str, Any] | None = None,
         lines: dict[str, int] | None = None) -> Dataset:
    """Read and validate one dataset descriptor and its data.

    `raw` is the descriptor's mapping when the caller has parsed it already, `lines` the line
    of each of its keys; disclosure metadata keys (DOC_KEYS) are left to reader.py.
    """
    shown = path.resolve().relative_to(repo_root.resolve()).as_posix()
    problems: list[Problem] = []
    if raw is None:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    raw = {k: v for k, v in raw.items() if k not in DOC_KEYS}
    desc = build(Descriptor, raw, "dataset", problems, shown)
    if desc is None or problems:
        raise DocumentError(problems, "数据集描述文件无效：")
    problems += _markup_problems(desc, shown, lines or {})
    for i, col in enumerate(desc.columns):
        if col.type not in TYPES:
            problems.append(Problem(shown, f"列“{col.name}”的类型“{col.type}”无效", f"columns[{i}].type",
                                    hint="只能是 " + "、".join(TYPES), code="data.column"))
        if col.unit not in UNITS:
            problems.append(Problem(shown, f"列“{col.name}”的计量单位“{col.unit}”未登记", f"columns[{i}].unit",
                                    hint="可用：" + "、".join(u for u in UNITS if u), code="data.unit"))
    names = [c.name for c in desc.columns]
    for i, col in enumerate(desc.columns):
        if col.base and (col.base not in names or col.type not in ("percent", "number")):
            problems.append(Problem(shown, f"列“{col.name}”的 base“{col.base}”应为本表的计数列，且本列为 percent 或 "
                                    "number 类型", f"columns[{i}].base", code="data.column"))
    for q in desc.quasi_identifiers:
        if q not in names:
            problems.append(Problem(shown, f"准标识符“{q}”不是本表的列", "quasi_identifiers", code="data.column"))
    if desc.temporal and not _TEMPORAL.fullmatch(desc.temporal):
        problems.append(Problem(shown, f"temporal“{desc.temporal}”格式不对", "temporal",
                                hint="写成 起始日期/截止日期，如 2026-07-01/2026-09-30", code="data.temporal"))
    if desc.chart not in ("", "bar", "line", "none"):
        problems.append(Problem(shown, f"图表类型“{desc.chart}”无效", "chart", hint="只能是 bar、line 或 none",
                                code="data.chart"))
    if bool(desc.csv) == bool(desc.table):
        problems.append(Problem(shown, "csv 和 table 必须且只能填写一个", "csv", code="data.source"))
    problems += _check_previous(desc, shown)
    if problems:
        raise DocumentError(problems, "数据集描述文件无效：")
    contributors = data_file(path, desc.contributors, "contributors", shown, (lines or {}).get("contributors")) \
        if desc.contributors else None
    if desc.csv:
        csv_path = data_file(path, desc.csv, "csv", shown, (lines or {}).get("csv"))
        data_shown = f"{shown.rsplit('/', 1)[0]}/{desc.csv}"
        frame = read_csv_frame(csv_path, data_shown)
        first_data_line = 2  # line 1 is the header
    else:
        data_shown = shown
        frame = pd.DataFrame([[str(v) for v in row] for row in desc.table],
                             columns=[c.name for c in desc.columns][: len(desc.table[0])])
        first_data_line = 0
    frame = _validate(frame, desc, data_shown, first_data_line)
    contributions = read_contributions(contributors, f"{shown.rsplit('/', 1)[0]}/{desc.contributors}") \
        if contributors else None
    previous = tuple((r.published, load(path, repo_root, {**raw, "csv": r.csv, "table": (), "previous": (),
                                                          "contributors": r.contributors or desc.contributors}))
                     for r in desc.previous)
    return Dataset(shown, desc, frame, data_shown if desc.csv else "", previous, contributions)


def read_contributions(path: Path, shown: str) -> dict[tuple[str, str], list[float]]:
    """A contributors CSV (columns row, column, value): each unit's value by (row label, column
    name). Whether those name cells of the table, and add up, is checked by table.py."""
    frame = read_csv_frame(path, shown)
    if list(frame.columns) != ["row", "column", "value"]:
        raise DocumentError([Problem(shown, "贡献单位明细的列应为 row、column、value", "columns", 1,
                                     code="data.column")], "数据集无效：")
    contributions: dict[tuple[str, str], list[float]] = {}
    problems = []
    for i, rec in frame.iterrows():
        try:
            contributions.setdefault((rec["row"], rec["column"]), []).append(float(rec["value"]))
        except ValueError:
            problems.append(Problem(shown, f"第 {i + 1} 行的 value“{mask_text(str(rec['value']))}”不是数字", "value",
                                    int(i) + 2, code="data.type"))
    if problems:
        raise DocumentError(problems, "数据集无效：")
    return contributions


def _check_previous(desc: Descriptor, shown: str) -> list[Problem]:
    """Earlier releases: CSV files with their publication dates, oldest first."""
    import datetime as dt

    problems, last = [], ""
    for i, r in enumerate(desc.previous):
        try:
            dt.date.fromisoformat(r.published)
        except ValueError:
            problems.append(Problem(shown, f"更正前版本的发布日期“{r.published}”不是 YYYY-MM-DD 格式",
                                    f"previous[{i}].published", code="data.previous"))
            continue
        if r.published < last:
            problems.append(Problem(shown, "更正前的各版本应按发布日期先后排列", f"previous[{i}].published",
                                    code="data.previous"))
        last = r.published
        if not desc.csv or r.csv == desc.csv:
            problems.append(Problem(shown, "更正前的版本应另存为一个 CSV 文件（本表的 csv 写更正后的数据）",
                                    f"previous[{i}].csv", "把更正前发布的 CSV 原样另存，如 名称-更正前.csv",
                                    "data.previous"))
    return problems


def _validate(frame: pd.DataFrame, desc: Descriptor, shown: str, first_line: int) -> pd.DataFrame:
    problems: list[Problem] = []
    expected = [c.name for c in desc.columns]
    missing = [n for n in expected if n not in frame.columns]
    extra = [n for n in frame.columns if n not in expected]
    if missing or extra:
        msg = "；".join(filter(None, [f"缺少列 {', '.join(missing)}" if missing else "",
                                      f"多出列 {', '.join(extra)}" if extra else ""]))
        raise DocumentError([Problem(shown, msg, "columns", 1, code="data.column")], "数据集无效：")
    out = frame.copy()
    for col in desc.columns:
        for i in frame.index:  # openpyxl cannot write them, and no reader can see them
            why = control_problem(str(frame[col.name][i]))
            if why:
                problems.append(Problem(shown, f"第 {i + 1} 行“{col.title}”的值{why}", col.name,
                                        first_line + i if first_line else None, markup_hint(), "data.markup"))
        if col.type in ("count", "number", "percent"):
            numbers = pd.to_numeric(frame[col.name].str.replace(",", ""), errors="coerce")
            for i in frame.index[numbers.isna()]:
                line = first_line + i if first_line else None
                problems.append(Problem(shown, f"第 {i + 1} 行“{col.title}”的值“{mask_text(str(frame[col.name][i]))}”不是数字",
                                        col.name, line, code="data.type"))
            if col.type == "count":
                for i in frame.index[numbers.notna() & ((numbers % 1 != 0) | (numbers < 0))]:
                    problems.append(Problem(shown, f"第 {i + 1} 行“{col.title}”应为非负整数", col.name,
                                            first_line + i if first_line else None, code="data.type"))
            out[col.name] = numbers
    if not problems:
        problems += _check_totals(out, desc, shown, first_line)
    if problems:
        raise DocumentError(problems, "数据集无效：")
    return out


def _check_totals(frame: pd.DataFrame, desc: Descriptor, shown: str, first_line: int) -> list[Problem]:
    problems = []
    summed = [c for c in desc.columns if c.type in ("count", "number") and not c.total and not c.base]
    for total in (c for c in desc.columns if c.total):
        parts = [c.name for c in summed if c.type == total.type]
        sums = frame[parts].sum(axis=1)
        for i in frame.index[(sums - frame[total.name]).abs() > 1e-6]:
            problems.append(Problem(shown, f"第 {i + 1} 行的“{total.title}”{frame[total.name][i]:.10g} 不等于各项之和 "
                                    f"{sums[i]:.10g}", total.name, first_line + i if first_line else None,
                                    code="data.total"))
    if desc.total_row:
        key = desc.columns[0].name
        rows = frame.index[frame[key] == desc.total_row]
        if len(rows) != 1:
            problems.append(Problem(shown, f"找不到唯一的合计行“{desc.total_row}”", key, code="data.total"))
        else:
            t = rows[0]
            body = frame.drop(index=t)
            for c in [*summed, *(c for c in desc.columns if c.total)]:
                if abs(body[c.name].sum() - frame[c.name][t]) > 1e-6:
                    problems.append(Problem(shown, f"合计行“{c.title}”{frame[c.name][t]:.10g} 不等于各行之和 "
                                            f"{body[c.name].sum():.10g}", c.name, first_line + t if first_line else None,
                                            code="data.total"))
    return problems
