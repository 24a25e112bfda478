"""Golden output of the fixture site: build, normalise, compare; `--regenerate` rewrites it.

Run `make golden` (python -m tests.golden --regenerate) after an intended change to the
theme or output, then review the diff of tests/golden/ like any other change.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "site"
GOLDEN = ROOT / "tests" / "golden" / "site"
TODAY = "2026-06-01"
COMPARED = (".html", ".xml")


def normalise(text: str) -> str:
    """Remove what may change between builds without a change of ours (none known yet)."""
    return re.sub(r"[ \t]+\n", "\n", text)


def build(dest: Path) -> dict[str, str]:
    """Build the fixture site into dest; return {relative path: normalised text}."""
    from disclose.build import build_site

    from tests.conftest import KEYS, signed_copy

    os.environ["DISCLOSE_TODAY"] = TODAY
    os.environ.setdefault("DISCLOSE_TRUST", str(KEYS / "demo-admin.pub"))
    site = signed_copy(dest.parent / "fixture-site")  # the fixture, committed and signed
    build_site(site.conf, dest)
    return {p.relative_to(dest).as_posix(): normalise(p.read_text(encoding="utf-8"))
            for p in sorted(dest.rglob("*")) if p.suffix in COMPARED}


def golden() -> dict[str, str]:
    """The committed golden files."""
    return {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(GOLDEN.rglob("*")) if p.is_file()}


def regenerate() -> None:
    """Rewrite tests/golden/site from a fresh build."""
    with tempfile.TemporaryDirectory() as tmp:
        files = build(Path(tmp) / "out")
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for rel, text in files.items():
        target = GOLDEN / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} golden files to {GOLDEN.relative_to(ROOT)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regenerate", action="store_true")
    if parser.parse_args().regenerate:
        regenerate()
    else:
        sys.exit("use --regenerate; the comparison runs in pytest (tests/test_golden.py)")
