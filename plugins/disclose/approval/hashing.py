"""The SHA-256 of exactly what is published: the normalised document and its files."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..inventory import Inventory, LinkError, read_bytes


def normalise_source(raw: bytes) -> bytes:
    """UTF-8 text without BOM, LF line ends, one final newline.

    Only bytes that never change the output are normalised away: Markdown and YAML read CR and
    CRLF as LF and ignore blank lines at the end. Spaces and tabs at line ends are kept: two
    of them make a <br>, one shows in a code block or a YAML block scalar.
    """
    text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return (text.rstrip("\n") + "\n").encode("utf-8")


def content_hash(inventory: Inventory, repo_root: Path) -> str:
    """SHA-256 over the normalised source, then each other file of the document's inventory
    (attachments, linked files, data files, embedded dataset descriptors): name and bytes.

    The files are read without following any link (a link is refused elsewhere; here it
    hashes as "missing", so no approval can cover it).
    """
    h = hashlib.sha256()
    h.update(b"disclose-content-v1\0")
    try:
        h.update(normalise_source(read_bytes(repo_root, inventory.source)))
    except (LinkError, OSError, UnicodeDecodeError):
        h.update(b"unreadable\0")  # a problem of the file already: no approval can match this
    for rel in inventory.hashed():
        h.update(b"\0" + rel.rsplit("/", 1)[-1].encode() + b"\0")
        try:
            h.update(hashlib.sha256(read_bytes(repo_root, rel)).digest())
        except (LinkError, OSError):
            h.update(b"missing")
    return h.hexdigest()
