"""What visitors see (issue 18 items 9-11), measured in headless Chromium on the built sample site:
contrast in high-contrast mode (axe, plus the chart's SVG text and series, which axe does not
check), chart labels at 390 px, nothing overlapping or cut off, the reading aids inside the header,
and a phone showing the title before the metadata."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import chromium, serve
from tests.conftest import build_sample_on

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
BAR_CHART = "xxgk/MB0A12342/2026-00009.html"
LINE_CHART = "xxgk/MB0B56784/2026-00004.html"
PAGES = ["index.html", "mulu/fangshi/yishenqing/index.html", "xxgk/MB0A12342/2026-00002.html",
         "xxgk/MB0A12342/2025-00002.html", "xxgk/MB0A12342/2026-00006.html", BAR_CHART, LINE_CHART,
         "xxgk/MB0A12342/2026-00010.html", "shuju/index.html"]
PHONE, DESKTOP = (390, 844), (1280, 900)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_sample_on("2026-12-02", tmp_path_factory.mktemp("visitor") / "out")


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2.x relative luminance of an sRGB colour (0-255 channels)."""
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_oracle():
    assert round(contrast((0xa6, 0x1b, 0x1b), (0, 0, 0)), 2) == 2.79  # the figure for the title
    assert round(contrast((255, 255, 255), (0, 0, 0)), 1) == 21.0


def _rgb(css: str) -> tuple[float, float, float]:
    parts = css[css.index("(") + 1: css.index(")")].replace(" ", "").split(",")
    return float(parts[0]), float(parts[1]), float(parts[2])


def _high_contrast(driver, base: str) -> None:
    driver.get(f"{base}/index.html")
    driver.execute_script("localStorage.setItem('disclose-high-contrast', '1')")


def test_high_contrast_mode_meets_wcag_aa(sample: Path):
    problems: dict[str, object] = {}
    with serve(sample) as base, chromium() as driver:
        _high_contrast(driver, base)
        for url in PAGES:
            driver.get(f"{base}/{url}")
            # a11y.js is deferred: on a loaded machine it may run just after the load event.
            WebDriverWait(driver, 15).until(
                lambda d: "high-contrast" in d.execute_script("return document.documentElement.className"))
            driver.execute_script(AXE)
            bad = driver.execute_async_script("""
                const done = arguments[0];
                axe.run(document, {runOnly: {type: 'rule', values: ['color-contrast']}})
                  .then(r => done(r.violations.flatMap(v => v.nodes.map(n => n.target.join(' ')))));
            """)
            if bad:
                problems[url] = bad
            # axe skips SVG text: measure chart labels and series against the black page ourselves.
            marks = driver.execute_script("""
                return [...document.querySelectorAll('svg.chart text, svg.chart rect, svg.chart circle,'
                                                     + ' svg.chart polyline, svg.chart line')].map(e => {
                  const s = getComputedStyle(e);
                  return [e.tagName, e.tagName === 'polyline' || e.tagName === 'line' ? s.stroke : s.fill,
                          e.textContent];
                });""")
            for tag, colour, text in marks:
                need = 4.5 if tag == "text" else 3.0
                ratio = contrast(_rgb(colour), (0, 0, 0))
                if ratio < need:
                    problems.setdefault(url, []).append(f"{tag} {text!r} {colour} {ratio:.2f}:1")
    assert problems == {}


def _chart_layout(driver) -> dict:
    return driver.execute_script("""
        const svg = document.querySelector('svg.chart');
        const box = svg.getBoundingClientRect();
        const scale = svg.getScreenCTM().a;
        const texts = [...svg.querySelectorAll('text')].map(t => {
          const r = t.getBoundingClientRect();
          return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
                  l: r.left, r: r.right, t: r.top, b: r.bottom};
        });
        return {svg: {l: box.left, r: box.right, t: box.top, b: box.bottom}, texts: texts};""")


def _overlaps(texts: list[dict]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if a["l"] < b["r"] - 0.5 and b["l"] < a["r"] - 0.5 and a["t"] < b["b"] - 0.5 and b["t"] < a["b"] - 0.5:
                out.append((a["text"], b["text"]))
    return out


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390px", "desktop"])
def test_chart_labels_readable_whole_and_apart(sample: Path, size: tuple[int, int]):
    with serve(sample) as base, chromium() as driver:
        driver.set_window_size(*size)
        for url in (BAR_CHART, LINE_CHART):
            driver.get(f"{base}/{url}")
            layout = _chart_layout(driver)
            texts, svg = layout["texts"], layout["svg"]
            assert texts
            small = [(t["text"], round(t["px"], 1)) for t in texts if t["px"] < 11]
            assert small == [], (url, size)
            cut = [t["text"] for t in texts if t["l"] < svg["l"] - 0.5 or t["r"] > svg["r"] + 0.5]
            assert cut == [], (url, size)  # e.g. the last month label "2026年10月" cut to "2026年10,"
            assert _overlaps(texts) == [], (url, size)


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390px", "desktop"])
def test_reading_aids_sit_inside_the_header(sample: Path, size: tuple[int, int]):
    with serve(sample) as base, chromium() as driver:
        driver.set_window_size(*size)
        driver.get(f"{base}/xxgk/MB0A12342/2026-00002.html")
        boxes = driver.execute_script("""
            const r = e => { const b = e.getBoundingClientRect(); return {l: b.left, r: b.right, t: b.top, b: b.bottom}; };
            return {head: r(document.querySelector('.masthead')),
                    buttons: [...document.querySelectorAll('#a11y-tools button')].map(r),
                    links: [...document.querySelectorAll('.masthead nav a, .site-name a')].map(r),
                    crumbs: r(document.querySelector('.crumbs'))};""")
        head = boxes["head"]
        assert len(boxes["buttons"]) == 3
        for b in boxes["buttons"]:
            assert head["t"] <= b["t"] and b["b"] <= head["b"] and head["l"] <= b["l"] and b["r"] <= head["r"]
            for link in boxes["links"]:
                assert not (b["l"] < link["r"] and link["l"] < b["r"] and b["t"] < link["b"] and link["t"] < b["b"])
        assert boxes["crumbs"]["t"] >= head["b"]


def test_phone_shows_the_title_first_and_folds_the_metadata(sample: Path):
    from selenium.webdriver.common.by import By

    with serve(sample) as base, chromium() as driver:
        driver.set_window_size(*PHONE)
        driver.get(f"{base}/xxgk/MB0A12342/2026-00002.html")
        title = driver.find_element(By.CSS_SELECTOR, "h1.doc-title")
        meta = driver.find_element(By.CSS_SELECTOR, "details.docmeta")
        height = driver.execute_script("return window.innerHeight")
        assert title.rect["y"] < meta.rect["y"]
        assert title.rect["y"] + title.rect["height"] < height / 2
        assert meta.get_attribute("open") is None
        meta.find_element(By.TAG_NAME, "summary").click()
        assert "索引号" in meta.text and "MB0A12342/2026-00002" in meta.text

        driver.set_window_size(*DESKTOP)
        driver.get(f"{base}/xxgk/MB0A12342/2026-00002.html")
        meta = driver.find_element(By.CSS_SELECTOR, "details.docmeta")
        assert meta.get_attribute("open") is not None  # desktop: the statutory block shows as before
        assert driver.find_element(By.CSS_SELECTOR, "table.metadata").is_displayed()
