"""Goal progress, review rhythm and plan freshness: plain values in, plain values out (no ORM).

A financial goal's current value comes from the customer's financial history; every other goal's
progress is entered by the team. Progress is the share of the way from baseline to target, so a
goal whose target is below its baseline (fewer complaints, a lower cost) works the same way.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

REVENUE = "revenue"
GROSS_MARGIN = "gross_margin"
SHARE_OF_WALLET = "share_of_wallet"
HUNDRED = Decimal(100)

# How often a plan is reviewed: quarterly, monthly while the customer is in change.
REVIEW_MONTHS = 3
REVIEW_MONTHS_IN_CHANGE = 1
# A review is "due" this many days before its date (fewer for a monthly rhythm).
DUE_WINDOW_DAYS = 14
DUE_WINDOW_DAYS_IN_CHANGE = 7

FRESH, DUE, OVERDUE = "fresh", "due", "overdue"
FRESHNESS_LABELS: dict[str, Promise] = {
    FRESH: _("Fresh"),
    DUE: _("Review due"),
    OVERDUE: _("Review overdue"),
}


@dataclass(frozen=True)
class PeriodFigures:
    """One row of financial history: a whole year (quarter 0) or a quarter."""

    year: int
    quarter: int
    revenue: Decimal
    gross_margin: Decimal
    their_spend: Decimal | None = None


@dataclass(frozen=True)
class Current:
    """A financial goal's current value and the period it was read from (e.g. "2026" or "2026 Q1–Q2")."""

    value: Decimal | None
    period: str = ""


def financial_current(metric: str, periods: Sequence[PeriodFigures]) -> Current:
    """The figure a financial goal is measured by: the latest year with figures.

    A whole-year row wins; a year with quarters only counts as year-to-date (the sum of its
    quarters). Share of wallet is our revenue ÷ their spend in percent, None when the spend is unknown.
    """
    years = sorted({p.year for p in periods}, reverse=True)
    if not years:
        return Current(None)
    year = years[0]
    whole = [p for p in periods if p.year == year and p.quarter == 0]
    rows = whole or sorted((p for p in periods if p.year == year), key=lambda p: p.quarter)
    label = str(year) if whole else _quarter_label(year, rows)
    revenue = sum((p.revenue for p in rows), Decimal(0))
    if metric == REVENUE:
        return Current(revenue, label)
    if metric == GROSS_MARGIN:
        return Current(sum((p.gross_margin for p in rows), Decimal(0)), label)
    if metric == SHARE_OF_WALLET:
        spends = [p.their_spend for p in rows]
        if any(spend is None for spend in spends) or not sum(spends):
            return Current(None, label)
        return Current((revenue / sum(spends) * HUNDRED).quantize(Decimal("0.1")), label)
    raise ValueError(f"Unknown financial metric {metric!r}")


def _quarter_label(year: int, rows: Sequence[PeriodFigures]) -> str:
    quarters = [p.quarter for p in rows]
    if len(quarters) == 1:
        return f"{year} Q{quarters[0]}"
    return f"{year} Q{quarters[0]}–Q{quarters[-1]}"


def progress(baseline: Decimal | None, target: Decimal | None, current: Decimal | None) -> Decimal | None:
    """How far from baseline to target the current value has come, as a fraction 0–1.

    None when the target or the current value is unknown. A missing baseline counts as zero.
    Overshooting counts as 1; moving the wrong way as 0.
    """
    if target is None or current is None:
        return None
    start = baseline if baseline is not None else Decimal(0)
    if target == start:
        return Decimal(1) if current >= target else Decimal(0)
    share = (current - start) / (target - start)
    return min(Decimal(1), max(Decimal(0), share))


def entered_progress(percent: int | None) -> Decimal | None:
    """Progress the team entered (0–100 %), as a fraction."""
    if percent is None:
        return None
    return Decimal(min(100, max(0, percent))) / HUNDRED


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the 31st becomes the month's last day when it has fewer."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def next_review_due(last: datetime.date, in_change: bool) -> datetime.date:
    """When the next review is due after one on `last`: a quarter later, a month while in change."""
    return add_months(last, REVIEW_MONTHS_IN_CHANGE if in_change else REVIEW_MONTHS)


@dataclass(frozen=True)
class Freshness:
    """How current a plan is: fresh, due (the review date is near) or overdue."""

    state: str
    due: datetime.date
    days: int  # days until the review is due; negative when overdue

    @property
    def label(self) -> Promise:
        return FRESHNESS_LABELS[self.state]


def freshness(due: datetime.date, today: datetime.date, in_change: bool = False) -> Freshness:
    days = (due - today).days
    window = DUE_WINDOW_DAYS_IN_CHANGE if in_change else DUE_WINDOW_DAYS
    if days < 0:
        return Freshness(OVERDUE, due, days)
    return Freshness(DUE if days <= window else FRESH, due, days)


def weighted(value: Decimal, probability: int) -> Decimal:
    """An opportunity's value weighted by its probability (0–100 %)."""
    return (value * Decimal(probability) / HUNDRED).quantize(Decimal("0.01"))
