"""`disclose report annual`: the yearly report as a normal Markdown document.

Table 2 (主动公开) is counted from document metadata; the counts that are not documents
(行政许可, 行政处罚, 行政强制, 行政事业性收费) and Tables 3 (依申请公开) and 4 (复议、诉讼) come
from a YAML file staff keep (content/_report/<year>.yml), checked before anything is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..clock import today
from ..config import Settings
from ..corpus import Corpus, load_corpus
from ..errors import DocumentError, Problem
from ..model import Disclosure, Validity
from ..newdoc import create

T3_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
T3_RESULTS = ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
T3_ROWS = ("本年新收政府信息公开申请数量", "上年结转政府信息公开申请数量", *T3_RESULTS, "总计",
           "结转下年度继续办理")
# The sub-rows of the official Table 3 (国办公开办函〔2021〕30号); the parent row is their sum.
T3_DETAIL = {
    "不予公开": ("属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益",
               "属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"),
    "无法提供": ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"),
    "不予处理": ("信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请",
               "要求行政机关确认或重新出具已获取信息"),
    "其他处理": ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
               "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"),
}
T4_COLUMNS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
T4_ROWS = ("行政复议", "未经复议直接起诉", "复议后起诉")
T2_OTHER = ("行政许可", "行政处罚", "行政强制", "行政事业性收费")


@dataclass
class Table2Row:
    """规章 / 行政规范性文件: issued, abolished and currently valid in the year."""

    name: str
    issued: int
    abolished: int
    valid: int


def table2(corpus: Corpus, year: int, publisher: str, categories: dict[str, tuple[str, ...]]) -> list[Table2Row]:
    """Counts from metadata: 本年制发 (created in the year), 本年废止 (abolished in the year),
    现行有效 (created by the year's end and not abolished by then). 不予公开 documents count too:
    the report counts documents issued, not documents published."""
    end = dt.date(year, 12, 31)
    rows = []
    for name, cats in categories.items():
        docs = [d for d in corpus.documents if d.publisher == publisher and d.category in cats]
        issued = sum(1 for d in docs if d.created.year == year)
        abolished = sum(1 for d in docs if d.abolished and d.abolished.year == year)
        valid = sum(1 for d in docs if d.created <= end and not (
            d.status is not Validity.VALID and d.abolished and d.abolished <= end))
        rows.append(Table2Row(name, issued, abolished, valid))
    return rows


def load_counts(path: Path, display: str) -> dict[str, Any]:
    """The staff-kept counts, validated: every row and column present, integers, sums right."""
    if not path.is_file():
        raise DocumentError([Problem(display, "找不到年度报告数据文件", hint="参照示例 content/_report/ 填写")],
                            "无法生成年度报告：")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    problems: list[Problem] = []

    def bad(message: str, field: str) -> None:
        problems.append(Problem(display, message, field, code="report.counts"))

    other = data.get("主动公开其他", {})
    for key in T2_OTHER:
        if not isinstance(other.get(key), (int, float)) or other.get(key, -1) < 0:
            bad(f"“{key}”应为非负数", f"主动公开其他.{key}")
    t3 = data.get("依申请公开", {})
    details: dict[str, dict[str, list[int]]] = {}
    for row, subs in T3_DETAIL.items():
        if isinstance(t3.get(row), dict):
            given = t3[row]
            for sub in subs:
                values = given.get(sub)
                if not (isinstance(values, list) and len(values) == len(T3_COLUMNS)
                        and all(isinstance(v, int) and v >= 0 for v in values)):
                    bad(f"“{row}—{sub}”应为 {len(T3_COLUMNS)} 个非负整数", f"依申请公开.{row}.{sub}")
            for extra in set(given) - set(subs):
                bad(f"“{row}”下没有“{extra}”这一项", f"依申请公开.{row}.{extra}")
            if not problems:
                details[row] = {sub: given[sub] for sub in subs}
                t3[row] = [sum(given[sub][i] for sub in subs) for i in range(len(T3_COLUMNS))]
    data["依申请公开明细"] = details
    for row in T3_ROWS:
        values = t3.get(row)
        if not (isinstance(values, list) and len(values) == len(T3_COLUMNS)
                and all(isinstance(v, int) and v >= 0 for v in values)):
            bad(f"“{row}”应为 {len(T3_COLUMNS)} 个非负整数（{'、'.join(T3_COLUMNS)}）", f"依申请公开.{row}")
    t4 = data.get("复议诉讼", {})
    for row in T4_ROWS:
        values = t4.get(row)
        if not (isinstance(values, list) and len(values) == len(T4_COLUMNS)
                and all(isinstance(v, int) and v >= 0 for v in values)):
            bad(f"“{row}”应为 {len(T4_COLUMNS)} 个非负整数（{'、'.join(T4_COLUMNS)}）", f"复议诉讼.{row}")
    if not problems:
        _check_sums(t3, t4, bad, details)
    if problems:
        raise DocumentError(problems, "年度报告数据有误，未生成报告：")
    return data


def _check_sums(t3: dict[str, list[int]], t4: dict[str, list[int]], bad: Any,
                details: dict[str, dict[str, list[int]]]) -> None:
    for row in T3_ROWS:
        if sum(t3[row][:-1]) != t3[row][-1]:
            bad(f"“{row}”各列之和 {sum(t3[row][:-1])} 不等于总计 {t3[row][-1]}", f"依申请公开.{row}")
    for row, subs in details.items():
        for sub, values in subs.items():
            if sum(values[:-1]) != values[-1]:
                bad(f"“{row}—{sub}”各列之和不等于总计", f"依申请公开.{row}.{sub}")
    for i, col in enumerate(T3_COLUMNS):
        results = sum(t3[r][i] for r in T3_RESULTS)
        if results != t3["总计"][i]:
            bad(f"“{col}”列办理结果之和 {results} 不等于总计 {t3['总计'][i]}", f"依申请公开.总计.{col}")
        left = t3["本年新收政府信息公开申请数量"][i] + t3["上年结转政府信息公开申请数量"][i]
        right = t3["总计"][i] + t3["结转下年度继续办理"][i]
        if left != right:
            bad(f"“{col}”列不平衡：一+二={left}，三(七)+四={right}（应相等）", f"依申请公开.{col}")
    for row in T4_ROWS:
        if sum(t4[row][:-1]) != t4[row][-1]:
            bad(f"“{row}”各项之和 {sum(t4[row][:-1])} 不等于总计 {t4[row][-1]}", f"复议诉讼.{row}")


def _t3_rows(t3: dict[str, list[int]], details: dict[str, dict[str, list[int]]]) -> list[list[Any]]:
    labels = {"本年新收政府信息公开申请数量": "一、本年新收政府信息公开申请数量",
              "上年结转政府信息公开申请数量": "二、上年结转政府信息公开申请数量",
              "予以公开": "三、本年度办理结果 （一）予以公开",
              "部分公开": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
              "不予公开": "（三）不予公开", "无法提供": "（四）无法提供", "不予处理": "（五）不予处理",
              "其他处理": "（六）其他处理", "总计": "（七）总计", "结转下年度继续办理": "四、结转下年度继续办理"}
    rows: list[list[Any]] = []
    for row in T3_ROWS:
        rows.append([labels[row], *t3[row]])
        for n, (sub, values) in enumerate(details.get(row, {}).items(), 1):
            rows.append([f"{n}.{sub}", *values])
    return rows


def _table(head: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "| " + " | ".join("---" for _ in head) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render(corpus: Corpus, year: int, publisher: str, counts: dict[str, Any],
           categories: dict[str, tuple[str, ...]]) -> str:
    """The report body (Markdown) with the six sections and Tables 2-4."""
    org = corpus.settings.publisher(publisher)
    t2 = table2(corpus, year, publisher, categories)
    other = counts["主动公开其他"]
    t3, t4 = counts["依申请公开"], counts["复议诉讼"]
    published = sum(1 for d in corpus.published if d.publisher == publisher and d.published
                    and d.published.year == year and d.disclosure is Disclosure.PROACTIVE)
    sections = [
        f"本报告根据《中华人民共和国政府信息公开条例》编制，统计期限为{year}年1月1日至12月31日。",
        "## 一、总体情况",
        counts.get("总体情况") or f"{year}年，{org.name}主动公开政府信息 {published} 条。",
        "## 二、主动公开政府信息情况",
        _table(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
               [[r.name, r.issued, r.abolished, r.valid] for r in t2]),
        _table(["信息内容", "本年处理决定数量"], [[k, other[k]] for k in ("行政许可", "行政处罚", "行政强制")]),
        _table(["信息内容", "本年收费金额（单位：万元）"], [["行政事业性收费", other["行政事业性收费"]]]),
        "## 三、收到和处理政府信息公开申请情况",
        _table(["本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", "自然人",
                *(f"法人或其他组织：{c}" for c in T3_COLUMNS[1:-1]), "总计"],
               _t3_rows(t3, counts.get("依申请公开明细", {}))),
        "## 四、政府信息公开行政复议、行政诉讼情况",
        _table(["类别", *T4_COLUMNS], [[row, *t4[row]] for row in T4_ROWS]),
        "## 五、存在的主要问题及改进情况",
        counts.get("问题及改进") or "（请填写）",
        "## 六、其他需要报告的事项",
        counts.get("其他事项") or "无。",
    ]
    return "\n\n".join(sections) + "\n"


def generate(content_root: Path, repo_root: Path, settings: Settings, year: int, publisher: str) -> str:
    """The body of a publisher's report for a year: the staff's counts file (checked) and the
    corpus's metadata (`publisher` is a configured publisher's id)."""
    r = settings.report
    rel = r.counts.format(year=year, publisher=publisher)
    counts = load_counts(content_root / rel, f"content/{rel}")
    corpus = load_corpus(content_root, repo_root, settings, render=False)
    return render(corpus, year, publisher, counts,
                  {"规章": r.regulation_categories, "行政规范性文件": r.normative_categories})


def create_document(content_root: Path, repo_root: Path, settings: Settings, year: int, publisher: str,
                    body: str) -> tuple[Path, str]:
    """A new document holding the report (next index number, recorded in the ledger), to be
    reviewed and approved like any other: (its path, its index number)."""
    org = settings.publisher(publisher)
    assert org is not None
    category = settings.annual_report_category or settings.all_categories()[0][0].id
    return create(content_root, repo_root, settings, title=f"{org.name}{year}年政府信息公开工作年度报告",
                  category=category, publisher=org.id, created=today(), disclosure=Disclosure.PROACTIVE,
                  body=body)
