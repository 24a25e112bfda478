"""hygiene.outdated_org: the name of an institution abolished or renamed by an institutional
reform, in a document created after the change (严重表述错误 in the 政府网站 inspection)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from ...model import Severity
from ...schema import Option, date, opt
from ..context import Context
from ..finding import Finding
from ..rule import Rule

DATA = "outdated_orgs.yml"


@dataclass(frozen=True)
class Rename:
    """One old name, its successor and the day from which the old name is outdated."""

    name: str
    successor: str
    since: dt.date
    source: str
    not_after: str = ""


@dataclass(frozen=True)
class RenamedOrg:
    """A local institution renamed or merged (DISCLOSE.review.renamed_orgs): after `since`,
    documents should use the new name."""

    old: str = opt("旧名称")
    new: str = opt("现名称")
    since: str = opt("更名生效日期 YYYY-MM-DD（此后产生的文档使用旧名称时提示）", checks=[date])


@cache
def national() -> tuple[Rename, ...]:
    """The table of central renames (review/data/outdated_orgs.yml), with each entry's source."""
    raw = yaml.safe_load(resources.files("disclose.review.data").joinpath(DATA).read_text(encoding="utf-8"))
    sources = raw["sources"]
    return tuple(Rename(r["name"], r["successor"], dt.date.fromisoformat(str(r["since"])), sources[r["source"]],
                        r.get("not_after", "")) for r in raw["renamed"])


@cache
def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first: 中国银保监会 before 银保监会; 部门 (国土资源部门, 农业部门) is a generic word.
    # No leading lookbehind: the alternation of literals keeps sre's prefix scan (a leading
    # (?<![原前]) made it try every position); check() skips names written 原X / 前X.
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(f"(?:{alt})(?!门)")


_CREATED = re.compile(r"^created:\s*['\"]?(\d{4}-\d{2}-\d{2})", re.M)


def _created(ctx: Context) -> dt.date | None:
    # ctx.front may be empty when no rule lists a key of this file's front matter in
    # Rule.front_keys (the YAML is then not parsed): the raw head below gives the date.
    value = ctx.front.get("created", "")
    if not ctx.front and ctx.raw.startswith("---"):  # a file checked on its own (disclose check FILE)
        head = ctx.raw[: ctx.raw.find("\n---", 3) + 1]
        found = _CREATED.search(head)
        value = found.group(1) if found else ""
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None  # no date (an attachment, a broken field): the metadata check reports it


def current_name(table: dict[str, Rename], name: str, on: dt.date) -> str:
    """The name to use on a date: follow successors renamed again by then (银监会 → 银保监会 → …)."""
    seen = {name}
    while name in table and table[name].since <= on and table[name].successor not in seen:
        name = table[name].successor
        seen.add(name)
    return name


class OutdatedOrg(Rule):
    id = "hygiene.outdated_org"
    title = "已撤销或更名机构的旧名称"
    description = ("文档产生时已被机构改革撤销或更名的机构名称（如国土资源部、国家工商行政管理总局），"
                   "属于检查指标中的严重表述错误；此前产生的文档可以保留旧名称。")
    severity = Severity.WARN
    options = {"renamed_orgs": Option("本地机构更名（hygiene.outdated_org 规则用）：旧名称、新名称、更名日期", (),
                                      type=tuple[RenamedOrg, ...])}

    def check(self, ctx: Context) -> Iterator[Finding]:
        created = _created(ctx)
        if created is None:
            return
        table = {r.name: r for r in national()}
        for local in ctx.options.renamed_orgs:
            table[local.old] = Rename(local.old, local.new, dt.date.fromisoformat(local.since),
                                      "本单位配置（review.renamed_orgs）")
        present = tuple(name for name in table if name in ctx.text)  # str.find: most files hold none
        if not present:
            return
        for m in _pattern(present).finditer(ctx.text):
            if m.start() and ctx.text[m.start() - 1] in "原前":
                continue
            entry = table[m.group()]
            if created < entry.since or (entry.not_after and m.start() and ctx.text[m.start() - 1] in entry.not_after):
                continue
            yield ctx.finding(self, m.start(), m.end(),
                              f"“{entry.name}”已于 {entry.since} 起撤销或更名（{entry.source}），本文档产生于 {created}",
                              f"改为现名称“{current_name(table, entry.name, created)}”；"
                              f"如确需提及原机构，写作“原{entry.name}”")


RULE = OutdatedOrg()
