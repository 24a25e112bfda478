"""One run of `disclose check` over a site: the corpus loaded and checked, and the findings,
acceptances, dataset notes and publish states of the chosen files gathered in a `Report`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .config import Settings
from .corpus import State, load_corpus
from .review.report import Report, dataset_note, problem_finding


def source_files(content_root: Path) -> list[Path]:
    """The Markdown files a check reads (what a progress bar counts)."""
    return [p for p in content_root.rglob("*.md") if not any(x.startswith(".") for x in p.parts)]


def check_site(content_root: Path, repo_root: Path, settings: Settings, wanted: set[str] | None = None,
               progress: Callable[[str], None] = lambda _path: None) -> Report:
    """Load and check the corpus; the report of the files under `wanted` (repository-relative
    paths of files or folders; None: every file)."""
    def chosen(path: str) -> bool:
        return wanted is None or any(path == w or path.startswith(w.rstrip("/") + "/") for w in wanted)

    corpus = load_corpus(content_root, repo_root, settings, render=True, progress=progress)
    report = Report()
    for path in sorted({*corpus.checked_paths(), *(p.path for p in corpus.problems)}):
        if chosen(path):
            meta = [problem_finding(p) for p in corpus.problems if p.path == path]
            # The document's own findings first, then its attachments' (path "file!location").
            report.files[path] = sorted(meta + corpus.findings_of(path),
                                        key=lambda f: (f.path != path, f.path, f.line, f.column))
    for entry in corpus.entries.values():
        for finding, acceptance in (entry.verdict.accepted if entry.verdict else ()):
            report.accepted[(finding.path, finding.fingerprint)] = acceptance.reason
    for doc in corpus.documents:
        if doc.is_dataset and chosen(doc.source_path):
            report.notes[doc.source_path] = dataset_note(doc.table)
    for path, entry in corpus.entries.items():
        report.status[path] = entry.label if entry.state is State.PUBLISH else f"暂不发布：{entry.label}"
    return report
