"""Update periods as the inspection indicators state them: days, calendar months, years."""

from __future__ import annotations

import calendar
import datetime as dt

from ..config import PERIOD_RE

UNIT_LABEL = {"d": "天", "m": "个月", "y": "年"}


def add_period(day: dt.date, period: str) -> dt.date:
    """`day` plus a period such as 14d, 6m or 1y (month ends clamp: 08-31 + 6m = 02-28)."""
    match = PERIOD_RE.match(period)
    if match is None:
        raise ValueError(period)  # config.load refused it already
    n, unit = int(match.group(1)), match.group(2)
    if unit == "d":
        return day + dt.timedelta(days=n)
    months = n if unit == "m" else 12 * n
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def label(period: str) -> str:
    """14d -> 14 天, 6m -> 6 个月 (for staff)."""
    match = PERIOD_RE.match(period)
    return f"{match.group(1)} {UNIT_LABEL[match.group(2)]}" if match else period
