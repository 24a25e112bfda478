"""Terminal output helpers (rich), kept in one place so commands stay short."""

from __future__ import annotations

from rich.console import Console

console = Console(highlight=False, soft_wrap=True)
console_err = Console(stderr=True, highlight=False, soft_wrap=True)
