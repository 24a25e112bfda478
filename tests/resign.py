"""Re-sign a site's demo approval records and policy with its demo keys (maintainers only).

The sample site and the test fixture ship demo keys (marked 演示/demo) so that their records
are real signed statements. After a change to sample content, run

    .venv/bin/python -m tests.resign --site . --keys content/_review/demo-keys
    .venv/bin/python -m tests.resign --site tests/fixtures/site --keys tests/fixtures/keys --no-policy

Every decision whose hash was the document's newest is moved to the current content hash and
every statement is signed again with its person's demo key; then the administrator demo key
signs the roster and policy with the baseline at HEAD (unless --no-policy). This writes only
with the demo keys: it is how the sample was made, never how a real site approves anything.
"""

from __future__ import annotations

import argparse
import subprocess
from dataclasses import replace
from pathlib import Path

from disclose import config
from disclose.approval import records, sshsig, statements, trust
from disclose.approval.roster import Roster
from disclose.build import load_settings
from disclose.corpus import load_corpus


def key_file(keys: Path, person: str) -> str:
    """The demo private key of a person (or `admin`)."""
    matches = sorted(p for p in keys.iterdir() if p.name.endswith(f"{person}") and not p.suffix)
    if not matches:
        raise SystemExit(f"no demo key for {person} in {keys}")
    return str(matches[0])


def resign(site: Path, keys: Path, sign_policy: bool = True, baseline: str = "HEAD") -> None:
    s = load_settings(site / "pelicanconf.py")
    settings = config.load(s["DISCLOSE"])
    content = Path(s["PATH"])
    corpus = load_corpus(content, site, settings, render=True, preview=True)
    root = content / settings.approval.records
    for entry in corpus.entries.values():
        rec = entry.records
        if rec is None or not (rec.decisions or rec.acceptances):
            continue
        newest = rec.decisions[-1].sha256 if rec.decisions else ""
        index = entry.doc.index_no
        rec.decisions = [_sign(replace(d, sha256=entry.sha if d.sha256 == newest else d.sha256),
                               statements.decision_bytes, index, keys) for d in rec.decisions]
        rec.acceptances = [_sign(replace(a, sha256=entry.sha if a.sha256 == newest else a.sha256),
                                 statements.acceptance_bytes, index, keys) for a in rec.acceptances]
        records.save(root, rec)
    if sign_policy:
        roster = Roster.load(content / settings.approval.roster, "roster")
        commit = subprocess.run(["git", "-C", str(site), "rev-parse", baseline], capture_output=True,
                                text=True, check=True).stdout.strip()
        trust.sign(content / settings.approval.policy, settings, roster.raw, key_file(keys, "admin"), commit,
                   trust.current_pages(content, site))


def _sign(item, to_bytes, index: str, keys: Path):  # noqa: ANN001, ANN202
    item = replace(item, signature="")
    return replace(item, signature=sshsig.sign(to_bytes(index, item), statements.NAMESPACE,
                                               key_file(keys, item.person)))


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", default=".")
    ap.add_argument("--keys", required=True)
    ap.add_argument("--no-policy", action="store_true")
    ap.add_argument("--baseline", default="HEAD")
    a = ap.parse_args()
    resign(Path(a.site).resolve(), Path(a.keys).resolve(), not a.no_policy, a.baseline)
