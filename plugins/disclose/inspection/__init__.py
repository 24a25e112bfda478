"""The 政府网站 inspection: what the quarterly check looks at, reported before every publish.

`inspect(corpus, day)` is used by `disclose inspect`, by the build (warnings, never blocking)
and by the staff preview page jiancha.html; `linkcheck` checks external links (CI only).
"""

from __future__ import annotations

from .inspect import Column, Inspection, Threshold, blank_categories, inspect
from .report import lines, to_json

__all__ = ["Column", "Inspection", "Threshold", "blank_categories", "inspect", "lines", "to_json"]
