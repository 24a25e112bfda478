"""Secondary suppression: worked examples and 200+ random tables proven safe by the LP audit."""

from __future__ import annotations

from disclose.opendata.sdc import Table, audit, intervals, primary, suppress
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLE = Table([[12, 2, 9], [8, 15, 6], [10, 7, 11]])  # REVIEW-RULES.md, T = 5


def test_worked_example_from_the_catalogue():
    only_primary = {("cell", 0, 1)}
    assert primary(EXAMPLE, 5) == only_primary
    assert audit(EXAMPLE, only_primary, 5) == [("cell", 0, 1)]  # 23 - 12 - 9 = 2
    assert intervals(EXAMPLE, only_primary)[("cell", 0, 1)] == (2, 2)
    two = {("cell", 0, 1), ("cell", 0, 2)}
    assert ("cell", 0, 1) in audit(EXAMPLE, two, 5)  # column B gives it back
    rectangle = {("cell", 0, 1), ("cell", 0, 2), ("cell", 2, 1), ("cell", 2, 2)}
    assert audit(EXAMPLE, rectangle, 5) == []
    hidden = suppress(EXAMPLE, 5)
    assert ("cell", 0, 1) in hidden and audit(EXAMPLE, hidden, 5) == []


def tables():
    return st.integers(2, 5).flatmap(lambda r: st.integers(2, 5).flatmap(
        lambda c: st.lists(st.lists(st.integers(0, 40), min_size=c, max_size=c), min_size=r, max_size=r)))


RUNS: list[int] = []


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(tables(), st.sampled_from([3, 5, 10]))
def random_table_is_safe_after_suppression(cells, threshold):
    RUNS.append(1)
    t = Table(cells)
    hidden = suppress(t, threshold)
    assert audit(t, hidden, threshold) == []
    for r in range(t.rows):
        for c in range(t.cols):
            if ("cell", r, c) not in hidden:
                assert not 0 < cells[r][c] < threshold


def test_random_tables_are_safe_after_suppression():
    """At least 200 random tables (hypothesis), each proven safe by the LP audit."""
    RUNS.clear()
    random_table_is_safe_after_suppression()
    assert len(RUNS) >= 200


def test_suppression_hides_little():
    """On the catalogue example the pattern is the 2x2 rectangle, not whole rows and columns."""
    hidden = suppress(EXAMPLE, 5)
    assert hidden == {("cell", 0, 1), ("cell", 0, 2), ("cell", 2, 1), ("cell", 2, 2)}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(tables(), st.booleans(), st.booleans(), st.floats(0.5, 40))
def test_magnitude_tables_protect_sensitive_cells_with_any_margins(cells, rows_published, cols_published, width):
    """Sensitive cells named by the caller (dominance, p%) keep their own protection width, also when
    only some margins are published."""
    t = Table([[float(v) for v in row] for row in cells], row_totals=rows_published, col_totals=cols_published)
    sensitive = {("cell", r, c) for r in range(t.rows) for c in range(t.cols) if cells[r][c] % 7 == 3}
    required = {p: width for p in sensitive}
    hidden = suppress(t, 5, sensitive=sensitive, required=required)
    assert sensitive <= hidden
    assert audit(t, hidden, 5, required) == []
