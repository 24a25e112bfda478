"""The 20-working-day publication deadline (条例第二十六条) on the Chinese calendar."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar


@dataclass(frozen=True)
class Calendar:
    """Official working days: chinese-calendar where it has data, else weekends plus the
    holidays and make-up working days declared in DISCLOSE.approval."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()

    def is_workday(self, day: dt.date) -> tuple[bool, bool]:
        """(is a working day, answered from hand-declared data rather than chinese-calendar)."""
        try:
            return chinese_calendar.is_workday(day), False
        except NotImplementedError:
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
