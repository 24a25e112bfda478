"""Per-rule examples: tests/rules/<rule id>/pass/*.md must not trigger the rule;
fail/*.md must give exactly the findings listed in the .expected file beside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from disclose.review import Checker, ReviewSettings
from disclose.review.registry import DuplicateRuleError, Registry, default_registry

RULES_DIR = Path(__file__).parent / "rules"
CHECKER = Checker()


def examples(kind: str) -> list[Path]:
    return sorted(RULES_DIR.glob(f"*/{kind}/*.md"))


def checker_for(rule_id: str) -> Checker:
    """The default checker, or one with the options in tests/rules/<rule>/options.json (as they
    are written in DISCLOSE.review)."""
    options = RULES_DIR / rule_id / "options.json"
    if not options.exists():
        return CHECKER
    raw = json.loads(options.read_text())
    return Checker(ReviewSettings(options={k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()}))


def findings_of(path: Path, rule_id: str) -> list[tuple[str, int, str]]:
    text = path.read_text(encoding="utf-8")
    return [(f.rule, f.line, str(f.severity)) for f in checker_for(rule_id).check_text(path.name, text)
            if f.rule == rule_id]


def test_every_rule_has_passing_and_failing_examples():
    # attach.* rules read files, not text: their fixtures are in tests/test_attachments.py.
    for rule_id in (r.id for r in default_registry() if r.applies_to == "text"):
        assert list((RULES_DIR / rule_id / "pass").glob("*.md")), f"{rule_id}: no pass example"
        assert list((RULES_DIR / rule_id / "fail").glob("*.md")), f"{rule_id}: no fail example"
        for md in (RULES_DIR / rule_id / "fail").glob("*.md"):
            assert md.with_suffix(".expected").is_file(), f"{md}: no .expected file"


def test_no_example_folder_without_a_rule():
    ids = set(default_registry().ids())
    assert {p.name for p in RULES_DIR.iterdir() if p.is_dir()} <= ids


@pytest.mark.parametrize("path", examples("pass"), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_pass_examples(path: Path):
    assert findings_of(path, path.parts[-3]) == []


@pytest.mark.parametrize("path", examples("fail"), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_fail_examples(path: Path):
    expected = sorted(tuple([r, int(line), s]) for r, line, s in
                      (row.split() for row in path.with_suffix(".expected").read_text().splitlines()
                       if row.strip()))
    assert sorted(findings_of(path, path.parts[-3])) == expected


def test_registry_refuses_duplicate_ids():
    rule = next(iter(default_registry()))
    with pytest.raises(DuplicateRuleError):
        Registry([rule, rule])


def test_rules_declare_their_contract():
    for rule in default_registry():
        assert rule.id and rule.title and rule.description
        assert rule.__doc__ is None or rule.__class__.__module__.startswith("disclose.review.rules.")


def test_severity_override_and_off():
    text = "联系人手机：13812345678。\n"
    warn = Checker(ReviewSettings({"pii.mobile": "warn"})).check_text("a.md", text)
    assert [(f.rule, str(f.severity)) for f in warn] == [("pii.mobile", "warn")]
    assert Checker(ReviewSettings({"pii.mobile": "off"})).check_text("a.md", text) == []


def test_front_block_cuts_the_body_where_split_does():
    from disclose.frontmatter import SourceError, front_block, split

    root = Path(__file__).resolve().parents[1]
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "content").rglob("*.md"))]
    texts += ["---\na: 1\n---", "---\na: 1\n...\nbody", "---\na: 1\n---\n\n正文\n", "no front\n---\n", "---\n"]
    assert len(texts) > 10
    for text in texts:
        try:
            src = split("x", text)
        except SourceError:
            continue  # no front matter, or broken YAML (the check then still cuts at the fence)
        assert front_block(text) == ("\n".join(text.split("\n")[1:src.body_line - 2]), len(text) - len(src.body))


# --- rule options: declared once, by the rule (Rule.options) ---------------------------------------

def _probe_rule(seen: list, option):
    from disclose.model import Severity
    from disclose.review.rule import Rule

    class Probe(Rule):
        id, title, description, severity = "test.probe", "探针", "测试用规则", Severity.INFO
        options = {"probe_limit": option}

        def check(self, ctx):
            seen.append(ctx.options.probe_limit)
            return iter(())

    return Probe()


def test_a_rule_option_is_declared_in_the_rule_only():
    """An option a rule declares is a DISCLOSE.review option (validated, documented) and, prepared,
    an attribute of ctx.options: config, the context and corpus.review_settings list nothing."""
    from disclose import config, schema
    from disclose.corpus import review_settings

    seen: list = []
    limit = schema.Option("探针上限", 3, type=int, checks=[schema.at_least(1, "上限必须为正整数")],
                          prepare=lambda n: n * 10)
    registry = Registry([_probe_rule(seen, limit)])
    review = config.review_section(registry)
    assert ("DISCLOSE.review.probe_limit", "3", "探针上限") in schema.describe(review, "DISCLOSE.review")
    problems: list = []
    schema.build(review, {"probe_limit": 0}, "DISCLOSE.review", problems, "pelicanconf.py")
    assert [(p.field, p.message) for p in problems] == [("DISCLOSE.review.probe_limit", "上限必须为正整数")]
    problems = []
    section = schema.build(review, {"probe_limit": 7}, "DISCLOSE.review", problems, "pelicanconf.py")
    assert problems == []

    class Settings:  # what review_settings reads: settings.review
        pass

    settings = Settings()
    settings.review = section
    Checker(review_settings(settings), registry).check_text("a.md", "正文\n")
    Checker(registry=registry).check_text("a.md", "正文\n")
    assert seen == [70, 30]  # configured 7 and the default 3, each prepared (× 10)


def test_rules_sharing_an_option_share_one_declaration():
    from disclose import schema

    first, second = schema.Option("甲", 1, type=int), schema.Option("乙", 1, type=int)
    rule_a, rule_b = _probe_rule([], first), _probe_rule([], second)
    type(rule_b).id = "test.probe2"
    with pytest.raises(DuplicateRuleError):
        Registry([rule_a, rule_b])
    type(rule_b).options = {"probe_limit": first}
    assert list(Registry([rule_a, rule_b]).options()) == ["probe_limit"]
    shared = {name for rule in default_registry() for name in rule.options}
    assert {"allowed_phones", "small_cell_threshold"} <= shared


def test_an_option_no_rule_declares_is_refused():
    with pytest.raises(ValueError, match="allowed_phone"):
        Checker(ReviewSettings(options={"allowed_phone": ("0579-88880000",)}))


def test_configured_allow_list_is_prepared_for_the_rule():
    """DISCLOSE.review.allowed_email_domains as written (upper case) allows the address in the
    text (lower case): config → corpus.review_settings → the rule's prepare → ctx.options."""
    from disclose import config
    from disclose.corpus import review_settings

    from tests.test_orgcode_config import fixture_raw

    text = "来信请寄 zhangsan@qq.com。\n"
    raw = fixture_raw()
    assert [f.rule for f in Checker(review_settings(config.load(raw))).check_text("a.md", text)] == ["pii.email"]
    raw["review"] = {**raw.get("review", {}), "allowed_email_domains": ["QQ.com"]}
    assert Checker(review_settings(config.load(raw))).check_text("a.md", text) == []
