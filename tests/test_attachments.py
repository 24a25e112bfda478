"""Attachments are checked like bodies (issue 13): fixtures made here with the same libraries
(openpyxl, xlwt, python-docx, reportlab, Pillow), each found at the right severity and location.

Identifiers come from outside the code under test: the GB 11643 worked example
11010519491231002X, and IDs whose check character `gb11643_check` below computes from the
standard's weights (an oracle independent of review/validators.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from disclose.review import Checker, ReviewSettings
from disclose.review.attachments import check_file
from disclose.review.registry import default_registry

from tests.conftest import SiteCopy, commit_all

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def gb11643_check(first17: str) -> str:
    """GB 11643-1999 MOD 11-2 check character, written from the standard."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


GB_EXAMPLE = "11010519491231002X"  # the standard's own example
ID = "44010619850601031" + gb11643_check("44010619850601031")  # 广州市越秀区, 1985-06-01
ID2 = "44010619850601111" + gb11643_check("44010619850601111")
MOBILE, MOBILE2, MOBILE3 = "13800138000", "13912345678", "13712345678"
CHECKER = Checker()


def test_oracle_agrees_with_the_standard_example():
    assert gb11643_check(GB_EXAMPLE[:17]) == GB_EXAMPLE[17]
    assert ID == "440106198506010313"


def found(path: Path, checker: Checker = CHECKER, names: bool = True) -> set[tuple[str, str, str]]:
    """(rule, location after the file name, severity) of every finding in one attachment;
    identifiers are never shown whole, names are masked where the check knows them as names."""
    rel = f"content/a/files/{path.name}"
    out = set()
    for f in check_file(checker, path, rel):
        assert f.path.startswith(rel), f.path
        for secret in (ID, ID2, GB_EXAMPLE, MOBILE, MOBILE2, MOBILE3, *(("张三", "李四", "王五") if names else ())):
            assert secret not in f.excerpt + f.message + f.path, f"{secret} unmasked in {f}"
        out.add((f.rule, f.path[len(rel):].lstrip("!"), str(f.severity)))
    return out


# ---------------------------------------------------------------- fixture makers


def make_csv(d: Path, clean: bool = False) -> Path:
    p = d / "mingdan.csv"
    rows = "项目,责任科室\n低保复核,救助科\n" if clean else f"张三,{ID},{MOBILE}\n"
    p.write_text(rows, encoding="utf-8")
    return p


def make_xlsx(d: Path, clean: bool = False, id_number: str = ID) -> Path:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.workbook.defined_name import DefinedName

    wb = Workbook()
    ws = wb.active
    ws.title = "公示"
    ws.append(["序号", "项目", "金额（万元）"])
    ws.append([1, "道路硬化", 12.5])
    if not clean:
        hidden = wb.create_sheet("Sheet2")
        hidden.sheet_state = "hidden"
        hidden["A1"], hidden["B1"] = "序号", "备注"
        hidden["C14"] = id_number
        ws["E5"] = MOBILE  # a hidden column
        ws.column_dimensions["E"].hidden = True
        ws["B9"] = f"联系人 {MOBILE2}"  # a hidden row
        ws.row_dimensions[9].hidden = True
        ws["B2"].comment = Comment(f"经办人手机 {MOBILE3}", "王五")
        wb.defined_names["联系人"] = DefinedName("联系人", attr_text=f'"{ID2}"')
    p = d / ("mingdan.xlsx" if not clean else "gongshi.xlsx")
    wb.save(p)
    return p


def make_xls(d: Path, clean: bool = False) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("公示")
    ws.write(0, 0, "项目")
    ws.write(0, 1, "责任科室")
    ws.write(1, 0, "低保复核")
    ws.write(1, 1, "救助科")
    if not clean:
        hidden = wb.add_sheet("Sheet2")
        hidden.visibility = 1
        hidden.write(13, 2, ID)
        ws.write(3, 1, f"联系人 {MOBILE}")
        ws.row(3).hidden = True
    p = d / "mingdan.xls"
    wb.save(str(p))
    return p


def make_docx(d: Path, clean: bool = False) -> Path:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = docx.Document()
    doc.core_properties.author = "Administrator"
    p = doc.add_paragraph("联系电话：")
    if clean:
        p.add_run("见本局网站")
    else:
        doc.core_properties.author = "赵六"
        # A tracked change: the old mobile number deleted, a new one inserted.
        old = p.add_run(MOBILE)._r
        deleted = OxmlElement("w:del")
        deleted.set(qn("w:id"), "1")
        deleted.set(qn("w:author"), "孙七")
        old.addprevious(deleted)
        deleted.append(old)
        old.find(qn("w:t")).tag = qn("w:delText")
        inserted = OxmlElement("w:ins")
        inserted.set(qn("w:id"), "2")
        inserted.set(qn("w:author"), "孙七")
        run, t = OxmlElement("w:r"), OxmlElement("w:t")
        t.text = MOBILE2
        run.append(t)
        inserted.append(run)
        deleted.addnext(inserted)
    body = doc.add_paragraph("请各单位按时报送。")
    if not clean:
        body.add_run(f"身份证 {ID2}").font.hidden = True
        doc.add_comment(body.runs[0], text=f"拟公示名单：\n姓名：张三，身份证号：{ID}", author="审核人", initials="S")
        table = doc.add_table(rows=2, cols=2)
        for (r, c), text in {(0, 0): "姓名", (0, 1): "手机", (1, 0): "王五", (1, 1): MOBILE3}.items():
            table.cell(r, c).text = text
        doc.sections[0].header.paragraphs[0].text = "秘密★1年"
    p = d / ("tongzhi.docx" if not clean else "clean.docx")
    doc.save(p)
    return p


def make_pdf(d: Path, clean: bool = False) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    p = d / ("gongshi.pdf" if not clean else "clean.pdf")
    c = canvas.Canvas(str(p))
    c.setAuthor("张三" if not clean else "")
    c.setFont("STSong-Light", 12)
    # A grey table shading drawn BEFORE the text: a background, not a redaction.
    c.setFillColorRGB(0.85, 0.85, 0.85)
    c.rect(90, 640, 330, 30, fill=1, stroke=0)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(100, 650, "办公地点 人民路1号" if clean else f"联系电话 {MOBILE}")
    c.drawString(100, 700, "公民身份号码：" + ("已依法删除" if clean else ID))
    if not clean:
        c.rect(184, 695, 150, 18, fill=1, stroke=0)  # the black box drawn over the ID number
    c.showPage()
    c.drawString(100, 700, "Page 2")
    c.showPage()
    c.save()
    return p


def make_jpeg(d: Path, clean: bool = False) -> Path:
    from PIL import Image

    exif = Image.Exif()
    if not clean:
        exif[0x9C9D] = "李四".encode("utf-16-le") + b"\x00\x00"  # XPAuthor, as Windows writes it
        exif[0x8825] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 30.0)}
    p = d / ("xianchang.jpg" if not clean else "clean.jpg")
    Image.new("RGB", (16, 16), "white").save(p, exif=exif)
    return p


# ---------------------------------------------------------------- one test per type


def test_csv_row_of_name_id_and_mobile(tmp_path: Path):
    """Why 4: mingdan.csv holding 张三, an ID number and a mobile gave 0 findings."""
    # No header row: like the same row in a Markdown body, 张三 is not known as a name here.
    assert found(make_csv(tmp_path), names=False) == {("pii.id_card", "B1", "block"),
                                                      ("pii.mobile", "C1", "block")}
    assert found(make_csv(tmp_path, clean=True)) == set()


def test_csv_with_a_name_column_is_a_name_list(tmp_path: Path):
    p = tmp_path / "名单.csv"
    p.write_text(f"姓名,手机\n张三,{MOBILE}\n李四,{MOBILE2}\n", encoding="gb18030")  # GBK-family file
    assert found(p) >= {("pii.name_list", "A2", "block"), ("pii.mobile", "B2", "block"),
                        ("pii.mobile", "B3", "block")}


def test_xlsx_hidden_sheet_row_column_comment_and_name(tmp_path: Path):
    assert found(make_xlsx(tmp_path)) == {
        ("pii.id_card", "Sheet2!C14（隐藏工作表）", "block"),
        ("pii.mobile", "公示!E5（隐藏列）", "block"),
        ("pii.mobile", "公示!B9（隐藏行）", "block"),
        ("pii.mobile", "公示!B2 批注", "block"),
        ("pii.id_card", "定义名称 联系人", "block"),
        ("attach.metadata", "文件属性", "warn"),  # the comment's author 王五
    }
    assert found(make_xlsx(tmp_path, clean=True)) == set()


def test_xlsx_with_the_standard_example_id(tmp_path: Path):
    """The GB 11643 example itself (found since the check character is computed over all 17
    digits, issue 14)."""
    result = found(make_xlsx(tmp_path, id_number=GB_EXAMPLE))
    assert ("pii.id_card", "Sheet2!C14（隐藏工作表）", "block") in result


def test_legacy_xls(tmp_path: Path):
    assert found(make_xls(tmp_path)) == {("pii.id_card", "Sheet2!C14（隐藏工作表）", "block"),
                                         ("pii.mobile", "公示!B4（隐藏行）", "block")}
    assert found(make_xls(tmp_path, clean=True)) == set()


def test_docx_tracked_deletion_comment_hidden_text_table_header(tmp_path: Path):
    assert found(make_docx(tmp_path)) == {
        ("pii.mobile", "第1段（修订删除）", "block"),  # the deleted number
        ("pii.mobile", "第1段", "block"),  # the number that replaced it
        ("pii.id_card", "第2段（隐藏文字）", "block"),
        ("pii.id_card", "批注1", "block"),
        ("pii.name_list", "批注1", "warn"),
        ("pii.name_list", "表格1第2行第1列", "block"),
        ("pii.mobile", "表格1第2行第2列", "block"),
        ("stats.microdata", "表格1第1行第2列", "block"),
        ("secret.mark", "页眉1第1段", "block"),
        ("attach.metadata", "文件属性", "warn"),  # author 赵六, revision author 孙七, 审核人
    }
    assert found(make_docx(tmp_path, clean=True)) == set()


def test_pdf_text_under_a_black_box_is_a_failed_redaction(tmp_path: Path):
    result = found(make_pdf(tmp_path))
    assert result == {
        ("attach.redaction", "第1页", "block"),
        ("pii.id_card", "第1页（被遮盖）", "block"),
        ("pii.mobile", "第1页", "block"),  # on a grey background drawn first: not covered
        ("attach.metadata", "文件属性", "warn"),  # Author 张三
    }
    assert found(make_pdf(tmp_path, clean=True)) == set()


def test_pdf_page_without_text_layer(tmp_path: Path):
    from reportlab.pdfgen import canvas

    p = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(p))
    c.rect(50, 50, 400, 600, fill=1)  # a scan: only an image or shapes on the page
    c.showPage()
    c.save()
    assert found(p) == {("attach.no_text", "第1页", "warn")}


def test_jpeg_with_gps_and_author(tmp_path: Path):
    assert found(make_jpeg(tmp_path)) == {("attach.gps", "EXIF GPS", "block"),
                                          ("attach.metadata", "文件属性", "warn")}
    assert found(make_jpeg(tmp_path, clean=True)) == set()


def test_unreadable_types_are_named_and_broken_files_block(tmp_path: Path):
    doc = tmp_path / "旧通知.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    fake = tmp_path / "名单.xlsx"
    fake.write_text(f"张三,{ID}", encoding="utf-8")  # a CSV renamed: cannot be read as XLSX
    pdf = tmp_path / "坏.pdf"
    pdf.write_bytes(b"%PDF-1.7\n garbage")
    assert found(doc) == {("attach.unsupported", "", "block")}  # published unchecked otherwise
    assert "旧版 Word 文档（.doc）" in check_file(CHECKER, doc, "x/旧通知.doc")[0].message
    assert found(fake) == {("attach.broken", "", "block")}
    assert found(pdf) == {("attach.broken", "", "block")}


def test_attachment_rules_take_configured_severities(tmp_path: Path):
    jpeg = make_jpeg(tmp_path)
    checker = Checker(ReviewSettings({"attach.gps": "warn", "attach.metadata": "off"}))
    assert found(jpeg, checker) == {("attach.gps", "EXIF GPS", "warn")}
    csv = make_csv(tmp_path)
    assert found(csv, Checker(ReviewSettings({"pii.mobile": "off"})), names=False) == \
        {("pii.id_card", "B1", "block")}


MAKERS: dict[str, Callable[..., Path]] = {
    "attach.redaction": make_pdf, "attach.gps": make_jpeg, "attach.metadata": make_docx,
}


@pytest.mark.parametrize("rule", sorted(MAKERS))
def test_attachment_rules_pass_and_fail(rule: str, tmp_path: Path):
    assert rule in {r for r, _, _ in found(MAKERS[rule](tmp_path))}
    assert rule not in {r for r, _, _ in found(MAKERS[rule](tmp_path, clean=True))}


def test_every_attachment_rule_is_tested():
    # attach.formula: tests/test_hiding.py (CSV and TSV cells that run as formulas).
    tested = set(MAKERS) | {"attach.no_text", "attach.unsupported", "attach.broken", "attach.formula"}
    assert {r.id for r in default_registry() if r.applies_to == "attachment"} == tested


# ---------------------------------------------------------------- the site: gate, CLI, report

DOC = """---
title: 关于2026年度临时救助对象的公示
category: 通知公告
disclosure: 主动公开
publisher: mzj
created: 2026-05-20
attachments:
  - path: files/mingdan.csv
    title: 附件：临时救助对象名单
---

现将临时救助对象名单公示如下，详见附件。
"""


def test_approved_document_with_an_id_in_its_attachment_is_held_back(site: SiteCopy, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch):
    from disclose.approval import actions, statements
    from disclose.build import build_site
    from disclose.review import attachments

    canary = "金丝雀附件"
    path = "content/a/gongshi.md"
    site.write(path, DOC)
    site.write("content/a/files/mingdan.csv", f"姓名,身份证号,备注\n张三,{ID},{canary}\n")
    assert site.cli("number", path).returncode == 0
    commit_all(site.root)

    # The reviewer cannot sign it off while the attachment holds an ID number.
    refused = site.approve(path, "shencha")
    assert refused.returncode == 1 and "pii.id_card" in refused.stderr

    # Approved as it would have been before attachments were checked (the check switched off
    # for the approval only): the publish gate must still hold it back.
    with monkeypatch.context() as m:
        m.setattr(attachments, "check_files", lambda *a, **k: [])
        for person in ("shencha", "lingdao"):
            subj = actions.subject(site.corpus(), path, person, site.key(person))
            actions.approve(subj, "", False, statements.now())
    commit_all(site.root, "审核记录")

    out = tmp_path / "out"
    result = build_site(site.conf, out)
    held = {p: reason for p, _, reason in result.held_back}
    assert path in held and "pii.id_card" in held[path], held
    for p in out.rglob("*"):
        if p.is_file():
            text = p.read_bytes().decode("utf-8", "replace")
            assert canary not in text and ID not in text, p

    # disclose check names the attachment and the cell; exit 1.
    check = site.cli("check", path)
    assert check.returncode == 1
    assert "附件 mingdan.csv!B2" in check.stdout and "pii.id_card" in check.stdout
    assert ID not in check.stdout and "4401**********0313" in check.stdout
    report = json.loads(site.cli("check", "--format", "json", path).stdout)
    paths = {f["path"] for entry in report["files"] for f in entry["findings"]}
    assert "content/a/files/mingdan.csv!B2" in paths and "content/a/files/mingdan.csv!A2" in paths

    # The reviewer's HTML report shows the finding in its row, masked.
    html_file = tmp_path / "report.html"
    assert site.cli("check", "--html", str(html_file), path).returncode == 1
    html = html_file.read_text(encoding="utf-8")
    assert "mingdan.csv!B2" in html and "4401**********0313" in html
    assert ID not in html and "张三" not in html and "张*" in html


def test_sarif_points_at_the_attachment_file_and_says_the_place(site: SiteCopy):
    import jsonschema

    from tests.test_check_cli import SCHEMA

    site.write("content/a/files/table.csv", f"任务,责任科室,联系人\n低保复核,救助科,{MOBILE}\n")
    sarif = json.loads(site.cli("check", "--format", "sarif", "content/a/plan.md").stdout)
    jsonschema.validate(sarif, SCHEMA)
    hit = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "pii.mobile")
    assert hit["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "content/a/files/table.csv"
    assert "附件 table.csv C2" in hit["message"]["text"] and MOBILE not in hit["message"]["text"]


def test_pdf_file_attachment_annotation_with_direct_file_spec_is_read(tmp_path: Path):
    """A FileAttachment annotation whose /FS file specification is written inside it (not an
    object of its own): the embedded file is checked as an attachment of its name, located in
    it; a file embedded in that embedded PDF blocks (one level deep only)."""
    from tests.test_attack_attachments import _pdf

    csv = f"姓名,身份证\n王某某,{ID}\n".encode()
    data = _pdf(page="/Annots [6 0 R]", objs=(
        "<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] "
        "/FS << /Type /Filespec /F (list.csv) /EF << /F 7 0 R >> >> >>",
        b"<< /Type /EmbeddedFile /Length %d >>\nstream\n" % len(csv) + csv + b"\nendstream"))
    p = tmp_path / "a.pdf"
    p.write_bytes(data)
    found = {(f.rule, f.path.partition("!")[2]) for f in check_file(CHECKER, p, "x/a.pdf")}
    assert ("pii.id_card", "嵌入文件 list.csv B2") in found, found
    outer = _pdf(catalog="/Names << /EmbeddedFiles << /Names [(inner.pdf) 6 0 R] >> >>", objs=(
        "<< /Type /Filespec /F (inner.pdf) /EF << /F 7 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"))
    p.write_bytes(outer)
    found = {(f.rule, f.severity.name) for f in check_file(CHECKER, p, "x/a.pdf")}
    assert ("attach.unsupported", "BLOCK") in found, found
    clean = _pdf(page="/Annots [6 0 R]", objs=(
        "<< /Type /Annot /Subtype /Link /Rect [72 700 200 730] /A << /S /URI /URI (https://www.gov.cn/) >> >>",))
    p.write_bytes(clean)
    assert check_file(CHECKER, p, "x/a.pdf") == []


def test_embedded_package_the_sweep_cannot_read_blocks(tmp_path: Path):
    """An embedded workbook that is not a ZIP, or a package embedded in an embedded one, is not
    read: it blocks (attach.unsupported) rather than pass unchecked."""
    from tests.test_attack_attachments import _docx, _patch, _xlsx

    def embed(name: str, blob: bytes):  # noqa: ANN202
        return lambda files: files.__setitem__(name, blob)

    nested = _patch(_xlsx(), embed("xl/embeddings/inner.docx", _docx(f"身份证{ID}")))
    for blob in (b"not a zip at all", nested):
        p = tmp_path / "a.docx"
        p.write_bytes(_patch(_docx(), embed("word/embeddings/Microsoft_Excel_Worksheet.xlsx", blob)))
        found = {(f.rule, f.severity.name, f.path) for f in check_file(CHECKER, p, "x/a.docx")}
        assert {r for r, s, _ in found if s == "BLOCK"} == {"attach.unsupported"}, found
    # Depth one is read: the identifier in the embedded document of a workbook is found there.
    p = tmp_path / "b.xlsx"
    p.write_bytes(nested)
    paths = {f.path for f in check_file(CHECKER, p, "x/b.xlsx") if f.rule == "pii.id_card"}
    assert any("xl/embeddings/inner.docx" in path for path in paths), paths


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le"])
def test_ole_object_embedded_in_a_document_is_read_for_its_text(tmp_path: Path, encoding: str):
    """An OLE object (a package object wraps a file's bytes as they are) in word/embeddings:
    the identifier among binary bytes is found; the same object without it gives nothing."""
    from tests.test_attack_attachments import _docx, _patch

    def ole(text: str) -> bytes:
        return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4 + text.encode(encoding) + b"\x00\x01" * 64

    for text, expected in ((f"名单 身份证 {ID}", {"pii.id_card"}), ("名单 身份证 无", set())):
        p = tmp_path / "a.docx"
        p.write_bytes(_patch(_docx(), lambda f, t=text: f.__setitem__("word/embeddings/oleObject1.bin", ole(t))))
        assert {f.rule for f in check_file(CHECKER, p, "x/a.docx") if f.severity.name == "BLOCK"} == expected
