"""The fixture site's HTML and XML match the reviewed golden copies exactly."""

from __future__ import annotations

import difflib

from tests import golden


def test_golden_output(tmp_path):
    built = golden.build(tmp_path / "out")
    expected = golden.golden()
    assert sorted(built) == sorted(expected), "set of output files changed (make golden)"
    for rel, text in built.items():
        if text != expected[rel]:
            diff = "".join(difflib.unified_diff(expected[rel].splitlines(True),
                                                text.splitlines(True), "golden/" + rel, rel))
            raise AssertionError(f"{rel} differs from golden (run make golden if intended):\n{diff}")
