"""The DISCLOSE setting of pelicanconf.py: a typed schema, validated once, unknown keys rejected.

Every section is a frozen dataclass of options (`schema.opt`: type from the annotation, default,
help text, checks), so the schema, the validation and the documentation (`disclose config-doc`)
come from one source (schema.py). `load()` reports every problem of every section at once. The
options of DISCLOSE.review after `severity` are declared by the check rules (`Rule.options`).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

from .errors import ConfigError, Problem
from .orgcode import validate_code
from .review.registry import Registry, default_registry
from .schema import (
    Issue,
    Option,
    SectionCheck,
    above_up_to,
    at_least,
    build,
    date,
    each,
    matches,
    not_empty,
    one_of,
    opt,
    web_address,
)
from .schema import describe as describe_section

CONFIG_NAME = "DISCLOSE"
_ID = r"[a-z0-9][a-z0-9-]*"


@dataclass(frozen=True)
class Contact:
    """联系方式, shown in the footer and the guide."""

    address: str = opt("办公地址")
    phone: str = opt("办公电话")
    email: str = opt("公开电子邮箱")
    postcode: str = opt("邮政编码", "")
    fax: str = opt("传真", "")
    hours: str = opt("办公时间", "")


@dataclass(frozen=True)
class Site:
    """Identity of the website, required on every government site."""

    name: str = opt("网站名称（SiteName）")
    domain: str = opt("网站域名（SiteDomain），如 xxgk.example.gov.cn")
    host_org: str = opt("主办单位")
    site_id_code: str = opt("网站标识码（SiteIDCode），10 位字母或数字",
                            checks=[matches(r"[0-9A-Za-z]{10}", "网站标识码应为 10 位字母或数字")])
    icp: str = opt("ICP 备案号")
    psb: str = opt("公安机关备案号")
    contact: Contact = opt("联系方式")
    column_name: str = opt("栏目名称（ColumnName）", "政府信息公开")
    office: str = opt("依申请公开受理机构（信息公开指南中使用）", "")
    undertaker: str = opt("承办单位（页脚；政府网站发展指引要求标明主办、承办单位）", "")
    conac_url: str = opt("党政机关网站标识的核验网址（页脚显示“党政机关”标识，如 https://bszs.conac.cn/sitename?...）", "",
                         checks=[web_address])
    error_report_url: str = opt("“我为政府网站找错”入口网址（页脚显示）", "", checks=[web_address])


def _code_of(org: Organisation) -> list[Issue]:
    reason = validate_code(org.code)
    return [Issue(f"“{org.name}”的机构代码 {org.code} 无效：{reason}", at=".code")] if reason else []


@dataclass(frozen=True)
class Organisation:
    """A publisher (发布机构)."""

    id: str = opt("机构标识，小写字母、数字或连字符，用于网址和命令行",
                  checks=[matches(_ID, "机构标识“{value}”只能含小写字母、数字和连字符")])
    name: str = opt("机构全称")
    code: str = opt("9 位组织机构代码或 18 位统一社会信用代码")

    CHECKS: ClassVar[tuple[SectionCheck, ...]] = ((_code_of, ("code", "name")),)


@dataclass(frozen=True)
class Category:
    """One node of the 组配分类 taxonomy (two levels allowed)."""

    id: str = opt("分类标识，小写字母、数字或连字符",
                  checks=[matches(_ID, "分类标识“{value}”只能含小写字母、数字和连字符")])
    name: str = opt("分类名称")
    children: tuple[Category, ...] = opt("下级分类", ())


def _index_form(form: str) -> list[Issue]:
    try:
        form.format(org_code="X", year=2026, serial=1)
    except (KeyError, IndexError, ValueError) as exc:
        return [Issue(f"索引号格式无效：{exc}", "只能使用 {org_code}、{year}、{serial} 三个占位符")]
    if "{serial" not in form or "{year" not in form:
        return [Issue("索引号格式必须包含 {year} 和 {serial}")]
    return []


@dataclass(frozen=True)
class IndexNumbers:
    """How index numbers (索引号) are formed and where issued numbers are recorded."""

    form: str = opt("索引号格式，可用 {org_code} {year} {serial}", "{org_code}/{year}-{serial:05d}",
                    checks=[_index_form])
    ledger: str = opt("索引号台账文件，相对于内容目录", "index-numbers.ledger")


LEVELS = ("block", "warn", "info", "off")


def _severities(registry: Registry) -> Option:
    known = registry.ids()

    def check(severity: dict[str, str]) -> Iterable[Issue]:
        for rule_id, level in severity.items():
            if rule_id not in known:
                close = difflib.get_close_matches(rule_id, known, n=1)
                yield Issue(f"未知规则“{rule_id}”", f"是否应为 {close[0]}？" if close else "运行 disclose rules 查看全部规则")
            if level not in LEVELS:
                yield Issue(f"规则 {rule_id} 的严重程度“{level}”无效", "只能是 block、warn、info 或 off")

    return Option("按规则设置严重程度：block、warn、info 或 off，如 {'pii.landline': 'warn'}", {},
                  type=dict[str, str], checks=[check])


def review_section(registry: Registry) -> type:
    """The DISCLOSE.review section: `severity`, then every option the rules of `registry` declare
    (`Rule.options`, in rule order), so a new rule option is declared once, in its rule."""
    declared = [("severity", _severities(registry)), *registry.options().items()]
    section = dataclasses.make_dataclass("Review", [(name, option.type, option.field()) for name, option in declared],
                                         frozen=True)
    section.__module__ = __name__  # pickled by name: disclose.config.Review
    section.__doc__ = "The confidentiality check: severities, then the rules' options."
    return section


Review = review_section(default_registry())


@dataclass(frozen=True)
class Approval:
    """Review and approval (先审查、后公开) and the publication deadline."""

    roster: str = opt("审核人员名册文件，相对于内容目录", "_review/roster.yml")
    records: str = opt("审核记录文件夹，相对于内容目录（每篇文档一个文件）", "_review/records")
    stages: tuple[str, ...] = opt("审核环节：review（保密审查，由 reviewer 办理）、approve（分管领导审批，由 approver 办理）",
                                  ("review", "approve"),
                                  checks=[each(one_of(("review", "approve"), "未知审核环节“{value}”", "只能是 review、approve")),
                                          not_empty("至少需要一个审核环节", "先审查、后公开：不能取消审核")])
    policy: str = opt("管理员签名的审核制度文件（名册指纹、审核环节、规则级别、签名基线），相对于内容目录",
                      "_review/policy.yml")
    deadline_workdays: int = opt("公开时限：产生日期后多少个工作日内发布（条例第二十六条）", 20)
    holidays: tuple[str, ...] = opt("chinese-calendar 数据以外年份的法定节假日（YYYY-MM-DD）", (), checks=[each(date)])
    workdays: tuple[str, ...] = opt("chinese-calendar 数据以外年份的调休上班日（YYYY-MM-DD）", (), checks=[each(date)])


@dataclass(frozen=True)
class Search:
    """Site search: the static index (Pagefind) and the server-side index (SQLite FTS5)."""

    enabled: bool = opt("生成检索索引（静态检索页面和服务器检索用的 SQLite 索引）", True)
    sqlite_path: str = opt("服务器检索索引在输出目录中的位置", "search/index.sqlite")
    shard_size: int = opt("静态检索索引每个分片最多包含的文档数（按年度分片，每片单独运行 Pagefind，"
                          "内存有上限；0 表示不分片）", 3000)


@dataclass(frozen=True)
class Report:
    """The annual report (政府信息公开工作年度报告)."""

    regulation_categories: tuple[str, ...] = opt("计入“规章”的组配分类标识", ())
    normative_categories: tuple[str, ...] = opt("计入“行政规范性文件”的组配分类标识", ())
    counts: str = opt("年度报告数据文件（表二其他项、表三、表四），相对于内容目录，{year} 为年份",
                      "_report/{publisher}-{year}.yml")


_PERCENT = "必须大于 0、不大于 100"


@dataclass(frozen=True)
class OpenData:
    """Datasets (data/), statistical disclosure control and the data catalogue (data.json)."""

    folder: str = opt("数据集目录，相对于仓库根目录", "data")
    k_anonymity: int = opt("个体数据（每行一个对象）按准标识符分组后每组至少应有的记录数 k", 5,
                           checks=[at_least(2, "k 至少为 2")])
    dominance_n: int = opt("(n,k) 支配规则：最大的 n 个贡献单位", 2, checks=[at_least(1, "n 必须为正整数")])
    dominance_k: float = opt("(n,k) 支配规则：最大 n 个单位之和超过单元格总量的 k%", 85.0,
                             checks=[above_up_to(0, 100, f"k% {_PERCENT}")])
    p_percent: float = opt("p% 规则：其余单位之和小于最大单位的 p% 时该单元格敏感", 10.0,
                           checks=[above_up_to(0, 100, f"p% {_PERCENT}")])
    min_contributors: int = opt("量值表单元格至少应有的贡献单位数", 3, checks=[at_least(1, "贡献单位数必须为正整数")])
    contact_name: str = opt("data.json 联系人（contactPoint.fn），默认为主办单位", "")
    licences: dict[str, str] = opt("开放许可代码与网址（data.json 的 license）",
                                   {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
                                    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/"})


UPDATE_CLASSES = {"news": "动态要闻", "notice": "通知公告/政策文件", "yearly": "人事/规划计划", "none": "不要求"}
PERIOD_RE = re.compile(r"^([1-9][0-9]*)([dmy])$")
_PERIOD_HINT = "写成数字加单位：14d（天）、6m（月）、1y（年）"


def _update_classes(columns: dict[str, str]) -> Iterable[Issue]:
    for cat_id, cls in columns.items():
        if cls not in UPDATE_CLASSES:
            yield Issue(f"栏目 {cat_id} 的更新类别“{cls}”无效",
                        "只能是 " + "、".join(f"{k}（{v}）" for k, v in UPDATE_CLASSES.items()))


def _periods(periods: dict[str, str]) -> Iterable[Issue]:
    for cls, period in periods.items():
        if cls not in UPDATE_CLASSES:
            yield Issue(f"未知更新类别“{cls}”", "只能是 news、notice、yearly")
        yield from _period(period)


def _period(period: str) -> list[Issue]:
    return [] if PERIOD_RE.match(period) else [Issue(f"更新周期“{period}”无效", _PERIOD_HINT)]


@dataclass(frozen=True)
class Inspection:
    """政府网站检查指标 (国办秘函〔2019〕19号): column update periods and veto thresholds."""

    columns: dict[str, str] = opt("各栏目（组配分类标识）的更新类别：news（动态要闻）、notice（通知公告/政策文件）、"
                                  "yearly（人事/规划计划）、none（不要求）；未列出的栏目不要求；上级分类的类别适用于未单独配置的下级分类", {},
                                  checks=[_update_classes])
    periods: dict[str, str] = opt("各更新类别的更新周期：如 14d（天）、6m（月）、1y（年）",
                                  {"news": "14d", "notice": "6m", "yearly": "1y"}, checks=[_periods])
    home_period: str = opt("首页最新信息的更新周期（超过即单项否决）", "14d", checks=[_period])
    veto_overdue: int = opt("未及时更新的栏目达到多少个即单项否决", 5, checks=[at_least(1, "否决阈值必须为正整数")])
    veto_blank: int = opt("空白栏目达到多少个即单项否决", 5, checks=[at_least(1, "否决阈值必须为正整数")])
    warn_days: int = opt("disclose inspect --fail-within 的默认天数：在这么多天内将触及否决项时以错误退出", 7,
                         checks=[at_least(0, "天数不能为负")])
    validity_days: int = opt("列出有效期在多少天内届满的规范性文件", 90, checks=[at_least(0, "天数不能为负")])
    hide_blank: bool = opt("从导航、目录和网站地图中隐藏没有已发布信息的栏目", False)


def _unique_publishers(publishers: tuple[Organisation | None, ...]) -> Iterable[Issue]:
    seen: set[str] = set()
    for i, org in enumerate(publishers):
        for key in (org.id, org.name) if org is not None else ():
            if isinstance(key, str) and key in seen:
                yield Issue(f"发布机构“{key}”重复", at=f"[{i}]")
            if isinstance(key, str):
                seen.add(key)


def _category_tree(categories: tuple[Category | None, ...]) -> Iterable[Issue]:
    seen: set[str] = set()
    for cat, parent in _tree(categories):
        if parent and cat.children:
            yield Issue(f"分类“{cat.name}”超过两级", "组配分类最多两级")
        for key in (cat.id, cat.name):
            if isinstance(key, str) and key in seen:
                yield Issue(f"分类“{key}”重复", "分类标识和名称都必须唯一")
            if isinstance(key, str):
                seen.add(key)


def _tree(categories: Iterable[Category | None]) -> list[tuple[Category, Category | None]]:
    """Every category with its parent (None at top level); items that failed validation left out."""
    out: list[tuple[Category, Category | None]] = []
    for top in categories:
        if top is not None:
            out.append((top, None))
            children = top.children if isinstance(top.children, tuple) else ()
            out.extend((child, top) for child in children if child is not None)
    return out


def _annual_report_category(s: Settings) -> list[Issue]:
    if s.annual_report_category and s.category(s.annual_report_category) is None:
        return [Issue(f"未配置的分类“{s.annual_report_category}”", at=".annual_report_category")]
    return []


def _inspected_columns(s: Settings) -> list[Issue]:
    return [Issue(f"未配置的分类“{cat_id}”", at=".inspection.columns")
            for cat_id in s.inspection.columns if s.category(cat_id) is None]


def _positive(what: str) -> list:
    return [at_least(1, f"{what}必须为正整数")]


@dataclass(frozen=True)
class Settings:
    """The whole DISCLOSE setting."""

    site: Site = opt("网站标识信息")
    publishers: tuple[Organisation, ...] = opt("发布机构列表", checks=[not_empty("至少需要配置一个发布机构"),
                                                                    _unique_publishers])
    categories: tuple[Category, ...] = opt("组配分类", checks=[_category_tree])
    index_numbers: IndexNumbers = opt("索引号规则", IndexNumbers())
    page_size: int = opt("目录每页条数", 50, checks=_positive("目录每页条数"))
    latest_count: int = opt("首页“最新信息”条数", 10, checks=_positive("首页条数"))
    annual_report_category: str = opt("年度报告所在的组配分类标识（首页“年度报告”链接指向它）", "")
    review: Review = opt("保密检查设置", Review())  # type: ignore[valid-type]
    approval: Approval = opt("审核、审批与公开时限", Approval())
    search: Search = opt("站内检索", Search())
    report: Report = opt("政府信息公开工作年度报告", Report())
    opendata: OpenData = opt("开放数据：数据集、统计披露控制与数据目录", OpenData())
    inspection: Inspection = opt("政府网站检查（栏目更新、空白栏目、否决项）", Inspection())
    how_to_apply: str = opt("依申请公开条目页面上的申请说明",
                            "本信息依申请公开。请按照《信息公开指南》提出政府信息公开申请。")

    # Checks across sections, each with the options it reads (skipped only when one has a problem).
    CHECKS: ClassVar[tuple[SectionCheck, ...]] = (
        (_annual_report_category, ("categories", "annual_report_category")),
        (_inspected_columns, ("categories", "inspection.columns")),
    )

    def publisher(self, key: str) -> Organisation | None:
        """The publisher with this id or full name."""
        for org in self.publishers:
            if key in (org.id, org.name):
                return org
        return None

    def all_categories(self) -> list[tuple[Category, Category | None]]:
        """Every category with its parent (None for top level), in configured order."""
        return _tree(self.categories)

    @cached_property
    def _category_index(self) -> dict[str, tuple[Category, Category | None]]:
        index: dict[str, tuple[Category, Category | None]] = {}
        for cat, parent in self.all_categories():
            for key in (cat.id, cat.name, f"{parent.name}/{cat.name}" if parent else cat.name):
                index.setdefault(key, (cat, parent))
        return index

    def category(self, key: str) -> Category | None:
        """The category with this id, name, or 父类/子类 path."""
        found = self._category_index.get(key)
        return found[0] if found else None

    def parent_of(self, cat_id: str) -> Category | None:
        """The parent category of a category id (None at top level)."""
        found = self._category_index.get(cat_id)
        return found[1] if found else None


def load(raw: Any, path: str = "pelicanconf.py") -> Settings:
    """Validate the raw DISCLOSE dict into Settings, or raise ConfigError listing every problem."""
    if raw is None:
        raise ConfigError([Problem(path, "缺少 DISCLOSE 配置", field=CONFIG_NAME,
                                   hint="参照示例站点的 pelicanconf.py 添加")], "配置无效。")
    problems: list[Problem] = []
    settings = build(Settings, raw, CONFIG_NAME, problems, path)
    if problems or settings is None:
        raise ConfigError(problems, f"配置无效（{path}），共 {len(problems)} 个问题：")
    return settings


def describe() -> list[tuple[str, str, str]]:
    """(name, default, help) rows documenting every option of DISCLOSE (`disclose config-doc`)."""
    return describe_section(Settings, CONFIG_NAME)
