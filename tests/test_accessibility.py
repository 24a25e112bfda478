"""Accessibility (axe-core in headless Chromium, every page type) and the reading aids."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import chromium, serve
from tests.conftest import ROOT, clone_sample

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
PAGE_TYPES = {
    "home": "index.html",
    "catalogue overview": "mulu/index.html",
    "catalogue listing": "mulu/fenlei/zcwj/index.html",
    "document": "xxgk/MB0A12342/2026-00002.html",
    "abolished document": "xxgk/MB0A12342/2025-00002.html",
    "on-request item": "xxgk/MB0A12342/2026-00006.html",
    "document with attachment": "xxgk/MB0B56784/2026-00001.html",
    "guide": "zhinan.html",
    "dataset with chart and withheld cells": "xxgk/MB0A12342/2026-00009.html",
    "time series dataset": "xxgk/MB0B56784/2026-00004.html",
    "open data section": "shuju/index.html",
    "notice embedding a dataset": "xxgk/MB0A12342/2026-00010.html",
    "how to apply": "shenqing.html",
    "search": "search.html?q=%E4%BD%8E%E4%BF%9D",
    "404": "404.html",
}


@pytest.fixture(scope="module")
def sample_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = clone_sample(tmp_path_factory.mktemp("a11y") / "clone", keys="fixture")
    clone = site.root
    result = site.cli("build", today="2026-11-23")
    assert result.returncode == 0, result.stderr
    return clone / "output"


def test_axe_finds_no_serious_or_critical_violation(sample_output: Path):
    problems = {}
    with serve(sample_output) as base, chromium() as driver:
        for name, url in PAGE_TYPES.items():
            driver.get(f"{base}/{url}")
            driver.execute_script(AXE)
            result = driver.execute_async_script("""
                const done = arguments[0];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})
                  .then(r => done(r.violations.map(v => [v.id, v.impact, v.nodes.length])));
            """)
            bad = [v for v in result if v[1] in ("serious", "critical")]
            if bad:
                problems[name] = bad
    assert problems == {}


def test_large_text_high_contrast_and_traditional(sample_output: Path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with serve(sample_output) as base, chromium() as driver:
        driver.get(f"{base}/xxgk/MB0A12342/2026-00002.html")
        size = driver.execute_script("return parseFloat(getComputedStyle(document.documentElement).fontSize)")
        driver.find_element(By.ID, "a11y-large-text").click()
        bigger = driver.execute_script("return parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert bigger >= size * 1.2
        driver.find_element(By.ID, "a11y-high-contrast").click()
        assert driver.execute_script("return getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
        driver.get(f"{base}/index.html")  # choices persist across pages
        classes = driver.execute_script("return document.documentElement.className")
        assert "large-text" in classes and "high-contrast" in classes
        assert driver.find_element(By.ID, "a11y-large-text").get_attribute("aria-pressed") == "true"

        driver.find_element(By.ID, "a11y-traditional").click()
        WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.documentElement.lang") == "zh-Hant")
        text = driver.find_element(By.TAG_NAME, "body").text
        assert "信息公開目錄" in text and "首頁" in text
        driver.find_element(By.ID, "a11y-traditional").click()
        assert "信息公开" in driver.find_element(By.TAG_NAME, "body").text


def test_readable_without_javascript(sample_output: Path):
    html = (sample_output / "index.html").read_text()
    assert 'id="a11y-tools" class="a11y-tools" role="group" aria-label="阅读辅助" hidden' in html
    search = (sample_output / "search.html").read_text()
    assert "<noscript>" in search and "信息公开目录" in search


def test_dataset_chart_and_table_without_javascript(sample_output: Path):
    """The chart is drawn at build time: with JavaScript off it shows, with its accessible name."""
    from selenium.webdriver.common.by import By

    with serve(sample_output) as base, chromium(javascript=False) as driver:
        driver.get(f"{base}/xxgk/MB0A12342/2026-00009.html")
        assert driver.find_element(By.ID, "a11y-tools").get_attribute("hidden") is not None  # JS is off
        svg = driver.find_element(By.CSS_SELECTOR, "svg.chart")
        assert svg.size["width"] > 300 and svg.size["height"] > 100
        assert svg.get_attribute("role") == "img"
        title = driver.find_element(By.ID, svg.get_attribute("aria-labelledby").split()[0])
        assert "临时救助人次" in title.get_attribute("textContent")
        bars = driver.find_elements(By.CSS_SELECTOR, "svg.chart rect")
        assert len(bars) == 6 and all(b.size["width"] > 0 for b in bars)
        cells = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "table.data td")]
        assert cells.count("[c]") == 6
        note = driver.find_element(By.CSS_SELECTOR, ".table-note").text
        assert note.startswith("[c] 表示该数值不予公开")


def test_print_view_keeps_the_metadata_block():
    css = (ROOT / "theme/static/css/print.css").read_text()
    assert ".metadata" in css and "display: none" in css.split(".metadata")[0]


def test_keyboard_navigation(sample_output: Path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    with serve(sample_output) as base, chromium() as driver:
        driver.get(f"{base}/index.html")
        driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
        first = driver.switch_to.active_element
        assert first.text == "跳到正文" and first.is_displayed()
        first.send_keys(Keys.ENTER)
        assert driver.execute_script("return location.hash") == "#main"
        tabbed = []
        for _ in range(12):
            driver.switch_to.active_element.send_keys(Keys.TAB)
            tabbed.append(driver.switch_to.active_element.text)
        assert any("最低生活保障" in t or "工作计划" in t or "统计" in t for t in tabbed)
