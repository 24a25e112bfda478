"""The `disclose` command: a thin layer over the library; messages in Chinese.

Exit status: 0 success, 1 a document, configuration or build problem, 2 a usage error or a
roster/policy that the trust anchor does not vouch for (the publish stops outright).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..approval.trust import TrustError
from ..errors import DiscloseError, ProblemsError, UsageError
from .output import console_err
from .registry import COMMANDS, Command, add_commands

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

_TRANSLATIONS = (
    ("the following arguments are required", "缺少必填参数"),
    ("unrecognized arguments", "无法识别的参数"),
    ("invalid choice", "无效的选项"),
    ("expected one argument", "此参数需要一个值"),
    ("argument ", "参数 "),
)


class ChineseParser(argparse.ArgumentParser):
    """argparse with Chinese usage errors and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        for en, zh in _TRANSLATIONS:
            message = message.replace(en, zh)
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"用法错误：{message}\n运行 {self.prog} -h 查看帮助。\n")


def load_commands() -> dict[str, Command]:
    """Import the command modules (each registers its commands with @command) and return the
    table, in declaration order. The desk's module imports Flask only when `desk` runs."""
    # In this order (the order of the help): documents, check, build, approval, reports; search,
    # search-server, search-index; desk.
    from . import commands, search_commands  # noqa: F401, I001
    from ..desk import cli as desk_cli  # noqa: F401

    return COMMANDS


def build_parser() -> argparse.ArgumentParser:
    """The full command-line interface: every command in the table."""
    parser = ChineseParser(prog="disclose", description="政府信息公开网站的文档管理、检查与构建工具。")
    parser.add_argument("-s", "--settings", default="pelicanconf.py",
                        help="Pelican 配置文件（默认 pelicanconf.py）")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseParser)
    sub.required = True
    add_commands(sub, load_commands().values())
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `disclose` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or EXIT_OK)
    except TrustError as exc:
        console_err.print(f"错误：{exc}", style="bold red", markup=False, highlight=False)
        return EXIT_USAGE
    except UsageError as exc:
        console_err.print(f"用法错误：{exc}", style="bold red", markup=False, highlight=False)
        return EXIT_USAGE
    except ProblemsError as exc:
        console_err.print(exc.headline, style="bold red", markup=False, highlight=False)
        for problem in exc.problems:
            console_err.print(str(problem), markup=False, highlight=False)
        return EXIT_PROBLEMS
    except DiscloseError as exc:
        console_err.print(f"错误：{exc}", style="bold red", markup=False, highlight=False)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        console_err.print("已中断。")
        return 130
