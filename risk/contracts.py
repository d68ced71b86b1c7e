"""Contract date arithmetic, pure: no ORM, testable on plain dates."""

from __future__ import annotations

import calendar
import datetime


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier, clamped to the month's end (31 March − 1 month = 28/29 Feb)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    if year < datetime.MINYEAR:
        return datetime.date.min
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def notice_deadline(expiry: datetime.date, amount: int, unit: str) -> datetime.date:
    """The last day notice can be given so the contract ends at `expiry` (unit "days" or "months")."""
    amount = max(int(amount or 0), 0)
    if unit == "days":
        if amount >= (expiry - datetime.date.min).days:
            return datetime.date.min
        return expiry - datetime.timedelta(days=amount)
    return months_before(expiry, amount)
