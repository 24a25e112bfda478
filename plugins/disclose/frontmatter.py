"""Front matter: decoding files, splitting YAML front matter from the Markdown body with line
numbers, and writing it (`compose` for a new file, `set_fields` to edit one in place)."""

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
END_FENCES = (FENCE, "...")  # a front matter block may close with either (YAML's document end)

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
    return next((i for i in range(1, len(lines)) if lines[i].strip() in END_FENCES), None)


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


# --- Writing -----------------------------------------------------------------------------------


class quoted(str):  # noqa: N801  (reads as a marker at the call site: quoted(title))
    """Free text (titles, document numbers, reasons) written as a double-quoted YAML scalar, so
    staff see at a glance where it starts and ends and no value is ever read back as another type."""


class _Dumper(yaml.SafeDumper):
    """SafeDumper with `quoted` strings double-quoted."""


_Dumper.add_representer(quoted, lambda d, v: d.represent_scalar("tag:yaml.org,2002:str", str(v), style='"'))


def dump_value(value: Any) -> str:
    """One value as PyYAML writes it on one line (collections in flow style, `[a, b]`; dates as
    YYYY-MM-DD; a string that would read back as another type quoted)."""
    text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, default_flow_style=True, width=2 ** 31)
    return text.removesuffix("\n...\n").rstrip("\n")


def dump_fields(fields: dict[str, Any]) -> str:
    """`key: value` lines for top-level fields, in the given order (keys are our field names)."""
    return "".join(f"{key}: {dump_value(value)}\n" for key, value in fields.items())


def compose(front: str, body: str) -> str:
    """A whole Markdown file: front matter lines (from dump_fields, comments allowed) between
    fences, a blank line, then the body."""
    front = front if not front or front.endswith("\n") else front + "\n"
    return f"{FENCE}\n{front}{FENCE}\n\n{body}"


def _key_line(key: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(key)}[ \t]*:.*$", re.M)


def set_fields(text: str, values: dict[str, Any], *, whole_yaml: bool = False,
               at_start: bool = False) -> str:
    """The text with top-level fields set in place: a field's line is replaced, a missing field is
    added at the end of the front matter (or at its start with `at_start`). Every other line,
    comments included, is kept as it is. `whole_yaml`: the text is a YAML file (a dataset
    descriptor), not Markdown with front matter. The block is found as split() finds it (closing
    fence `---` or `...`); a file without one raises ValueError (callers have validated it)."""
    if whole_yaml:
        start, end = 0, len(text.rstrip("\n"))
    else:
        block = front_block(text)
        if block is None:
            raise ValueError("no front matter")
        start = text.index("\n") + 1
        end = start + len(block[0])
    head = text[start:end]
    # An empty block ("---" right after "---") has no newline of its own before the closing fence.
    trail = "\n" if not head and not whole_yaml else ""
    for key, value in values.items():
        line = dump_fields({key: value}).rstrip("\n")
        pattern = _key_line(key)
        if pattern.search(head):
            head = pattern.sub(lambda _m, line=line: line, head, count=1)
        elif not head:
            head = line
        elif at_start:
            head = f"{line}\n{head}"
        else:
            head = f"{head}\n{line}"
    return text[:start] + head + (trail if head else "") + text[end:]
