"""Today and now, in China Standard Time; DISCLOSE_TODAY=YYYY-MM-DD pins both for tests."""

from __future__ import annotations

import datetime as dt
import os

CST = dt.timezone(dt.timedelta(hours=8), "CST")


def now() -> dt.datetime:
    """The current time in UTC+8 (09:00 on the pinned day when DISCLOSE_TODAY is set)."""
    pinned = os.environ.get("DISCLOSE_TODAY")
    if pinned:
        return dt.datetime.combine(dt.date.fromisoformat(pinned), dt.time(9, 0), CST)
    return dt.datetime.now(CST).replace(microsecond=0)


def today() -> dt.date:
    """Today's date in UTC+8."""
    return now().date()
