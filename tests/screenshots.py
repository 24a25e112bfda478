"""Regenerate README's screenshots (docs/screenshots/*.png) from the current sample site:
`python -m tests.screenshots`. Needs Debian's chromium, chromium-driver and a CJK font
(fonts-noto-cjk or fonts-wqy-microhei), or every Chinese character is a box."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.browser import chromium, serve

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "docs" / "screenshots"
TODAY = "2026-11-23"
PAGES = {
    "home": "index.html",
    "document": "xxgk/MB0A12342/2025-00002.html",
    "search": "search.html?q=%E4%BD%8E%E4%BF%9D",
    "opendata": "xxgk/MB0A12342/2026-00009.html",
}


def main() -> int:
    """Build the sample site and its review report in a clone, then photograph them."""
    env = {**os.environ, "DISCLOSE_TODAY": TODAY}
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        trust = str(clone / "content/_review/demo-keys/演示-信任锚.pub")
        run = [sys.executable, "-m", "disclose"]
        subprocess.run([*run, "build", "--trust", trust], cwd=clone, env=env, check=True)
        report = clone / "output" / "review-report.html"
        subprocess.run([*run, "check", "--html", str(report), "content/mzj/2026"], cwd=clone, env=env)
        SHOTS.mkdir(parents=True, exist_ok=True)
        with serve(clone / "output") as base, chromium() as driver:
            driver.set_window_size(1100, 860)
            for name, url in {**PAGES, "review-report": "review-report.html"}.items():
                driver.get(f"{base}/{url}")
                time.sleep(1.5 if name == "search" else 0.3)  # the search page runs its query
                if name == "opendata":  # the chart, below the metadata block
                    driver.execute_script("document.getElementById('chart-h').scrollIntoView()")
                driver.save_screenshot(str(SHOTS / f"{name}.png"))
                print(f"wrote {SHOTS.relative_to(ROOT)}/{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
