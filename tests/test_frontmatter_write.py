"""frontmatter.py writes front matter: dumped by PyYAML, edited in place with comments kept.

The oracle is PyYAML's own loader (yaml.safe_load) and frontmatter.split, which the build uses."""

from __future__ import annotations

import datetime as dt

import yaml
from disclose.frontmatter import compose, dump_fields, quoted, set_fields, split
from hypothesis import given
from hypothesis import strategies as st


def _front(text: str) -> dict:
    return yaml.safe_load(text.split("\n---\n")[0].removeprefix("---\n")) or {}


def test_awkward_values_read_back_as_written():
    values = {"title": quoted('关于"试点"的通知: 第\\1号 # 不是注释'), "doc_no": quoted("江民发〔2026〕1号"),
              "created": dt.date(2026, 5, 20), "version": "2026-05-20", "count": "007", "flag": "yes",
              "keywords": [quoted("救助"), quoted("低保, 特困")], "index_no": "MB0A12342/2026-00005"}
    text = compose(dump_fields(values), "正文\n")
    assert _front(text) == values
    assert text.startswith('---\ntitle: "关于\\"试点\\"的通知: 第\\\\1号 # 不是注释"\n')
    assert "created: 2026-05-20\n" in text and 'keywords: ["救助", "低保, 特困"]\n' in text
    assert text.endswith("---\n\n正文\n")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
def test_any_title_survives_set_fields(title):
    text = "---\ntitle: 旧\n# 备注：保留\ncreated: 2026-01-02\n---\n\n正文\n"
    out = set_fields(text, {"title": quoted(title)})
    src = split("a.md", out)
    assert src.meta["title"] == title
    assert "# 备注：保留\n" in out and src.body == "\n正文\n"


def test_set_fields_keeps_comments_and_order_and_honours_the_dots_fence():
    text = "---\ntitle: 甲\n# doc_no: 江民发〔2026〕1号\nstatus: 有效\n...\n\n正文 --- 不是分隔\n"
    out = set_fields(text, {"status": "废止", "abolished": dt.date(2026, 6, 1)})
    assert out == ("---\ntitle: 甲\n# doc_no: 江民发〔2026〕1号\nstatus: 废止\nabolished: 2026-06-01\n"
                   "...\n\n正文 --- 不是分隔\n")
    first = set_fields(text, {"index_no": "MB0A12342/2026-00009"}, at_start=True)
    assert first.startswith("---\nindex_no: MB0A12342/2026-00009\ntitle: 甲\n")


def test_replacement_text_is_not_a_regex_template():
    out = set_fields("---\nwithdrawn_reason: 旧\n---\n", {"withdrawn_reason": quoted(r"见\1和\g<0>")})
    assert split("a.md", out).meta["withdrawn_reason"] == r"见\1和\g<0>"


def test_empty_block_and_whole_yaml_files():
    assert set_fields("---\n---\n正文", {"a": "b", "c": 1}) == "---\na: b\nc: 1\n---\n正文"
    descriptor = "# 说明\ntitle: 数据\n\n"
    assert set_fields(descriptor, {"index_no": "X/2026-00001"}, whole_yaml=True, at_start=True) == \
        "index_no: X/2026-00001\n# 说明\ntitle: 数据\n\n"
