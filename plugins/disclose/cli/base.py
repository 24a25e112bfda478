"""What every command starts from: the site it works on, and the paths it was given."""

from __future__ import annotations

from pathlib import Path

from .. import config as config_mod
from ..build import load_settings
from ..errors import DiscloseError, UsageError


class Site:
    """The site a command works on: its settings, content folder and repository root."""

    def __init__(self, settings_file: str) -> None:
        path = Path(settings_file)
        if not path.is_file():
            raise DiscloseError(f"找不到配置文件 {settings_file}；请在网站仓库根目录运行，或用 -s 指定")
        self.settings_file = path
        self.pelican = load_settings(path)
        self.settings = config_mod.load(self.pelican.get(config_mod.CONFIG_NAME), str(path))
        self.content_root = Path(self.pelican["PATH"])
        self.repo_root = self.content_root.resolve().parent


def existing(paths: list[str]) -> list[Path]:
    """The given paths, each of which must exist."""
    for p in paths:
        if not Path(p).exists():
            raise UsageError(f"路径不存在：{p}")
    return [Path(p) for p in paths]


def selected(paths: list[str], repo_root: Path) -> set[str] | None:
    """The given paths relative to the repository (None: no paths given, everything)."""
    if not paths:
        return None
    out = set()
    for p in paths:
        full = Path(p).resolve()
        if not full.exists():
            raise UsageError(f"路径不存在：{p}")
        try:
            out.add(full.relative_to(repo_root.resolve()).as_posix())
        except ValueError:
            raise UsageError(f"路径 {p} 不在网站仓库内") from None
    return out


def doc_key(site: Site, path: str) -> str:
    """One document path as the corpus names it (relative to the repository)."""
    sel = selected([path], site.repo_root)
    assert sel
    return next(iter(sel))


