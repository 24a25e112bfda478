"""The rendered page exactly as it will be published: a staff preview build (the same
templates, `DISCLOSE_PREVIEW`, state banners) made into a private folder under the URL prefix
/preview, rebuilt when the repository changes, shown in an iframe.

The build runs in a child process (`python -m disclose.desk.preview SETTINGS OUT`): Pelican
keeps global state, and a failed build must not take the desk down.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
from pathlib import Path

PREFIX = "/preview"


class Preview:
    """One preview build per repository state, made on demand."""

    def __init__(self, settings_file: Path) -> None:
        self.settings_file = settings_file.resolve()
        self._tmp = tempfile.TemporaryDirectory(prefix="disclose-desk-preview-")
        self.root = Path(self._tmp.name) / "site"
        self._state: str | None = None
        self._error = ""
        self._lock = threading.Lock()

    def ensure(self, state: str) -> str:
        """Build for this repository state unless done; '' or the build's error (Chinese)."""
        with self._lock:
            if state != self._state:
                r = subprocess.run([sys.executable, "-m", "disclose.desk.preview", str(self.settings_file),
                                    str(self.root)], capture_output=True, text=True, timeout=600,
                                   cwd=self.settings_file.parent)
                self._error = "" if r.returncode == 0 else f"预览构建失败：{(r.stderr or r.stdout).strip()[-2000:]}"
                self._state = state
            return self._error

    def close(self) -> None:
        self._tmp.cleanup()


def main(argv: list[str]) -> int:
    from ..build import build_site
    from ..errors import DiscloseError

    settings_file, out = Path(argv[0]), Path(argv[1])
    try:
        build_site(settings_file, out, {"DISCLOSE_PREVIEW": True, "SITEURL": PREFIX, "RELATIVE_URLS": False})
    except DiscloseError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
