"""attach.*: what only the reading of an attachment file can find.

Declared here, in one module, because none of them reads a Context: review/attachments.py and
the format readers in review/formats/ raise them while taking a file apart. Declaring them as
rules gives them the registry's contract: listed by `disclose rules`, severity configurable per
rule, acceptances by id.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...model import Severity
from ..context import Context
from ..finding import Finding
from ..rule import Rule


class _AttachmentRule(Rule):
    applies_to = "attachment"

    def check(self, ctx: Context) -> Iterator[Finding]:
        return iter(())


class Redaction(_AttachmentRule):
    id = "attach.redaction"
    title = "无效涂黑（方块下仍有文字）"
    description = "PDF 中被填充方块或图片盖住的文字仍在文字层中，可被复制、检索：涂黑无效。"
    severity = Severity.BLOCK


class Gps(_AttachmentRule):
    id = "attach.gps"
    title = "图片含 GPS 位置"
    description = "图片的 EXIF 信息中有拍摄地点的经纬度。"
    severity = Severity.BLOCK


class Metadata(_AttachmentRule):
    id = "attach.metadata"
    title = "文件属性中的人名"
    description = "文件属性（作者、最后修改者）、批注作者、修订作者或图片 EXIF 中记录了人名或账户名。"
    severity = Severity.WARN


class NoText(_AttachmentRule):
    id = "attach.no_text"
    title = "没有文字层的页面"
    description = "PDF 页面只有图像（如扫描件），内容无法自动检查，需审查员逐页查看。"
    severity = Severity.WARN


class Unsupported(_AttachmentRule):
    id = "attach.unsupported"
    title = "无法自动检查的附件类型"
    description = ("系统读不了这种文件（如旧版 Word .doc、演示文稿、压缩包、RTF）：附件按原样发布，"
                   "内容无法自动检查，因此阻止发布。请转换为 PDF、DOCX、XLSX 或 CSV 后重新提交，或删除该附件。")
    severity = Severity.BLOCK


class Broken(_AttachmentRule):
    id = "attach.broken"
    title = "附件无法读取"
    description = "附件的扩展名是系统能检查的类型，但文件损坏、加密或与扩展名不符，无法检查，因此阻止发布。"
    severity = Severity.BLOCK


class Formula(_AttachmentRule):
    id = "attach.formula"
    title = "CSV 单元格中的公式"
    description = ("CSV 或 TSV 附件（及正文链接的此类文件）中以 = + - @ 开头的单元格（数字和表示“无”的横线除外）："
                   "附件按原样发布，公众用 Excel、WPS 打开时会当作公式执行（可外连网址、运行命令），"
                   "因此阻止发布。数据集的下载文件由系统重新生成并已作无害化处理，不在此列。")
    severity = Severity.BLOCK


RULES = (Redaction(), Gps(), Metadata(), NoText(), Unsupported(), Broken(), Formula())
