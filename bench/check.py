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


def vector_quality(checker: Checker) -> None:
    """Per rule on other projects' test values (tests/vectors.py), each in one sentence: positives
    found at the contract severity, and findings on the negatives."""
    from tests import vectors

    cases = (  # rule, severity, sentence, values
        ("pii.id_card", "block", "经核查，申请人的公民身份号码为{}，已受理。", vectors.RESIDENT_IDS),
        ("pii.id_card_legacy", "warn", "申请人身份证号码 {}，已受理。", vectors.LEGACY_IDS),
        ("pii.bank_card", "block", "补贴发放至本人银行卡号 {}，请查收。", vectors.BANK_CARDS),
        ("pii.uscc_personal", "warn", "个体工商户（统一社会信用代码 {}）违反规定。",
         [(v, ok and v.startswith("92")) for v, ok in vectors.USCC]),
        ("pii.mobile", "block", "联系人手机：{}。", vectors.MOBILES),
        ("pii.landline", "block", "| 姓名 | 电话 |\n| --- | --- |\n| 张** | {} |", [(v, True) for v in vectors.LANDLINES]),
        ("pii.plate", "warn", "车主驾驶的{}号小型汽车违规停放。", [(v, True) for v in vectors.PLATES]),
        ("pii.passport", "warn", "当事人护照号码 {}。", [(v, True) for v in vectors.PASSPORTS]),
    )
    print(f"{'rule (vectors)':<20} {'positives':>9} {'found':>6} {'negatives':>9} {'false+':>7}")
    for rule, severity, sentence, values in cases:
        tp = pos = fp = neg = 0
        for value, positive in values:
            found = [str(f.severity) for f in checker.check_text("v.md", sentence.format(value) + "\n")
                     if f.rule == rule]
            if positive:
                pos += 1
                tp += any(RANK[sev] >= RANK[severity] for sev in found)
            else:
                neg += 1
                fp += bool(found)
        print(f"{rule:<20} {pos:>9} {tp:>6} {neg:>9} {fp:>7}")


def throughput(checker: Checker, megabytes: float) -> None:
    rng = random.Random(3)
    docs = [d.body for d in generate(2000)]
    extra = [d.text for d in planted(200)]
    corpus, size = [], 0
    while size < megabytes * 1024 * 1024:
        text = rng.choice(docs) + (rng.choice(extra) if rng.random() < 0.05 else "")
        corpus.append(text)
        size += len(text.encode())
    start, cpu_start = time.perf_counter(), time.process_time()
    findings = sum(len(checker.check_text(f"doc{i}.md", t)) for i, t in enumerate(corpus))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    mb = size / 1024 / 1024
    print(f"throughput: {mb:.1f} MB in {len(corpus)} files, {elapsed:.2f} s wall, {cpu:.2f} s CPU, "
          f"{findings} findings: {mb / elapsed:.1f} MB/s wall, {mb / cpu:.1f} MB/s per CPU second (one core)")


SMALL_WORKER = """
import multiprocessing, sys, time
from pathlib import Path
from disclose.corpus import _review
from disclose.review import Checker
checker = Checker()
paths = sorted(Path(sys.argv[1]).glob("*.md"))
def one(path):
    return len(_review(checker, path, path.name))
with multiprocessing.get_context("fork").Pool(int(sys.argv[2])) as pool:
    findings = sum(pool.imap_unordered(one, paths, chunksize=64))
print(findings)
"""


def small_files(n: int = 3000, workers: int = 2) -> None:
    """Many 1 KB documents, as `disclose check` meets them: a fresh process (interpreter start-up,
    imports, the checker) reads each file, splits its front matter and checks it, on `workers`
    forked processes. Prints documents per second of wall-clock time, and per CPU second (the
    machine is shared, so CPU time is the steadier figure)."""
    import resource
    import subprocess
    import tempfile

    from bench.corpus import body

    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        size = 0
        for i in range(n):
            text = (f"---\ntitle: 关于第{i}项工作的通知\nindex_no: MB0A12342/2026-{i:05d}\ncategory: 通知公告\n"
                    f"disclosure: 主动公开\npublisher: mzj\ncreated: 2026-03-01\npublished: 2026-03-02\n---\n\n"
                    + body(rng, 260))
            (Path(tmp) / f"d{i:05d}.md").write_text(text, encoding="utf-8")
            size += len(text.encode())
        empty = Path(tmp) / "empty"
        empty.mkdir()

        def run(folder: str) -> tuple[float, float]:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", SMALL_WORKER, folder, str(workers)], check=True,
                           capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

        _, startup_cpu = run(str(empty))
        elapsed, cpu = run(tmp)
        # On an idle machine: start-up once, then the files split over the workers.
        ideal = startup_cpu + (cpu - startup_cpu) / workers
        print(f"small files: {n} documents of {size / n / 1024:.1f} KB, {workers} processes, start-up "
              f"included: {elapsed:.2f} s wall = {n / elapsed:.0f} documents/s; CPU {cpu:.2f} s "
              f"(start-up {startup_cpu:.2f} s) = {n / ideal:.0f} documents/s on {workers} idle cores")


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
    parser.add_argument("--small", type=int, default=3000, help="number of 1 KB files for the small-files case")
    args = parser.parse_args()
    checker = Checker()
    if not args.attachments_only:
        quality(checker)
        vector_quality(checker)
        throughput(checker, args.mb)
        small_files(args.small)
    attachments(checker)


if __name__ == "__main__":
    main()
