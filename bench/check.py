"""Check benchmark: per-rule precision and recall on the evaluation set, and throughput.

    python bench/check.py [--mb 20]

Recall is over planted items (tests/evalset/generate.py), precision over every finding on the
planted documents and the clean look-alike text. Throughput runs the full rule set on one core
over synthetic Markdown (about --mb megabytes) and prints MB/s; the target is 10 MB/s.
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


def quality(checker: Checker) -> None:
    tp, fp, fn = Counter(), Counter(), Counter()
    for doc in planted():
        labels = set(doc.labels)
        found = {(f.rule, f.line) for f in checker.check_text(doc.name, doc.text)
                 if str(f.severity) == "block"}
        for item in found:
            (tp if item in labels else fp)[item[0]] += 1
        for item in labels - found:
            fn[item[0]] += 1
    clean_chars, warn = 0, 0
    for path, text in clean_texts(ROOT).items():
        clean_chars += len(text)
        for f in checker.check_text(path, text):
            if str(f.severity) == "block":
                fp[f.rule] += 1
            elif str(f.severity) == "warn":
                warn += 1
    print(f"{'rule':<20} {'planted':>8} {'found':>6} {'false+':>7} {'precision':>10} {'recall':>7}")
    for rule in sorted(set(tp) | set(fp) | set(fn)):
        planted_n = tp[rule] + fn[rule]
        precision = tp[rule] / (tp[rule] + fp[rule]) if tp[rule] + fp[rule] else 1.0
        recall = tp[rule] / planted_n if planted_n else 1.0
        print(f"{rule:<20} {planted_n:>8} {tp[rule]:>6} {fp[rule]:>7} {precision:>10.3f} {recall:>7.3f}")
    print(f"clean text: {clean_chars} characters, block findings {sum(fp.values())}, "
          f"warn findings {warn} ({warn / clean_chars * 5000:.2f} per 5,000 characters)")


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=20.0, help="megabytes of Markdown for throughput")
    args = parser.parse_args()
    checker = Checker()
    quality(checker)
    throughput(checker, args.mb)


if __name__ == "__main__":
    main()
