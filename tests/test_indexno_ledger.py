"""Index numbers and the ledger: forms, parsing, next serial, atomic sorted saves."""

from __future__ import annotations

import datetime as dt

import pytest
from disclose.errors import LedgerError
from disclose.indexno import format_index_no, parse_index_no, url_path
from disclose.ledger import Ledger

FORM = "{org_code}/{year}-{serial:05d}"


def test_format_and_parse_round_trip():
    no = format_index_no(FORM, "014119539", 2007, 22)
    assert no == "014119539/2007-00022"
    parsed = parse_index_no(FORM, no)
    assert (parsed.org_code, parsed.year, parsed.serial) == ("014119539", 2007, 22)
    assert parse_index_no(FORM, "014119539-2007-00022") is None


def test_configurable_form():
    form = "{org_code}-{year}-{serial:04d}"
    assert parse_index_no(form, "11339900MB0B56784A-2026-0007").serial == 7


def test_url_path_is_stable_and_safe():
    assert url_path("014119539/2007-00022") == "014119539/2007-00022"
    assert url_path("机构/2007 00022") == "--/2007-00022"


def test_next_serial_and_sorted_save(tmp_path):
    path = tmp_path / "ledger"
    ledger = Ledger.load(path, FORM)
    assert ledger.next_serial("014119539", 2026) == 1
    ledger.issue("014119539/2026-00002", "b.md", dt.date(2026, 1, 2))
    ledger.issue("014119539/2026-00001", "a.md", dt.date(2026, 1, 1))
    assert ledger.next_serial("014119539", 2026) == 3
    assert ledger.next_serial("014119539", 2025) == 1
    lines = [line for line in path.read_text().splitlines() if not line.startswith("#")]
    assert lines == ["014119539/2026-00001\t2026-01-01\ta.md", "014119539/2026-00002\t2026-01-02\tb.md"]
    with pytest.raises(LedgerError):
        ledger.issue("014119539/2026-00001", "c.md", dt.date(2026, 1, 3))


def test_bad_ledger_line(tmp_path):
    path = tmp_path / "ledger"
    path.write_text("014119539/2026-00001 a.md\n", encoding="utf-8")
    with pytest.raises(LedgerError) as exc:
        Ledger.load(path, FORM)
    assert "台账行格式错误" in str(exc.value)
