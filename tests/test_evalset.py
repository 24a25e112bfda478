"""The evaluation set: every planted item found at its contract severity, clean text stays quiet.

The planted identifiers come from tests/oracles.py and tests/vectors.py, never from the code
under test (see tests/evalset/generate.py)."""

from __future__ import annotations

from disclose.review import Checker

from tests.conftest import ROOT
from tests.evalset.generate import TEMPLATES, clean_texts, planted

CHECKER = Checker()
RANK = {"info": 0, "warn": 1, "block": 2}


def test_recall_of_planted_items_is_complete_at_the_contract_severity():
    missed, extra_blocks, total = [], [], 0
    for doc in planted():
        found = {(f.rule, f.line): str(f.severity) for f in CHECKER.check_text(doc.name, doc.text)}
        labelled = {(rule, line) for rule, line, _ in doc.labels}
        for rule, line, severity in doc.labels:
            total += 1
            if RANK.get(found.get((rule, line), ""), -1) < RANK[severity]:
                missed.append((doc.name, rule, line, severity, found.get((rule, line))))
        extra_blocks += [(doc.name, key) for key, sev in found.items()
                         if sev == "block" and key not in labelled]
    assert total > 700
    assert missed == []
    assert extra_blocks == []


def test_every_template_rule_is_planted():
    rules = {rule for rule, _, _ in TEMPLATES} | {"stats.microdata"}
    planted_rules = {rule for doc in planted() for rule, _, _ in doc.labels}
    assert rules == planted_rules


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
