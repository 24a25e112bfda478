"""The reviewer's report: one self-contained HTML page per run (no external resources)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from .. import clock
from ..model import Severity
from .registry import Registry
from .report import Report

DECISION = {
    Severity.BLOCK: "必须处理：修改文件，或由审查员写明理由后接受",
    Severity.WARN: "请核实：确认无误可忽略，有问题请修改",
    Severity.INFO: "供参考",
}
LABEL = {Severity.BLOCK: "阻止发布", Severity.WARN: "警告", Severity.INFO: "提示"}


def render_html(report: Report, registry: Registry, title: str = "保密审查报告") -> str:
    """The report page as one HTML string (all CSS inline)."""
    env = Environment(loader=PackageLoader("disclose.review", "templates"),
                      autoescape=select_autoescape(["html"]))
    # Files needing a decision first (blocking, then warnings, then accepted-only), clean ones last.
    def weight(item: tuple[str, list]) -> tuple[int, str]:
        path, findings = item
        if any(f.severity is Severity.BLOCK and not report.is_accepted(f) for f in findings):
            return 0, path
        return (1 if any(f.severity is Severity.WARN for f in findings) else 2 if findings else 3), path

    ordered = dict(sorted(report.files.items(), key=weight))
    return env.get_template("report.html").render(
        title=title, report=report, files=ordered, counts=report.counts(), rules={r.id: r for r in registry},
        decision=DECISION, label=LABEL, generated=clock.now().strftime("%Y-%m-%d %H:%M（UTC+8）"))  # as in the records


def write_html(report: Report, registry: Registry, path: Path) -> None:
    """Write the report page."""
    path.write_text(render_html(report, registry), encoding="utf-8")
