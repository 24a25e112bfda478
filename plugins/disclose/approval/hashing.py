"""The SHA-256 of exactly what is published: the normalised document and its files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..model import Document


def normalise_source(raw: bytes) -> bytes:
    """UTF-8 text without BOM, LF line ends, one final newline.

    Only bytes that never change the output are normalised away: Markdown and YAML read CR and
    CRLF as LF and ignore blank lines at the end. Spaces and tabs at line ends are kept: two
    of them make a <br>, one shows in a code block or a YAML block scalar.
    """
    text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return (text.rstrip("\n") + "\n").encode("utf-8")


def content_hash(doc: Document, repo_root: Path) -> str:
    """SHA-256 over the normalised source, then each attachment and dataset (name and bytes)."""
    h = hashlib.sha256()
    h.update(b"disclose-content-v1\0")
    h.update(normalise_source((repo_root / doc.source_path).read_bytes()))
    files = sorted({a.path for a in doc.attachments} | set(doc.datasets))
    for rel in files:
        path = repo_root / rel
        h.update(b"\0" + rel.rsplit("/", 1)[-1].encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest() if path.is_file() else b"missing")
    return h.hexdigest()
