"""Check benchmark: per-rule precision and recall on the evaluation set, and throughput.

    python bench/check.py [--mb 20] [--attachments-only]

Recall is over planted items (tests/evalset/generate.py), precision over every finding on the
planted documents and the clean look-alike text. Throughput runs the full rule set on one core
over synthetic Markdown (about --mb megabytes) and prints MB/s; the target is 10 MB/s.
Attachments: the same rules over a mix of XLSX, DOCX, PDF and JPEG files written here with the
libraries the tests use (sizes like real 公示 attachments), MB/s of file bytes per type and
overall, one core.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from disclose.review import Checker  # noqa: E402

from bench.corpus import generate  # noqa: E402
from tests.evalset.generate import clean_texts, planted  # noqa: E402

RANK = {"info": 0, "warn": 1, "block": 2}


def quality(checker: Checker) -> None:
    """Per rule: planted items found at their contract severity (recall), and findings at warn
    or block that no label explains, on the planted documents and the clean text (precision)."""
    tp, fn, fp, false_block = Counter(), Counter(), Counter(), Counter()
    for doc in planted():
        found = {(f.rule, f.line): str(f.severity) for f in checker.check_text(doc.name, doc.text)}
        labels = {(rule, line): sev for rule, line, sev in doc.labels}
        for (rule, line), sev in labels.items():
            hit = RANK.get(found.get((rule, line), ""), -1) >= RANK[sev]
            (tp if hit else fn)[rule] += 1
        for (rule, line), sev in found.items():
            if (rule, line) not in labels and sev != "info":
                fp[rule] += 1
                false_block[rule] += sev == "block"
    clean_chars, warn = 0, 0
    for path, text in clean_texts(ROOT).items():
        clean_chars += len(text)
        for f in checker.check_text(path, text):
            if str(f.severity) == "block":
                fp[f.rule] += 1
                false_block[f.rule] += 1
            elif str(f.severity) == "warn":
                fp[f.rule] += 1
                warn += 1
    print(f"{'rule':<20} {'planted':>8} {'found':>6} {'false+':>7} {'f.block':>8} {'precision':>10} {'recall':>7}")
    for rule in sorted(set(tp) | set(fp) | set(fn)):
        planted_n = tp[rule] + fn[rule]
        precision = tp[rule] / (tp[rule] + fp[rule]) if tp[rule] + fp[rule] else 1.0
        recall = tp[rule] / planted_n if planted_n else 1.0
        print(f"{rule:<20} {planted_n:>8} {tp[rule]:>6} {fp[rule]:>7} {false_block[rule]:>8} "
              f"{precision:>10.3f} {recall:>7.3f}")
    print(f"total: {sum(tp.values())}/{sum(tp.values()) + sum(fn.values())} planted items found at their "
          f"severity, {sum(false_block.values())} false blocks")
    print(f"clean text: {clean_chars} characters, warn findings {warn} "
          f"({warn / clean_chars * 5000:.2f} per 5,000 characters)")


def throughput(checker: Checker, megabytes: float) -> None:
    rng = random.Random(3)
    docs = [d.body for d in generate(2000)]
    extra = [d.text for d in planted(200)]
    corpus, size = [], 0
    while size < megabytes * 1024 * 1024:
        text = rng.choice(docs) + (rng.choice(extra) if rng.random() < 0.05 else "")
        corpus.append(text)
        size += len(text.encode())
    start = time.perf_counter()
    findings = sum(len(checker.check_text(f"doc{i}.md", t)) for i, t in enumerate(corpus))
    elapsed = time.perf_counter() - start
    print(f"throughput: {size / 1024 / 1024:.1f} MB in {len(corpus)} files, {elapsed:.2f} s, "
          f"{findings} findings: {size / 1024 / 1024 / elapsed:.1f} MB/s (one core)")


def _attachment_mix(folder: Path, rng: random.Random) -> list[Path]:
    """One file of each type, with body text from the synthetic corpus and a few planted items."""
    import docx
    from openpyxl import Workbook
    from PIL import Image
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    texts = [d.body for d in generate(60)]
    wb = Workbook()
    for s in range(3):
        ws = wb.active if s == 0 else wb.create_sheet(f"Sheet{s + 1}")
        ws.append(["序号", "项目", "责任单位", "金额（万元）", "完成时限", "备注"])
        for i in range(3000):
            ws.append([i + 1, rng.choice(texts)[:20], "第一科室", rng.randint(1, 999), "2026-12-31",
                       rng.choice(texts)[:30]])
    wb.save(folder / "mix.xlsx")
    document = docx.Document()
    for text in texts:
        for para in text.split("\n"):
            if para.strip():
                document.add_paragraph(para)
    table = document.add_table(rows=200, cols=4)
    for r in range(200):
        for c in range(4):
            table.cell(r, c).text = rng.choice(texts)[:12]
    document.save(folder / "mix.docx")
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(folder / "mix.pdf"))
    for _page in range(30):
        c.setFont("STSong-Light", 10)
        text = rng.choice(texts).replace("\n", "")
        for line in range(50):
            c.drawString(40, 800 - line * 15, text[line * 40 % max(1, len(text) - 40):][:40])
        c.rect(100, 400, 200, 15, fill=1)
        c.showPage()
    c.save()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 30.0)}
    pixels = bytes(rng.getrandbits(8) for _ in range(1200 * 900 * 3))
    Image.frombytes("RGB", (1200, 900), pixels).save(folder / "mix.jpg", exif=exif, quality=85)
    return [folder / f"mix.{ext}" for ext in ("xlsx", "docx", "pdf", "jpg")]


def attachments(checker: Checker) -> None:
    import tempfile

    from disclose.review.attachments import check_file

    with tempfile.TemporaryDirectory() as tmp:
        files = _attachment_mix(Path(tmp), random.Random(5))
        total_bytes, total_time = 0, 0.0
        for path in files:
            size = path.stat().st_size
            start = time.perf_counter()
            findings = check_file(checker, path, path.name)
            elapsed = time.perf_counter() - start
            total_bytes += size
            total_time += elapsed
            print(f"attachments {path.suffix[1:]:<5} {size / 1024:8.0f} KB {elapsed:6.2f} s "
                  f"{len(findings):4d} findings: {size / 1024 / 1024 / elapsed:6.2f} MB/s")
        print(f"attachments: {total_bytes / 1024 / 1024:.1f} MB in {len(files)} files (XLSX, DOCX, PDF, "
              f"JPEG), {total_time:.2f} s: {total_bytes / 1024 / 1024 / total_time:.2f} MB/s (one core)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=20.0, help="megabytes of Markdown for throughput")
    parser.add_argument("--attachments-only", action="store_true", help="only the attachments figure")
    args = parser.parse_args()
    checker = Checker()
    if not args.attachments_only:
        quality(checker)
        throughput(checker, args.mb)
    attachments(checker)


if __name__ == "__main__":
    main()
