"""The evaluation set: every planted block-level item found at block, clean text stays quiet."""

from __future__ import annotations

from disclose.review import Checker

from tests.conftest import ROOT
from tests.evalset.generate import clean_texts, planted

CHECKER = Checker()
REQUIRED_RECALL = ("pii.id_card", "pii.mobile", "pii.bank_card", "secret.mark", "secret.internal")


def test_recall_of_planted_items_is_complete():
    missed = []
    for doc in planted():
        found = {(f.rule, f.line) for f in CHECKER.check_text(doc.name, doc.text)
                 if str(f.severity) == "block"}
        missed += [(doc.name, rule, line) for rule, line in doc.labels
                   if rule in REQUIRED_RECALL and (rule, line) not in found]
    assert missed == []


def test_clean_text_has_no_block_and_few_warnings():
    chars, warns, blocks = 0, [], []
    for path, text in clean_texts(ROOT).items():
        chars += len(text)
        for f in CHECKER.check_text(path, text):
            if str(f.severity) == "block":
                blocks.append(f)
            elif str(f.severity) == "warn":
                warns.append(f)
    assert blocks == []
    assert chars > 30_000
    assert len(warns) < chars / 5000, [str(w) for w in warns]
