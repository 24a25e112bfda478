"""Per-rule examples: tests/rules/<rule id>/pass/*.md must not trigger the rule;
fail/*.md must give exactly the findings listed in the .expected file beside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from disclose.review import Checker, ReviewSettings
from disclose.review.context import Options
from disclose.review.registry import DuplicateRuleError, Registry, default_registry

RULES_DIR = Path(__file__).parent / "rules"
CHECKER = Checker()


def examples(kind: str) -> list[Path]:
    return sorted(RULES_DIR.glob(f"*/{kind}/*.md"))


def checker_for(rule_id: str) -> Checker:
    """The default checker, or one with the options in tests/rules/<rule>/options.json."""
    options = RULES_DIR / rule_id / "options.json"
    if not options.exists():
        return CHECKER
    raw = json.loads(options.read_text())
    return Checker(ReviewSettings(options=Options(**{k: frozenset(v) if isinstance(v, list) else v
                                                     for k, v in raw.items()})))


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
