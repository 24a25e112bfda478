"""Decoding files and splitting YAML front matter from the Markdown body, with line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Problem

try:  # libyaml is several times faster; the pure-Python loader behaves the same
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _BaseLoader = yaml.SafeLoader  # type: ignore[misc]


class _StrictLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that leaves dates as text, so we can give our own error for 2026-02-30."""


_StrictLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}

FENCE = "---"

_YAML_PROBLEMS = {
    "did not find expected ',' or ']'": "列表缺少右方括号“]”或逗号",
    "did not find expected ',' or '}'": "映射缺少右花括号“}”或逗号",
    "mapping values are not allowed here": "此处不能出现“冒号+空格”，值中含冒号时请用引号括起来",
    "could not find expected ':'": "缺少冒号“:”",
    "found character '\\t' that cannot start any token": "不能用制表符（Tab）缩进",
    "found unexpected end of stream": "引号或括号没有闭合",
}


def _explain(problem: str) -> str:
    """PyYAML's English problem in Chinese where we know it, else as it is."""
    return _YAML_PROBLEMS.get(problem.strip(), f"（{problem.strip()}）")


@dataclass
class Source:
    """A Markdown file split into its front matter (parsed) and body."""

    path: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1


def decode(path: str, raw: bytes) -> str:
    """UTF-8 text of a file (BOM dropped), or a Problem explaining the encoding and the fix."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            guess = "看起来是 GBK/GB18030 编码（Windows 中文版记事本、Word 另存为文本时常见）"
        except UnicodeDecodeError:
            guess = "无法识别的编码"
        raise SourceError(Problem(
            path, f"文件不是 UTF-8 编码，{guess}；第一个无法解码的字节在第 {line} 行",
            field="encoding", line=line, code="meta.encoding",
            hint=f"转换为 UTF-8 后再提交：iconv -f GB18030 -t UTF-8 {path} -o {path}.utf8 "
                 f"&& mv {path}.utf8 {path}，或在编辑器中“另存为 UTF-8”",
        )) from None


class SourceError(Exception):
    """A file cannot be split or parsed; carries one Problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def split(path: str, text: str) -> Source:
    """Split `---` front matter from the body and parse it, keeping each key's line number."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise SourceError(Problem(
            path, "缺少 YAML 头部：文件第一行必须是 ---", field="front_matter", line=1,
            code="meta.front_matter", hint="用 disclose new 生成文件骨架，或参照示例文档补上头部"))
    end = _closing_fence(lines)
    if end is None:
        raise SourceError(Problem(
            path, "YAML 头部没有结束：找不到第二个 --- 行", field="front_matter", line=1,
            code="meta.front_matter", hint="在元数据之后、正文之前加一行 ---"))
    meta, key_lines = parse_yaml(path, "\n".join(lines[1:end]), first_line=2)
    return Source(path, text, meta, key_lines, "\n".join(lines[end + 1:]), end + 2)


def _closing_fence(lines: list[str]) -> int | None:
    """Index of the line closing the front matter (--- or ...), or None."""
    return next((i for i in range(1, len(lines)) if lines[i].strip() in (FENCE, "...")), None)


def front_block(text: str) -> tuple[str, int] | None:
    """The raw front matter (between the fences, unparsed) and the offset where the body starts,
    exactly as split() would cut it; None when split() would find no front matter."""
    lines = text.split("\n")
    if lines[0].strip() != FENCE:
        return None
    end = _closing_fence(lines)
    if end is None:
        return None
    return "\n".join(lines[1:end]), min(len(text), sum(len(line) + 1 for line in lines[:end + 1]))


_FULL_WIDTH_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_-]*)\s*：")


def _full_width_colon(path: str, text: str, first_line: int) -> None:
    """Refuse `title：…` (a full-width colon after a field name) on its own line: YAML itself
    reports the line after it, with a message that does not say what is wrong."""
    for i, line in enumerate(text.split("\n")):
        m = _FULL_WIDTH_KEY.match(line)
        if m:
            raise SourceError(Problem(
                path, f"字段名 {m.group(1)} 后面是全角冒号“：”，应为半角冒号加空格“: ”",
                field=m.group(1), line=i + first_line, code="meta.yaml",
                hint=f"改为 {m.group(1)}: 值（英文输入法下的冒号，后面加一个空格）"))


def parse_yaml(path: str, text: str, first_line: int = 1) -> tuple[dict[str, Any], dict[str, int]]:
    """Parse a YAML mapping; return it with the line of each top-level key."""
    loader = _StrictLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, {}
        if not isinstance(node, yaml.MappingNode):
            _full_width_colon(path, text, first_line)
            raise SourceError(Problem(
                path, "YAML 头部应为“字段: 值”形式的映射", field="front_matter", line=first_line,
                code="meta.yaml"))
        key_lines: dict[str, int] = {}
        for key_node, _ in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + first_line
            if key in key_lines:
                raise SourceError(Problem(
                    path, f"字段重复出现（第一次在第 {key_lines[key]} 行）", field=key, line=line,
                    code="meta.duplicate_field", hint="删除重复的一行"))
            key_lines[key] = line
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        _full_width_colon(path, text, first_line)
        # The context mark is where the broken construct starts: the line staff must fix.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + first_line if mark else first_line
        raise SourceError(Problem(
            path, f"YAML 格式错误：{_explain(exc.problem or exc.context or '')}",
            field="front_matter", line=line,
            code="meta.yaml",
            hint="检查冒号后是否有空格、缩进是否一致；值中含冒号或 # 时用引号括起来")) from None
    finally:
        loader.dispose()
    return data, key_lines
