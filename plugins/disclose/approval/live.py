"""The last approved version stays live: recover its exact bytes from git history.

When the current version of a published document waits for review, the build looks for the
newest commit at which the document's files hash to a content hash that carries a signed
approval, extracts those files into a private folder, reads, checks and renders them there
exactly as a current document, and judges that version with the same gate (its authors are
the signers of the commits up to that version). The output is built from that folder, so
what goes out is byte for byte what was approved.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..inventory import Inventory
from ..model import Document

if TYPE_CHECKING:
    from .gate import Gate, Verdict
    from .gitinfo import History

MAX_VERSIONS = 40  # commits searched back per document


@dataclass
class LiveVersion:
    """The last approved version of a document whose current version is not approved yet."""

    commit: str
    files_root: Path          # a folder holding the approved bytes at their repo-relative paths
    doc: Document
    rendered: Any             # render.Rendered | None (approval/ does not import render)
    sha: str
    verdict: Verdict
    inventory: Inventory | None = None


def published_files(entry: Any) -> list[str]:
    """Every file whose bytes a document publishes (its inventory: source, attachments, linked
    files, data): their writers are its authors. `entry` is a corpus Entry, a FileResult or a
    LiveVersion (anything with an `inventory`)."""
    if entry.inventory is None:  # not a document
        return []
    return entry.inventory.authored()


def find(corpus: Any, gate: Gate, history: History, worker: Any, entry: Any) -> LiveVersion | None:
    """The newest approved version of `entry`'s document still in history, or None. `corpus`,
    `worker` and `entry` are the corpus's own objects (duck-typed: this module is below corpus.py)."""
    assert entry.records is not None
    wanted = set(gate.approved_hashes(entry.records, entry.sha))
    if not wanted:
        return None
    files = published_files(entry)
    commits = sorted({c for f in files for c in history.commits_of(f)}, key=lambda c: history.order.get(c, 0))
    kind = "dataset" if entry.doc.is_dataset else "doc"
    for commit in commits[:MAX_VERSIONS]:
        root = _snapshot(corpus, history, commit, entry.path)
        if root is None or not (root / entry.path).is_file():
            continue
        result = worker.at(root)((root / entry.path, kind))
        if not isinstance(result.item, Document) or result.sha not in wanted:
            continue
        authors = history.authors_of(published_files(result), upto=commit)
        verdict = gate.judge(result.item, result.sha, authors, entry.records, result.findings)
        if verdict.reason is None and not result.problems:
            return LiveVersion(commit, root, result.item, result.rendered, result.sha, verdict, result.inventory)
    return None


def _snapshot(corpus: Any, history: History, commit: str, path: str) -> Path | None:
    """The document's folder (and the data folder) as they were at `commit`, in a temp folder."""
    tmp = tempfile.TemporaryDirectory(prefix="disclose-approved-")
    corpus._snapshots.append(tmp)  # removed with the corpus
    root = Path(tmp.name)
    folder = path.rsplit("/", 1)[0] if "/" in path else "."
    tree = f"{commit}:{history.prefix.rstrip('/')}" if history.prefix else commit
    for spec in ([folder, corpus.settings.opendata.folder], [folder]):
        r = subprocess.run(["git", "-C", str(history.top), "archive", "--format=tar", tree, "--", *spec],
                           capture_output=True, timeout=120)
        if r.returncode == 0:
            with tarfile.open(fileobj=io.BytesIO(r.stdout)) as tar:
                # filter="data": no links outside the folder, no special files, no absolute paths
                tar.extractall(root, members=[m for m in tar.getmembers() if not m.issym() and not m.islnk()],
                               filter="data")
            return root
    return None

