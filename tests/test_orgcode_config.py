"""Organisation codes and the DISCLOSE configuration schema."""

from __future__ import annotations

import copy

import pytest
from disclose import config
from disclose.errors import ConfigError
from disclose.orgcode import is_valid_org_code, is_valid_uscc, org_code_check_char, validate_code

from tests.conftest import FIXTURE_SITE


def fixture_raw() -> dict:
    from disclose.build import load_settings

    return copy.deepcopy(load_settings(FIXTURE_SITE / "pelicanconf.py")["DISCLOSE"])


@pytest.mark.parametrize("code", ["014119539", "MB0A12342", "MB0B56784"])
def test_valid_org_codes(code):
    assert is_valid_org_code(code)


@pytest.mark.parametrize("code", ["014119538", "MB0A1234", "MB0A1234X2", "mb0a1234!"])
def test_invalid_org_codes(code):
    assert not is_valid_org_code(code)


def test_org_code_check_char_x_and_zero():
    # Check values 10 and 11 map to X and 0 (GB 11714).
    chars = {org_code_check_char(f"{n:08d}") for n in range(200)}
    assert {"X", "0"} <= chars


def test_uscc():
    assert is_valid_uscc("11339900MB0B56784A")
    assert not is_valid_uscc("11339900MB0B56784B")
    assert validate_code("11339900MB0B56784B") == "18 位统一社会信用代码校验位错误（GB 32100）"
    assert validate_code("12345") == "应为 9 位组织机构代码或 18 位统一社会信用代码"


def test_fixture_config_loads():
    s = config.load(fixture_raw())
    assert s.publisher("测试县民政局").id == "mzj"
    assert s.category("政策文件/行政规范性文件").id == "gfxwj"
    assert s.parent_of("gfxwj").id == "zcwj"
    assert s.page_size == 2


def messages(raw) -> list[str]:
    with pytest.raises(ConfigError) as exc:
        config.load(raw)
    return [str(p) for p in exc.value.problems]


def test_unknown_key_is_rejected_with_suggestion():
    raw = fixture_raw()
    raw["site"]["site_idcode"] = raw["site"].pop("site_id_code")
    assert messages(raw) == [
        "pelicanconf.py: [meta.invalid] 字段 DISCLOSE.site.site_idcode：未知配置项 "
        "DISCLOSE.site.site_idcode（提示：是否应为 DISCLOSE.site.site_id_code？）",
        "pelicanconf.py: [meta.invalid] 字段 DISCLOSE.site.site_id_code：缺少必填配置项 "
        "DISCLOSE.site.site_id_code（网站标识码（SiteIDCode），10 位字母或数字）",
    ]


def test_bad_org_code_and_duplicate_category():
    raw = fixture_raw()
    raw["publishers"][0]["code"] = "MB0A12343"
    raw["categories"].append({"id": "tzgg", "name": "重复"})
    assert messages(raw) == [
        "pelicanconf.py: [meta.invalid] 字段 DISCLOSE.publishers[0].code：“测试县民政局”的机构代码 "
        "MB0A12343 无效：9 位组织机构代码校验位错误（GB 11714）",
        "pelicanconf.py: [meta.invalid] 字段 DISCLOSE.categories：分类“tzgg”重复"
        "（提示：分类标识和名称都必须唯一）",
    ]


def test_wrong_type_and_three_levels():
    raw = fixture_raw()
    raw["page_size"] = "20"
    assert messages(raw) == [
        "pelicanconf.py: [meta.invalid] 字段 DISCLOSE.page_size：配置项 DISCLOSE.page_size 应为整数，"
        "实际为 '20'"]
    raw = fixture_raw()
    raw["categories"][0]["children"][0]["children"] = [{"id": "x", "name": "三级"}]
    assert "超过两级" in messages(raw)[0]


def test_missing_config():
    with pytest.raises(ConfigError) as exc:
        config.load(None)
    assert "缺少 DISCLOSE 配置" in str(exc.value)


def test_describe_documents_every_option():
    rows = config.describe()
    names = [r[0] for r in rows]
    assert "DISCLOSE.site.site_id_code" in names
    assert "DISCLOSE.publishers[].code" in names
    assert "DISCLOSE.index_numbers.form" in names
    assert all(r[2] for r in rows), "every option needs help text"


def test_problems_of_every_section_are_reported_at_once():
    """A type problem in one section does not hide the semantic problems of the others; the
    problems come in the order of the options (site, page_size, approval)."""
    raw = fixture_raw()
    raw["page_size"] = "20"                         # a type problem (pages)
    raw["site"]["site_id_code"] = "短"              # a semantic problem (site)
    raw["approval"] = {**raw.get("approval", {}), "holidays": ["2026-02-30"]}  # another (approval)
    got = messages(raw)
    assert got == [
        "pelicanconf.py: [meta.invalid] 字段 DISCLOSE.site.site_id_code：网站标识码应为 10 位字母或数字",
        "pelicanconf.py: [meta.invalid] 字段 DISCLOSE.page_size：配置项 DISCLOSE.page_size 应为整数，"
        "实际为 '20'",
        "pelicanconf.py: [meta.invalid] 字段 DISCLOSE.approval.holidays：日期“2026-02-30”无效（提示：格式为 YYYY-MM-DD）",
    ]


def test_a_type_problem_hides_no_other_option_of_its_section():
    """Each option is validated on its own: a wrong type in review.small_cell_threshold still lets
    the unknown rule in review.severity and a bad date in review.renamed_orgs be reported."""
    raw = fixture_raw()
    raw["review"] = {**raw.get("review", {}), "small_cell_threshold": "5", "severity": {"pii.nope": "warn"},
                     "renamed_orgs": [{"old": "旧局", "new": "新局", "since": "2026-13-01"}]}
    raw["publishers"][0]["code"] = "MB0A12343"
    assert sorted(p.split("：", 1)[0].removeprefix("pelicanconf.py: [meta.invalid] 字段 ") for p in messages(raw)) == [
        "DISCLOSE.publishers[0].code", "DISCLOSE.review.renamed_orgs[0].since",
        "DISCLOSE.review.severity", "DISCLOSE.review.small_cell_threshold"]


def test_every_option_of_a_section_is_checked_at_once():
    """Three bad numbers of one section are three problems, each at its own option (the
    whole section used to be one message, after the first type problem nothing)."""
    raw = fixture_raw()
    raw["opendata"] = {"k_anonymity": 1, "dominance_k": 120, "p_percent": "10"}
    raw["inspection"] = {**raw.get("inspection", {}), "veto_blank": 0, "home_period": "2 weeks"}
    fields = [p.field for p in _problems(raw)]
    assert fields == ["DISCLOSE.opendata.k_anonymity", "DISCLOSE.opendata.dominance_k",
                      "DISCLOSE.opendata.p_percent", "DISCLOSE.inspection.home_period",
                      "DISCLOSE.inspection.veto_blank"]


def test_a_check_across_sections_runs_beside_a_broken_option():
    """The checks across sections (annual_report_category and inspection.columns must name
    configured categories) run beside a publisher of the wrong type and a bad option in the
    same section (inspection.home_period): they read neither."""
    raw = fixture_raw()
    raw["annual_report_category"] = "无此分类"
    raw["inspection"] = {"columns": {"nosuch": "news"}, "home_period": "两周"}
    raw["publishers"][0]["name"] = 3
    got = {(p.field, p.message) for p in _problems(raw)}
    assert got == {("DISCLOSE.publishers[0].name", "配置项 DISCLOSE.publishers[0].name 应为文本，实际为 3"),
                   ("DISCLOSE.annual_report_category", "未配置的分类“无此分类”"),
                   ("DISCLOSE.inspection.home_period", "更新周期“两周”无效"),
                   ("DISCLOSE.inspection.columns", "未配置的分类“nosuch”")}


def test_a_whole_number_is_accepted_where_a_decimal_is_meant():
    raw = fixture_raw()
    raw["opendata"] = {"dominance_k": 80, "p_percent": 15}
    assert config.load(raw).opendata.dominance_k == 80.0


def _problems(raw):
    with pytest.raises(ConfigError) as exc:
        config.load(raw)
    return exc.value.problems


def test_default_collections_are_not_shared_between_instances():
    defaults = dict(config.Inspection().periods)
    assert defaults  # a dict default with contents: the case that was shared
    first = config.Inspection()
    first.periods["news"] = "1d"  # frozen dataclass, mutable dict: what a caller could do
    assert config.Inspection().periods == defaults
    assert config.OpenData().licences is not config.OpenData().licences


@pytest.mark.parametrize("broken", [
    {"inspection": "每周"},                                     # a section that is no dict
    {"publishers": [{"id": ["mzj"], "name": {"x": 1}, "code": "MB0A12342"}, "局"]},  # unhashable values, no dict
    {"categories": [{"id": "a", "name": "甲", "children": "乙"}, None]},
    {"site": None, "review": []},
])
def test_malformed_sections_are_problems_never_a_traceback(broken):
    raw = fixture_raw()
    raw["inspection"] = {"columns": {"tzgg": "news"}}
    raw.update(broken)
    problems = _problems(raw)
    assert problems and all(p.field.startswith("DISCLOSE.") for p in problems)
