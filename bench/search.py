"""Search benchmark on the synthetic corpus: exactness, cold-query bytes, build time and memory,
server latency.

    python bench/search.py [--docs 5000] [--words 100]

Exactness: 100 two- and four-character words taken from the corpus; truth is every document
whose normalised text contains the word; both indexes must return exactly that set. The
static index is queried through the real pagefind.js in headless Chromium, with the browser
cache disabled, and the bytes it fetched per query are summed (cold query).
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from disclose import config  # noqa: E402
from disclose.build import build_site, load_settings  # noqa: E402
from disclose.corpus import load_corpus  # noqa: E402
from disclose.search import sqlite_index  # noqa: E402
from disclose.search.documents import search_docs  # noqa: E402
from disclose.search.encode import normalise  # noqa: E402
from disclose.search.static import StaticIndex  # noqa: E402

from bench.corpus import approve_all, generate, write_ours  # noqa: E402
from tests.browser import chromium, serve  # noqa: E402


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--words", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp)
        write_ours(list(generate(args.docs)), site / "content")
        approve_all(site, site / "content")
        settings = config.load(load_settings(ROOT / "pelicanconf.py", {"PATH": str(site / "content")})["DISCLOSE"])
        corpus = load_corpus(site / "content", site, settings)
        docs = search_docs(corpus)
        texts = {d.url: normalise(d.text) for d in docs}

        static_out = site / "static-only"
        index = StaticIndex(docs, static_out)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        index.start()
        index.wait()
        t_static = time.perf_counter() - start
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
        start = time.perf_counter()
        sqlite_index.build(docs, site / "index.sqlite")
        t_sqlite = time.perf_counter() - start
        print(f"documents: {len(docs)}; static index (twins + pagefind): {t_static:.1f} s, "
              f"pagefind peak memory {peak:.0f} MB; sqlite index: {t_sqlite:.1f} s")

        out = site / "output"
        build_site(ROOT / "pelicanconf.py", out, {"PATH": str(site / "content")})
        qs = words(list(texts.values()), args.words)
        truth = {q: {u for u, t in texts.items() if q in t} for q in qs}

        searcher = sqlite_index.Searcher(out / "search" / "index.sqlite")
        exact_sql, latencies = 0, []
        for q in qs:
            _, hits = searcher.search(q, limit=100000)
            exact_sql += {h.url for h in hits} == truth[q]
            t0 = time.perf_counter()
            searcher.search(q)  # what a user waits for: the total and the first page
            latencies.append((time.perf_counter() - t0) * 1000)
        print(f"server (SQLite FTS5): exact {exact_sql}/{len(qs)}; query median "
              f"{statistics.median(latencies):.1f} ms, p90 {pct(latencies, 90):.1f} ms")

        exact_static, sizes = 0, []
        served: dict[str, int] = {}
        with serve(out, served) as base, chromium() as driver:
            # Result ids to URLs once (loading every fragment), so each query then costs only
            # what a visitor's search costs: pagefind.js, the wasm, the index chunks it needs.
            driver.get(f"{base}/404.html")
            id_to_url = driver.execute_async_script("""
                const done = arguments[0];
                const m = await import('/theme/js/search.js');
                const p = await m.loadPagefind('');
                const rs = (await p.search('索')).results;
                const out = {};
                for (const r of rs) out[r.id] = (await r.data()).url;
                done(out);
            """)
            driver.execute_cdp_cmd("Network.enable", {})
            driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
            for q in qs:
                driver.get(f"{base}/404.html")
                served.clear()
                ids = driver.execute_async_script("""
                    const [q, done] = arguments;
                    const m = await import('/theme/js/search.js');
                    const p = await m.loadPagefind('');
                    const rs = await m.search(p, q);
                    done(rs.map(r => r.id));
                """, q)
                exact_static += {id_to_url[i].lstrip("/") for i in ids} == truth[q]
                # Everything under /pagefind/ the server sent (pagefind.js, its worker, the wasm,
                # entry, metadata, filters and the index chunks; responses are no-store).
                sizes.append(sum(n for path, n in served.items() if "/pagefind/" in path) / 1024)
        print(f"(static: {len(id_to_url)} pages mapped)")
        print(f"static (Pagefind over bigrams): exact {exact_static}/{len(qs)}; cold query median "
              f"{statistics.median(sizes):.0f} KB, p90 {pct(sizes, 90):.0f} KB")


if __name__ == "__main__":
    main()
