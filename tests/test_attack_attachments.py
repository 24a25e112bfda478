"""Attack canaries: identifiers in parts of DOCX, XLSX and PDF attachments the check does not
read, although the file is published byte for byte and a reader sees them (alt text, link
targets, form fields, annotations, bookmarks, embedded files, custom properties...).

Identifiers from an oracle written here (GB 11643 check character); each positive control
shows the same identifier in the ordinary text is blocked, so only the hiding place differs.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from disclose.build import build_site
from disclose.review import Checker
from disclose.review.attachments import check_file

from tests.conftest import SiteCopy, commit_all
from tests.test_attack_pii import ID, MOBILE

CHECKER = Checker()
BLOCKING = {"pii.id_card", "pii.mobile"}
XFAIL = pytest.mark.xfail(strict=True, reason="attack: this part of the attachment is not checked")


def _blocks(tmp_path: Path, name: str, data: bytes) -> set[str]:
    p = tmp_path / name
    p.write_bytes(data)
    return {f.rule for f in check_file(CHECKER, p, f"content/a/files/{name}")
            if f.severity.name == "BLOCK"} & BLOCKING


def _patch(data: bytes, edit) -> bytes:  # noqa: ANN001
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        files = {n: z.read(n) for n in z.namelist()}
    edit(files)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n, v in files.items():
            z.writestr(n, v)
    return out.getvalue()


def _sub(files: dict, part: str, old: str, new: str) -> None:
    text = files[part].decode()
    assert old in text
    files[part] = text.replace(old, new, 1).encode()


# --- DOCX ---------------------------------------------------------------------------------------

def _docx(text: str = "正文一段。") -> bytes:
    import docx
    d = docx.Document()
    d.add_paragraph(text)
    b = io.BytesIO()
    d.save(b)
    return b.getvalue()


def _custom_props(files: dict) -> None:
    files["docProps/custom.xml"] = (
        '<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="sfz">'
        f'<vt:lpwstr>{ID}</vt:lpwstr></property></Properties>').encode()
    _sub(files, "[Content_Types].xml", "</Types>", '<Override PartName="/docProps/custom.xml" ContentType='
         '"application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>')


def _doc_first(xml: str):  # noqa: ANN202
    return lambda f: _sub(f, "word/document.xml", "<w:p>", "<w:p>" + xml)


def _docx_hyperlink(files: dict) -> None:
    _sub(files, "word/_rels/document.xml.rels", "</Relationships>",
         '<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         f'hyperlink" Target="tel:{MOBILE}" TargetMode="External"/></Relationships>')
    _doc_first('<w:hyperlink r:id="rIdX"><w:r><w:t>联系我们</w:t></w:r></w:hyperlink>')(files)


def _docx_embedded_xlsx(files: dict) -> None:
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active["A1"] = ID
    b = io.BytesIO()
    wb.save(b)
    files["word/embeddings/Microsoft_Excel_Worksheet.xlsx"] = b.getvalue()


DOCX = [
    pytest.param(lambda f: None, id="control-body"),  # the identifier in the body: blocked
    pytest.param(_docx_hyperlink, id="hyperlink-target-tel", ),
    pytest.param(_doc_first(f'<w:fldSimple w:instr=" HYPERLINK &quot;tel:{MOBILE}&quot; "><w:r><w:t>电话</w:t>'
                            '</w:r></w:fldSimple>'), id="fldSimple-instr"),
    pytest.param(_doc_first('<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/'
                            f'2006/wordprocessingDrawing"><wp:extent cx="1" cy="1"/><wp:docPr id="1" name="p" '
                            f'descr="身份证 {ID}"/></wp:inline></w:drawing></w:r>'), id="image-alt-text"),
    pytest.param(_doc_first('<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/'
                            '2006"><mc:Choice Requires="wps"><w:r><w:t>无</w:t></w:r></mc:Choice><mc:Fallback>'
                            f'<w:r><w:t>{ID}</w:t></w:r></mc:Fallback></mc:AlternateContent>'),
                 id="markup-compatibility-fallback"),
    pytest.param(lambda f: _sub(f, "word/settings.xml", "<w:zoom", f'<w:docVars><w:docVar w:name="tel" '
                                f'w:val="{MOBILE}"/></w:docVars><w:zoom'), id="document-variable"),
    pytest.param(_custom_props, id="custom-properties", ),
    pytest.param(lambda f: f.__setitem__("customXml/item1.xml", f"<root><id>{ID}</id></root>".encode()),
                 id="custom-xml-part"),
    pytest.param(_docx_embedded_xlsx, id="embedded-workbook", ),
    pytest.param(lambda f: f.__setitem__("word/glossary/document.xml", f["word/document.xml"].replace(
        "正文一段。".encode(), f"身份证{ID}".encode())), id="glossary-part"),
]


@pytest.mark.parametrize("edit", DOCX)
def test_docx_identifier_anywhere_in_the_file_is_blocked(edit, tmp_path: Path):  # noqa: ANN001
    base = _docx(f"身份证{ID}") if edit is DOCX[0].values[0] else _docx()
    assert "pii.id_card" in _blocks(tmp_path, "a.docx", _patch(base, edit)) or \
        "pii.mobile" in _blocks(tmp_path, "a.docx", _patch(base, edit))


# --- XLSX ---------------------------------------------------------------------------------------

def _xlsx(value: object = "名称") -> bytes:
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active["A1"] = value
    b = io.BytesIO()
    wb.save(b)
    return b.getvalue()


def _xlsx_embedded_docx(files: dict) -> None:
    files["xl/embeddings/Microsoft_Word_Document.docx"] = _docx(f"身份证{ID}")


XLSX = [
    pytest.param(lambda f: f.__setitem__("xl/drawings/drawing1.xml", (
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"><xdr:pic>'
        f'<xdr:nvPicPr><xdr:cNvPr id="2" name="图片 1" descr="身份证 {ID}"/></xdr:nvPicPr></xdr:pic></xdr:wsDr>'
    ).encode()), id="picture-alt-text"),
    pytest.param(lambda f: f.__setitem__("xl/drawings/_rels/drawing1.xml.rels", (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
        'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" '
        f'Target="tel:{MOBILE}" TargetMode="External"/></Relationships>').encode()),
        id="shape-hyperlink-target"),
    pytest.param(_xlsx_embedded_docx, id="embedded-document", ),
    pytest.param(_custom_props, id="custom-properties", ),
    pytest.param(lambda f: f.__setitem__("customXml/item1.xml", f"<root><id>{ID}</id></root>".encode()),
                 id="held-custom-xml-part"),
]


@pytest.mark.parametrize("edit", XLSX)
def test_xlsx_identifier_anywhere_in_the_file_is_blocked(edit, tmp_path: Path):  # noqa: ANN001
    assert _blocks(tmp_path, "a.xlsx", _patch(_xlsx(), edit))


def test_xlsx_control_cell_is_blocked(tmp_path: Path):
    assert "pii.id_card" in _blocks(tmp_path, "a.xlsx", _xlsx(f"身份证{ID}"))


# --- PDF ----------------------------------------------------------------------------------------

def _pdf(catalog: str = "", page: str = "", objs: tuple = (), text: str = "(Hello) Tj") -> bytes:
    """A minimal PDF written by hand (ISO 32000-1 7.5): catalog 1, pages 2, page 3, font 4,
    content 5, extra objects from 6."""
    stream = f"BT /F1 12 Tf 72 720 Td {text} ET".encode()
    objects = [f"<< /Type /Catalog /Pages 2 0 R {catalog} >>".encode(),
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
                f"/Contents 5 0 R {page} >>").encode(),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    objects += [o.encode() if isinstance(o, str) else o for o in objs]
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % k for k in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


_EMB = f"ID,{ID}".encode()
_XMP = (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>{ID}</dc:description>'
        f'</rdf:Description></rdf:RDF></x:xmpmeta>').encode()
PDF_ANNOT = _pdf(page="/Annots [6 0 R]", objs=(
    f"<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents ({ID}) /Open true >>",))
PDF = [
    pytest.param(_pdf(text=f"(ID {ID}) Tj"), id="control-page-text"),
    pytest.param(PDF_ANNOT, id="annotation-contents", ),
    pytest.param(_pdf(page="/Annots [6 0 R]", objs=(
        f"<< /Type /Annot /Subtype /FreeText /Rect [72 500 300 520] /Contents ({ID}) /DA (/Helv 12 Tf 0 g) >>",)),
        id="freetext-annotation"),
    pytest.param(_pdf(page="/Annots [6 0 R]", objs=(
        f"<< /Type /Annot /Subtype /Link /Rect [72 700 200 730] /A << /S /URI /URI (tel:{MOBILE}) >> >>",)),
        id="link-uri"),
    pytest.param(_pdf(catalog="/AcroForm << /Fields [6 0 R] >>", page="/Annots [6 0 R]", objs=(
        f"<< /Type /Annot /Subtype /Widget /FT /Tx /T (sfz) /V ({ID}) /Rect [72 600 300 620] >>",)),
        id="form-field-value"),
    pytest.param(_pdf(catalog="/Outlines 6 0 R", objs=(
        "<< /Type /Outlines /First 7 0 R /Last 7 0 R /Count 1 >>",
        f"<< /Title ({ID}) /Parent 6 0 R /Dest [3 0 R /Fit] >>")), id="bookmark-title"),
    pytest.param(_pdf(catalog="/Names << /EmbeddedFiles << /Names [(a.csv) 6 0 R] >> >>", objs=(
        "<< /Type /Filespec /F (a.csv) /EF << /F 7 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length %d >>\nstream\n" % len(_EMB) + _EMB + b"\nendstream")),
        id="embedded-file"),
    pytest.param(_pdf(catalog="/Metadata 6 0 R", objs=(
        b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(_XMP) + _XMP + b"\nendstream",)),
        id="xmp-metadata"),
    # Text layer read line by line: letter-spacing (Tc) or gaps between the groups of one line
    # make pdfminer put every piece on a line of its own, and attachments never join lines.
    pytest.param(_pdf(text=f"20 Tc ({MOBILE}) Tj"), id="letter-spaced-number", ),
    pytest.param(_pdf(text="(139) Tj 60 0 Td (1234) Tj 60 0 Td (5678) Tj"), id="groups-with-gaps", ),
    pytest.param(_pdf(text=f"({ID[:6]}) Tj 100 0 Td ({ID[6:14]}) Tj 100 0 Td ({ID[14:]}) Tj"),
                 id="id-groups-with-gaps"),
    pytest.param(_pdf(text=f"({MOBILE}) Tj"), id="control-plain-number"),
]


@pytest.mark.parametrize("data", PDF)
def test_pdf_identifier_anywhere_in_the_file_is_blocked(data: bytes, tmp_path: Path):
    assert _blocks(tmp_path, "a.pdf", data)


def test_end_to_end_pdf_annotation_reaches_no_published_file(site: SiteCopy, tmp_path: Path):
    doc = "content/a/plan.md"
    site.write("content/a/files/note.pdf", PDF_ANNOT)
    site.replace(doc, "    title: 附件：任务分解表\n",
                 "    title: 附件：任务分解表\n  - path: files/note.pdf\n    title: 附件：说明\n")
    commit_all(site.root, "增加附件")
    # The gate refuses the approval (the annotation is checked); were it approved, the page and
    # its attachment would be published. Built anyway (the last approved version of the page may be
    # published): no published file holds the ID.
    r = site.approve(doc, "shencha")
    assert r.returncode != 0 and "pii.id_card" in r.stderr, r.stderr
    r = site.approve(doc, "lingdao")
    assert r.returncode != 0, r.stderr
    out = tmp_path / "out"
    build_site(site.conf, out)
    leaked = [p for p in out.rglob("*") if p.is_file() and ID.encode() in p.read_bytes()]
    assert leaked == []


def _zip_with_list() -> bytes:
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("名单.csv", f"姓名,身份证\n王某某,{ID}\n")
    return z.getvalue()


@pytest.mark.parametrize("name,data", [("pack.zip", _zip_with_list()),
                                       ("pack.rtf", f"{{\\rtf1\\ansi ID {ID}}}".encode())])
def test_an_unreadable_attachment_holding_an_id_is_blocked(name: str, data: bytes, tmp_path: Path):
    p = tmp_path / name
    p.write_bytes(data)
    findings = check_file(CHECKER, p, f"content/a/files/{name}")
    assert any(f.severity.name == "BLOCK" for f in findings), [(f.rule, f.severity.name) for f in findings]
