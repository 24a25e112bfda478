"""Build benchmark on a synthetic corpus of N documents (about 3 KB of Chinese each).

    python bench/build.py [--docs 5000]

1. bare Pelican (default theme, no plugins) against our `make html` (check, gate, pages,
   catalogue, both search indexes);
2. the peer pipeline, bare Pelican plus stock Pagefind (extended build, jieba segmentation),
   against our full `make publish`. The last line is `ratio: X.XX` for (2): wall time, target
   <= 1.3 (signed approvals, issue 12) and <= 1.15 (search, issue 15). CPU seconds of each
   pipeline's process tree are printed too: on a busy machine wall time says little, CPU
   seconds much more (the ratio of wall times also rewards using both cores).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.corpus import approve_all, generate, write_ours, write_pelican  # noqa: E402

BARE_CONF = """
SITENAME = "bench"
SITEURL = ""
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
PATH = "content"
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
"""


CPU: dict[str, float] = {}  # CPU seconds (user + system, the whole process tree) per command


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    """Wall seconds of one command; its CPU seconds go to CPU[first word] (a figure that a busy
    machine disturbs much less than wall time)."""
    cpu, start = _children_cpu(), time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    CPU[" ".join(cmd[:3])] = _children_cpu() - cpu
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=5000)
    args = parser.parse_args()
    docs = list(generate(args.docs))
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        bare = tmp_path / "bare"
        write_pelican(docs, bare / "content")
        (bare / "pelicanconf.py").write_text(BARE_CONF, encoding="utf-8")
        ours = tmp_path / "ours"
        write_ours(docs, ours / "content")
        anchor = approve_all(ours, ours / "content")
        size = sum(len(d.body.encode()) for d in docs) / len(docs)
        print(f"documents: {len(docs)}, mean body {size / 1024:.1f} KB")

        t_bare = timed([str(bin_dir / "pelican"), "content", "-o", "output", "-s", "pelicanconf.py",
                        "-q"], bare)
        print(f"bare pelican (default theme, no plugins): {t_bare:.1f} s")
        env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "DISCLOSE_TRUST": str(anchor)}
        t_ours = timed(["make", "-s", "html", f"CONTENT={ours / 'content'}",
                        f"OUTPUT={ours / 'output'}"], ROOT, env)
        pages = sum(1 for _ in (ours / "output").rglob("*.html"))
        if pages < len(docs):
            sys.exit(f"our build published only {pages} pages for {len(docs)} documents")
        print(f"ours (make html, {pages} HTML pages, check + gate + both search indexes): {t_ours:.1f} s")
        print(f"html ratio: {t_ours / t_bare:.2f}")

        import pagefind_bin_extended

        extended = Path(pagefind_bin_extended.__file__).parent / "pagefind_extended"
        t_pagefind = timed([str(extended), "--site", "output", "--silent"], bare)
        peer = t_bare + t_pagefind
        print(f"peer pipeline (bare pelican + stock pagefind extended {t_pagefind:.1f} s): {peer:.1f} s")
        t_publish = timed(["make", "-s", "publish", f"CONTENT={ours / 'content'}",
                           f"OUTPUT={ours / 'published'}"], ROOT, env)
        print(f"ours (make publish): {t_publish:.1f} s")
        for cmd, seconds in CPU.items():
            print(f"  CPU {seconds:.1f} s: {Path(cmd.split()[0]).name} {' '.join(cmd.split()[1:])}")
        peer_cpu = sum(v for k, v in CPU.items() if "pelican" in k.split()[0] or "pagefind" in k.split()[0])
        ours_cpu = sum(v for k, v in CPU.items() if "publish" in k)
        print(f"CPU ratio (publish / peer): {ours_cpu / peer_cpu:.2f}")
        print(f"ratio: {t_publish / peer:.2f}")


if __name__ == "__main__":
    main()
