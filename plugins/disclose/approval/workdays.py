"""The 20-working-day publication deadline (条例第二十六条) on the Chinese calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar


@lru_cache(maxsize=8192)
def _official(day: dt.date) -> bool | None:
    """chinese-calendar's answer, or None beyond its data (it validates slowly: cache)."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


@dataclass(frozen=True)
class Calendar:
    """Official working days: chinese-calendar where it has data, else weekends plus the
    holidays and make-up working days declared in DISCLOSE.approval."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()

    def is_workday(self, day: dt.date) -> tuple[bool, bool]:
        """(is a working day, answered from hand-declared data rather than chinese-calendar)."""
        official = _official(day)
        if official is not None:
            return official, False
        if day in self.workdays:
            return True, True
        return day.weekday() < 5 and day not in self.holidays, True

    def add_workdays(self, start: dt.date, n: int) -> tuple[dt.date, bool]:
        """The date n working days after start, and whether the hand-declared calendar was used."""
        day, count, extended = start, 0, False
        while count < n:
            day += dt.timedelta(days=1)
            work, by_hand = self.is_workday(day)
            extended |= by_hand
            count += work
        return day, extended
