"""Search benchmark on the synthetic corpus: exactness, cold-query bytes, build time and memory,
query latency, for the static index (one Pagefind index and shards), SQLite and PostgreSQL.

    python bench/search.py [--docs 5000] [--words 100] [--shard-size 3000] [--no-browser]

1. The whole publish (`build_site` in a child process, the real pipeline: check, gate, pages,
   both indexes) with sharding as configured and without: wall time and peak memory of the
   whole process tree (PSS of the build and every descendant summed, sampled every 0.1 s: the
   proportional set size counts the pages forked workers share with the build once, where
   summed RSS would count them once per process), plus the twin pages held in /dev/shm.
2. The static index alone, sharded and not: twins + Pagefind time and Pagefind's peak memory.
3. SQLite and PostgreSQL (a throw-away cluster, when Debian's postgresql is installed): build
   time, exactness on 100 two- and four-character words taken from the corpus (truth: every
   document whose normalised text contains the word), p50/p99 latency of the first page.
4. The static index through the real pagefind.js in headless Chromium, browser cache off:
   exactness and the bytes fetched per cold query, sharded and not.
Run it once or twice, not in loops: it is minutes of two shared cores.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "plugins"))

from disclose import config  # noqa: E402
from disclose.build import load_settings  # noqa: E402
from disclose.corpus import load_corpus  # noqa: E402
from disclose.search import sqlite_index, static  # noqa: E402
from disclose.search.documents import search_docs  # noqa: E402
from disclose.search.encode import normalise  # noqa: E402
from disclose.search.static import StaticIndex  # noqa: E402

from bench.corpus import approve_all, generate, write_ours  # noqa: E402


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def words(texts: list[str], n: int) -> list[str]:
    rng, out = random.Random(5), []
    while len(out) < n:
        text = rng.choice(texts)
        size = 2 if len(out) % 2 == 0 else 4
        start = rng.randrange(0, max(1, len(text) - size))
        w = text[start:start + size]
        if all("\u4e00" <= ch <= "\u9fff" for ch in w) and w not in out:
            out.append(w)
    return out


def _pss(pid: int) -> int | None:
    """Proportional set size in bytes (None where /proc/PID/smaps_rollup cannot be read)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def tree_rss(pid: int) -> int:
    """Memory in bytes of a process and all its descendants (Linux /proc): PSS, else RSS."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        pss = _pss(p)
        total += pss if pss is not None else rss.get(p, 0)
        todo += children.get(p, [])
    return total


def twins_in_memory() -> int:
    """Bytes of twin pages held in /dev/shm (static.twin_folder): memory no process's PSS shows."""
    total = 0
    for folder in static.SHM.glob(f"{static.TWINS_PREFIX}*"):
        for dirpath, _, names in os.walk(folder):
            for name in names:
                try:
                    total += os.stat(os.path.join(dirpath, name)).st_blocks * 512
                except OSError:
                    continue
    return total


def publish(content: Path, out: Path, shard_size: int) -> tuple[float, float]:
    """The whole build in a child process: (seconds, peak MB of the process tree)."""
    code = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[4]);"
            "from disclose.build import build_site, load_settings;"
            "conf = Path(sys.argv[4]).parent / 'pelicanconf.py';"
            "d = dict(load_settings(conf)['DISCLOSE']); d['search'] = {**d.get('search', {}), 'shard_size': int(sys.argv[3])};"
            "build_site(conf, Path(sys.argv[2]), {'PATH': sys.argv[1], 'DISCLOSE': d})")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, str(content), str(out), str(shard_size),
                             str(ROOT / "plugins")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid) + twins_in_memory())
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    err = proc.stderr.read()
    if proc.returncode != 0:
        sys.exit(f"build failed:\n{err[-3000:]}")
    return seconds, peak / 2**20


def static_alone(docs: list, out: Path, shard_size: int) -> tuple[float, float]:
    """Twins + Pagefind alone: (seconds, peak MB of the Pagefind processes, sampled)."""
    index = StaticIndex(docs, out, shard_size)
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss(os.getpid()) - tree_rss_self() + twins_in_memory())
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    start = time.perf_counter()
    sampler.start()
    index.start()
    index.wait()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    return seconds, peak[0] / 2**20


def tree_rss_self() -> int:
    pss = _pss(os.getpid())
    if pss is not None:
        return pss
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def latency(search, qs: list[str], truth: dict[str, set[str]]) -> tuple[int, list[float], float]:
    exact, lat = 0, []
    for q in qs:
        _, hits = search(q, limit=100000)
        exact += {h.url for h in hits} == truth[q]
    for q in qs:
        t0 = time.perf_counter()
        search(q)  # what a user waits for: the total and the first page
        lat.append((time.perf_counter() - t0) * 1000)
    return exact, lat, statistics.median(lat)


def cold_bytes(out: Path, qs: list[str], truth: dict[str, set[str]]) -> tuple[int, list[float]]:
    from tests.browser import chromium, serve

    exact, sizes = 0, []
    served: dict[str, int] = {}
    with serve(out, served) as base, chromium() as driver:
        driver.get(f"{base}/404.html")
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        for q in qs:
            driver.get(f"{base}/404.html")
            served.clear()
            # Result ids only: what a visitor's search costs before fragments (pagefind.js, the
            # wasm, entries, metadata, filters, the index chunks it needs, shards.json).
            ids = driver.execute_async_script("""
                const [q, done] = arguments;
                const m = await import('/theme/js/search.js');
                const p = await m.loadPagefind('');
                const rs = await m.search(p, q);
                done(rs.map(r => r.id));
            """, q)
            sizes.append(sum(n for path, n in served.items() if "/pagefind" in path) / 1024)
            exact += len(ids) == len(truth[q])
    return exact, sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--shard-size", type=int, default=3000)
    parser.add_argument("--no-browser", action="store_true", help="skip the cold-query measurement")
    parser.add_argument("--static-only", action="store_true", help="only the static index alone, sharded and not")
    parser.add_argument("--publish-only", action="store_true",
                        help="only the whole publish with shards (time and peak memory), then stop")
    parser.add_argument("--no-publish", action="store_true",
                        help="skip the two whole publishes (cold queries then use the static indexes alone)")
    args = parser.parse_args()
    report: dict[str, object] = {"documents": args.docs, "shard_size": args.shard_size}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        write_ours(list(generate(args.docs)), site / "content")
        anchor = approve_all(site, site / "content")
        os.environ["DISCLOSE_TRUST"] = str(anchor)
        settings = config.load(load_settings(ROOT / "pelicanconf.py", {"PATH": str(site / "content")})["DISCLOSE"])
        docs = search_docs(load_corpus(site / "content", site, settings))
        texts = {d.url: normalise(d.text) for d in docs}
        qs = words(list(texts.values()), args.words)
        truth = {q: {u for u, t in texts.items() if q in t} for q in qs}

        skip = args.static_only or args.no_publish
        runs = (("sharded", args.shard_size),) if args.publish_only else (("sharded", args.shard_size), ("single", 0))
        for label, size in (() if skip else runs):
            seconds, peak = publish(site / "content", site / f"out-{label}", size)
            report[f"publish_{label}"] = {"seconds": round(seconds, 1), "peak_mb": round(peak)}
            print(f"publish ({label}, shard size {size or '-'}): {seconds:.1f} s, peak memory of the whole "
                  f"process tree {peak:.0f} MB", flush=True)
        if args.publish_only:
            print(json.dumps(report, ensure_ascii=False))
            return
        for label, size in (("sharded", args.shard_size), ("single", 0)):
            seconds, peak = static_alone(docs, site / f"static-{label}", size)
            shards = len(json.loads((site / f"static-{label}" / "pagefind" / "shards.json").read_text())["shards"])
            report[f"static_{label}"] = {"seconds": round(seconds, 1), "pagefind_peak_mb": round(peak), "shards": shards}
            print(f"static index alone ({label}, {shards} shard(s)): {seconds:.1f} s, Pagefind peak "
                  f"{peak:.0f} MB", flush=True)
        if args.static_only:
            print(json.dumps(report, ensure_ascii=False))
            return

        start = time.perf_counter()
        sqlite_index.build(docs, site / "index.sqlite")
        t_sqlite = time.perf_counter() - start
        searcher = sqlite_index.Searcher(site / "index.sqlite")
        exact, lat, median = latency(searcher.search, qs, truth)
        report["sqlite"] = {"build_s": round(t_sqlite, 1), "exact": exact, "p50_ms": round(median, 1),
                            "p99_ms": round(pct(lat, 99), 1)}
        print(f"SQLite FTS5: build {t_sqlite:.1f} s; exact {exact}/{len(qs)}; first page p50 {median:.1f} ms, "
              f"p99 {pct(lat, 99):.1f} ms", flush=True)

        from tests.pg import bindir

        if bindir() is not None:
            from disclose.search import pg_index

            from tests.pg import cluster

            with cluster(Path(tempfile.mkdtemp(prefix="disclose-pg-"))) as dsn:
                start = time.perf_counter()
                pg_index.build(docs, dsn)
                t_pg = time.perf_counter() - start
                pg = pg_index.PgSearcher(dsn)
                exact, lat, median = latency(pg.search, qs, truth)
                pg.close()
            report["postgres"] = {"build_s": round(t_pg, 1), "exact": exact, "p50_ms": round(median, 1),
                                  "p99_ms": round(pct(lat, 99), 1)}
            print(f"PostgreSQL (pg_trgm + gram array): build {t_pg:.1f} s; exact {exact}/{len(qs)}; first page "
                  f"p50 {median:.1f} ms, p99 {pct(lat, 99):.1f} ms", flush=True)

        if not args.no_browser:
            for label in ("sharded", "single"):
                served = site / f"out-{label}"
                if not served.is_dir():  # the static index alone, with the search script beside it
                    served = site / f"static-{label}"
                    (served / "theme" / "js").mkdir(parents=True)
                    shutil.copy(ROOT / "theme" / "static" / "js" / "search.js", served / "theme" / "js")
                    (served / "404.html").write_text("<!DOCTYPE html><html lang=zh><title>x</title></html>")
                exact, sizes = cold_bytes(served, qs, truth)
                report[f"cold_{label}"] = {"exact_count": exact, "median_kb": round(statistics.median(sizes)),
                                           "p90_kb": round(pct(sizes, 90))}
                print(f"static ({label}) through pagefind.js: result count exact {exact}/{len(qs)}; cold query "
                      f"median {statistics.median(sizes):.0f} KB, p90 {pct(sizes, 90):.0f} KB", flush=True)
        shutil.rmtree(site / "out-single", ignore_errors=True)
    print(json.dumps(report, ensure_ascii=False))


if __name__ == "__main__":
    main()
