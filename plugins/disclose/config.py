"""The DISCLOSE setting of pelicanconf.py: a typed schema, validated once, unknown keys rejected.

Every option is a dataclass field whose metadata carries its help text, so the schema, the
validation and the documentation (`disclose config-doc`) come from one source.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import difflib
import re
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .errors import ConfigError, Problem
from .orgcode import validate_code

CONFIG_NAME = "DISCLOSE"


def opt(help: str, default: Any = dataclasses.MISSING, **kw: Any) -> Any:
    """A schema option with its help text (and optional default)."""
    if isinstance(default, (list, dict, tuple)) and default != ():
        # A fresh copy per instance: a shared default dict would leak one site's edits into another.
        return field(default_factory=lambda: copy.deepcopy(default), metadata={"help": help, **kw})
    return field(default=default, metadata={"help": help, **kw})


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
    site_id_code: str = opt("网站标识码（SiteIDCode），10 位字母或数字")
    icp: str = opt("ICP 备案号")
    psb: str = opt("公安机关备案号")
    contact: Contact = opt("联系方式")
    column_name: str = opt("栏目名称（ColumnName）", "政府信息公开")
    office: str = opt("依申请公开受理机构（信息公开指南中使用）", "")
    undertaker: str = opt("承办单位（页脚；政府网站发展指引要求标明主办、承办单位）", "")
    conac_url: str = opt("党政机关网站标识的核验网址（页脚显示“党政机关”标识，如 https://bszs.conac.cn/sitename?...）", "")
    error_report_url: str = opt("“我为政府网站找错”入口网址（页脚显示）", "")


@dataclass(frozen=True)
class Organisation:
    """A publisher (发布机构)."""

    id: str = opt("机构标识，小写字母、数字或连字符，用于网址和命令行")
    name: str = opt("机构全称")
    code: str = opt("9 位组织机构代码或 18 位统一社会信用代码")


@dataclass(frozen=True)
class Category:
    """One node of the 组配分类 taxonomy (two levels allowed)."""

    id: str = opt("分类标识，小写字母、数字或连字符")
    name: str = opt("分类名称")
    children: tuple[Category, ...] = opt("下级分类", ())


@dataclass(frozen=True)
class IndexNumbers:
    """How index numbers (索引号) are formed and where issued numbers are recorded."""

    form: str = opt("索引号格式，可用 {org_code} {year} {serial}", "{org_code}/{year}-{serial:05d}")
    ledger: str = opt("索引号台账文件，相对于内容目录", "index-numbers.ledger")


@dataclass(frozen=True)
class RenamedOrg:
    """A local institution renamed or merged: after `since`, documents should use the new name."""

    old: str = opt("旧名称")
    new: str = opt("现名称")
    since: str = opt("更名生效日期 YYYY-MM-DD（此后产生的文档使用旧名称时提示）")


@dataclass(frozen=True)
class Review:
    """The confidentiality check: severities and allow-lists."""

    severity: dict[str, str] = opt("按规则设置严重程度：block、warn、info 或 off，如 {'pii.landline': 'warn'}", {})
    small_cell_threshold: int = opt("统计表小单元格阈值 T（计数 0 < n < T 阻止发布）", 5)
    allowed_phones: tuple[str, ...] = opt("允许公开的单位电话（如 0579-88880000 或 057988880000）", ())
    allowed_email_domains: tuple[str, ...] = opt("允许公开的邮箱域名（gov.cn 总是允许）", ())
    allowed_accounts: tuple[str, ...] = opt("允许公开的单位银行账号", ())
    renamed_orgs: tuple[RenamedOrg, ...] = opt("本地机构更名（hygiene.outdated_org 规则用）：旧名称、新名称、更名日期", ())


@dataclass(frozen=True)
class Approval:
    """Review and approval (先审查、后公开) and the publication deadline."""

    roster: str = opt("审核人员名册文件，相对于内容目录", "_review/roster.yml")
    records: str = opt("审核记录文件夹，相对于内容目录（每篇文档一个文件）", "_review/records")
    stages: tuple[str, ...] = opt("审核环节：review（保密审查，由 reviewer 办理）、approve（分管领导审批，由 approver 办理）",
                                  ("review", "approve"))
    policy: str = opt("管理员签名的审核制度文件（名册指纹、审核环节、规则级别、签名基线），相对于内容目录",
                      "_review/policy.yml")
    deadline_workdays: int = opt("公开时限：产生日期后多少个工作日内发布（条例第二十六条）", 20)
    holidays: tuple[str, ...] = opt("chinese-calendar 数据以外年份的法定节假日（YYYY-MM-DD）", ())
    workdays: tuple[str, ...] = opt("chinese-calendar 数据以外年份的调休上班日（YYYY-MM-DD）", ())


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


@dataclass(frozen=True)
class OpenData:
    """Datasets (data/), statistical disclosure control and the data catalogue (data.json)."""

    folder: str = opt("数据集目录，相对于仓库根目录", "data")
    k_anonymity: int = opt("个体数据（每行一个对象）按准标识符分组后每组至少应有的记录数 k", 5)
    dominance_n: int = opt("(n,k) 支配规则：最大的 n 个贡献单位", 2)
    dominance_k: float = opt("(n,k) 支配规则：最大 n 个单位之和超过单元格总量的 k%", 85.0)
    p_percent: float = opt("p% 规则：其余单位之和小于最大单位的 p% 时该单元格敏感", 10.0)
    min_contributors: int = opt("量值表单元格至少应有的贡献单位数", 3)
    contact_name: str = opt("data.json 联系人（contactPoint.fn），默认为主办单位", "")
    licences: dict[str, str] = opt("开放许可代码与网址（data.json 的 license）",
                                   {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
                                    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/"})


UPDATE_CLASSES = {"news": "动态要闻", "notice": "通知公告/政策文件", "yearly": "人事/规划计划", "none": "不要求"}


@dataclass(frozen=True)
class Inspection:
    """政府网站检查指标 (国办秘函〔2019〕19号): column update periods and veto thresholds."""

    columns: dict[str, str] = opt("各栏目（组配分类标识）的更新类别：news（动态要闻）、notice（通知公告/政策文件）、"
                                  "yearly（人事/规划计划）、none（不要求）；未列出的栏目不要求；上级分类的类别适用于未单独配置的下级分类", {})
    periods: dict[str, str] = opt("各更新类别的更新周期：如 14d（天）、6m（月）、1y（年）",
                                  {"news": "14d", "notice": "6m", "yearly": "1y"})
    home_period: str = opt("首页最新信息的更新周期（超过即单项否决）", "14d")
    veto_overdue: int = opt("未及时更新的栏目达到多少个即单项否决", 5)
    veto_blank: int = opt("空白栏目达到多少个即单项否决", 5)
    warn_days: int = opt("disclose inspect --fail-within 的默认天数：在这么多天内将触及否决项时以错误退出", 7)
    validity_days: int = opt("列出有效期在多少天内届满的规范性文件", 90)
    hide_blank: bool = opt("从导航、目录和网站地图中隐藏没有已发布信息的栏目", False)


@dataclass(frozen=True)
class Settings:
    """The whole DISCLOSE setting."""

    site: Site = opt("网站标识信息")
    publishers: tuple[Organisation, ...] = opt("发布机构列表")
    categories: tuple[Category, ...] = opt("组配分类")
    index_numbers: IndexNumbers = opt("索引号规则", IndexNumbers())
    page_size: int = opt("目录每页条数", 50)
    latest_count: int = opt("首页“最新信息”条数", 10)
    annual_report_category: str = opt("年度报告所在的组配分类标识（首页“年度报告”链接指向它）", "")
    review: Review = opt("保密检查设置", Review())
    approval: Approval = opt("审核、审批与公开时限", Approval())
    search: Search = opt("站内检索", Search())
    report: Report = opt("政府信息公开工作年度报告", Report())
    opendata: OpenData = opt("开放数据：数据集、统计披露控制与数据目录", OpenData())
    inspection: Inspection = opt("政府网站检查（栏目更新、空白栏目、否决项）", Inspection())
    how_to_apply: str = opt("依申请公开条目页面上的申请说明",
                            "本信息依申请公开。请按照《信息公开指南》提出政府信息公开申请。")

    def publisher(self, key: str) -> Organisation | None:
        """The publisher with this id or full name."""
        for org in self.publishers:
            if key in (org.id, org.name):
                return org
        return None

    def all_categories(self) -> list[tuple[Category, Category | None]]:
        """Every category with its parent (None for top level), in configured order."""
        out: list[tuple[Category, Category | None]] = []
        for top in self.categories:
            out.append((top, None))
            out.extend((child, top) for child in top.children)
        return out

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


_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _type_name(tp: Any) -> str:
    return {str: "文本", int: "整数", bool: "布尔值"}.get(tp, "对象或列表")


def build(cls: type, raw: Any, where: str, problems: list[Problem], path: str) -> Any:
    """Build dataclass `cls` (any schema class made with `opt`) from a dict, collecting problems
    instead of stopping at the first; None when it cannot be built at all."""
    if not isinstance(raw, dict):
        problems.append(Problem(path, f"配置项 {where} 应为字典（dict）", field=where))
        return None
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key in raw:
        if key not in fields:
            close = difflib.get_close_matches(str(key), list(fields), n=1)
            hint = f"是否应为 {where}.{close[0]}？" if close else f"可用的配置项：{', '.join(fields)}"
            problems.append(
                Problem(path, f"未知配置项 {where}.{key}", field=f"{where}.{key}", hint=hint)
            )
    values: dict[str, Any] = {}
    for name, f in fields.items():
        key = f"{where}.{name}"
        if name not in raw:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                problems.append(Problem(path, f"缺少必填配置项 {key}（{f.metadata['help']}）", key))
            continue
        values[name] = _convert(hints[name], raw[name], key, problems, path)
    try:
        return cls(**values)
    except TypeError:
        return None


def _convert(tp: Any, value: Any, where: str, problems: list[Problem], path: str) -> Any:
    origin = typing.get_origin(tp)
    if tp is Any:
        return value
    if dataclasses.is_dataclass(tp):
        return build(tp, value, where, problems, path)
    if origin is tuple:
        (item_tp, _) = typing.get_args(tp)
        if not isinstance(value, (list, tuple)):
            problems.append(Problem(path, f"配置项 {where} 应为列表", where))
            return ()
        return tuple(_convert(item_tp, v, f"{where}[{i}]", problems, path)
                     for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                  for k, v in value.items()):
            problems.append(Problem(path, f"配置项 {where} 应为“文本: 文本”字典", where))
            return {}
        return dict(value)
    if origin in (typing.Union, types.UnionType):
        tp = next(a for a in typing.get_args(tp) if a is not type(None))
    if not isinstance(value, tp) or (tp is int and isinstance(value, bool)):
        problems.append(Problem(path, f"配置项 {where} 应为{_type_name(tp)}，实际为 {value!r}", where))
    return value


Bad = Callable[..., None]  # bad(field, message, hint=None): record one problem


def _check_site(s: Settings, bad: Bad) -> None:
    if not re.fullmatch(r"[0-9A-Za-z]{10}", s.site.site_id_code):
        bad("DISCLOSE.site.site_id_code", "网站标识码应为 10 位字母或数字")
    for key in ("conac_url", "error_report_url"):
        url = getattr(s.site, key)
        if url and not re.fullmatch(r"https?://[^\s<>\"']+", url):
            bad(f"DISCLOSE.site.{key}", f"网址“{url}”无效", "以 https:// 或 http:// 开头的完整网址")


def _check_publishers(s: Settings, bad: Bad) -> None:
    seen: set[str] = set()
    for i, org in enumerate(s.publishers):
        where = f"DISCLOSE.publishers[{i}]"
        if not _ID_RE.match(org.id):
            bad(f"{where}.id", f"机构标识“{org.id}”只能含小写字母、数字和连字符")
        reason = validate_code(org.code)
        if reason:
            bad(f"{where}.code", f"“{org.name}”的机构代码 {org.code} 无效：{reason}")
        for key in (org.id, org.name):
            if key in seen:
                bad(where, f"发布机构“{key}”重复")
            seen.add(key)
    if not s.publishers:
        bad("DISCLOSE.publishers", "至少需要配置一个发布机构")


def _check_categories(s: Settings, bad: Bad) -> None:
    seen: set[str] = set()
    for cat, parent in s.all_categories():
        if parent and cat.children:
            bad("DISCLOSE.categories", f"分类“{cat.name}”超过两级", "组配分类最多两级")
        if not _ID_RE.match(cat.id):
            bad("DISCLOSE.categories", f"分类标识“{cat.id}”只能含小写字母、数字和连字符")
        for key in (cat.id, cat.name):
            if key in seen:
                bad("DISCLOSE.categories", f"分类“{key}”重复", "分类标识和名称都必须唯一")
            seen.add(key)
    if s.annual_report_category and s.category(s.annual_report_category) is None:
        bad("DISCLOSE.annual_report_category", f"未配置的分类“{s.annual_report_category}”")


def _check_index_numbers(s: Settings, bad: Bad) -> None:
    form = s.index_numbers.form
    try:
        form.format(org_code="X", year=2026, serial=1)
    except (KeyError, IndexError, ValueError) as exc:
        bad("DISCLOSE.index_numbers.form", f"索引号格式无效：{exc}",
            "只能使用 {org_code}、{year}、{serial} 三个占位符")
    else:
        if "{serial" not in form or "{year" not in form:
            bad("DISCLOSE.index_numbers.form", "索引号格式必须包含 {year} 和 {serial}")


def _check_review(s: Settings, bad: Bad) -> None:
    # Deferred: the rules load phonenumbers and python-stdnum (review/ never imports config).
    from .review.registry import default_registry

    known = default_registry().ids()
    for rule_id, level in s.review.severity.items():
        if rule_id not in known:
            close = difflib.get_close_matches(rule_id, known, n=1)
            bad("DISCLOSE.review.severity", f"未知规则“{rule_id}”",
                f"是否应为 {close[0]}？" if close else "运行 disclose rules 查看全部规则")
        if level not in ("block", "warn", "info", "off"):
            bad("DISCLOSE.review.severity", f"规则 {rule_id} 的严重程度“{level}”无效",
                "只能是 block、warn、info 或 off")
    if s.review.small_cell_threshold < 1:
        bad("DISCLOSE.review.small_cell_threshold", "阈值必须为正整数")
    for i, r in enumerate(s.review.renamed_orgs):
        if not _is_date(r.since):
            bad(f"DISCLOSE.review.renamed_orgs[{i}].since", f"日期“{r.since}”无效", "格式为 YYYY-MM-DD")


def _check_approval(s: Settings, bad: Bad) -> None:
    for stage in s.approval.stages:
        if stage not in ("review", "approve"):
            bad("DISCLOSE.approval.stages", f"未知审核环节“{stage}”", "只能是 review、approve")
    if not s.approval.stages:
        bad("DISCLOSE.approval.stages", "至少需要一个审核环节", "先审查、后公开：不能取消审核")
    for key in ("holidays", "workdays"):
        for day in getattr(s.approval, key):
            if not _is_date(day):
                bad(f"DISCLOSE.approval.{key}", f"日期“{day}”无效", "格式为 YYYY-MM-DD")


def _check_opendata(s: Settings, bad: Bad) -> None:
    o = s.opendata
    if o.k_anonymity < 2 or o.min_contributors < 1 or o.dominance_n < 1 \
            or not 0 < o.dominance_k <= 100 or not 0 < o.p_percent <= 100:
        bad("DISCLOSE.opendata", "k 至少为 2；贡献单位数、n 为正整数；k%、p% 在 0 到 100 之间")


def _check_pages(s: Settings, bad: Bad) -> None:
    if s.page_size < 1 or s.latest_count < 1:
        bad("DISCLOSE.page_size", "目录每页条数和首页条数必须为正整数")


PERIOD_RE = re.compile(r"^([1-9][0-9]*)([dmy])$")


def _check_inspection(s: Settings, bad: Bad) -> None:
    """Update classes name known classes and configured categories; periods parse."""
    where = "DISCLOSE.inspection"
    for cat_id, cls in s.inspection.columns.items():
        if s.category(cat_id) is None:
            bad(f"{where}.columns", f"未配置的分类“{cat_id}”")
        if cls not in UPDATE_CLASSES:
            bad(f"{where}.columns", f"栏目 {cat_id} 的更新类别“{cls}”无效",
                "只能是 " + "、".join(f"{k}（{v}）" for k, v in UPDATE_CLASSES.items()))
    for cls, period in [*s.inspection.periods.items(), ("home_period", s.inspection.home_period)]:
        if cls not in UPDATE_CLASSES and cls != "home_period":
            bad(f"{where}.periods", f"未知更新类别“{cls}”", "只能是 news、notice、yearly")
        if not PERIOD_RE.match(period):
            bad(f"{where}.periods", f"更新周期“{period}”无效", "写成数字加单位：14d（天）、6m（月）、1y（年）")
    if min(s.inspection.veto_overdue, s.inspection.veto_blank, s.inspection.warn_days + 1,
           s.inspection.validity_days + 1) < 1:
        bad(where, "否决阈值必须为正整数，天数不能为负")


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


# Rules that types alone cannot express, one check per section, each with the sections it reads.
# A check runs when none of those sections has a type problem (its values may be of any type
# otherwise), so the problems of every other section are still reported in the same run.
SECTION_CHECKS: tuple[tuple[Callable[[Settings, Bad], None], tuple[str, ...]], ...] = (
    (_check_site, ("site",)),
    (_check_publishers, ("publishers",)),
    (_check_categories, ("categories", "annual_report_category")),
    (_check_index_numbers, ("index_numbers",)),
    (_check_review, ("review",)),
    (_check_approval, ("approval",)),
    (_check_opendata, ("opendata",)),
    (_check_inspection, ("inspection", "categories", "site")),
    (_check_pages, ("page_size", "latest_count")),
)


def check_semantics(s: Settings, path: str, type_problems: Iterable[Problem] = ()) -> list[Problem]:
    """The problems of every section check whose sections are free of type problems."""
    problems: list[Problem] = []

    def bad(where: str, msg: str, hint: str | None = None) -> None:
        problems.append(Problem(path, msg, field=where, hint=hint))

    broken = {_section(p.field) for p in type_problems}
    for check, sections in SECTION_CHECKS:
        if not broken.intersection(sections):
            check(s, bad)
    return problems


def _section(field_name: str | None) -> str:
    """`DISCLOSE.review.severity` -> `review`; `DISCLOSE.publishers[0].id` -> `publishers`."""
    rest = (field_name or "").removeprefix(f"{CONFIG_NAME}.")
    return re.split(r"[.\[]", rest, maxsplit=1)[0]


def load(raw: Any, path: str = "pelicanconf.py") -> Settings:
    """Validate the raw DISCLOSE dict into Settings, or raise ConfigError listing every problem."""
    problems: list[Problem] = []
    if raw is None:
        raise ConfigError([Problem(path, "缺少 DISCLOSE 配置", field=CONFIG_NAME,
                                   hint="参照示例站点的 pelicanconf.py 添加")], "配置无效。")
    settings = build(Settings, raw, CONFIG_NAME, problems, path)
    if settings is not None:
        problems += check_semantics(settings, path, problems)
    if problems or settings is None:
        raise ConfigError(problems, f"配置无效（{path}），共 {len(problems)} 个问题：")
    return settings


def describe(cls: type = Settings, prefix: str = CONFIG_NAME) -> list[tuple[str, str, str]]:
    """(name, default, help) rows documenting every option, generated from the schema."""
    rows: list[tuple[str, str, str]] = []
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        name = f"{prefix}.{f.name}"
        tp = hints[f.name]
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        default = "（必填）" if required else repr(f.default if f.default is not dataclasses.MISSING
                                               else f.default_factory())
        if dataclasses.is_dataclass(tp):
            rows.append((name, "" if required else "", f.metadata["help"]))
            rows.extend(describe(tp, name))
            continue
        args = typing.get_args(tp)
        if typing.get_origin(tp) is tuple and args and dataclasses.is_dataclass(args[0]):
            rows.append((f"{name}[]", default, f.metadata["help"]))
            if args[0] is not cls:
                rows.extend(describe(args[0], f"{name}[]"))
            continue
        rows.append((name, default, f.metadata["help"]))
    return rows
