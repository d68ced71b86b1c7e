"""Reads for the financials tab and the overview's key figures: one query each."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from accounts.figures import History, build_history, growth, margin_ratio, share_of_wallet
from accounts.models import Customer, FinancialPeriod


def financial_history(customer: Customer) -> History:
    """Every period of the customer as table rows, chart points and notices, in one query."""
    return build_history(customer.financials.order_by("year", "quarter"))


def existing_period(
    customer: Customer, year: int, quarter: int, excluding: int | None = None
) -> FinancialPeriod | None:
    """The row that already holds this year and quarter, if any (other than `excluding`)."""
    rows = customer.financials.filter(year=year, quarter=quarter)
    if excluding is not None:
        rows = rows.exclude(pk=excluding)
    return rows.first()


def period_of(customer: Customer, period_id: int) -> FinancialPeriod | None:
    """One of this customer's periods; None when the id belongs to no period of theirs."""
    return customer.financials.filter(pk=period_id).first()


@dataclass(frozen=True)
class KeyFigures:
    """The latest whole year at a glance, for the customer overview."""

    year: int
    revenue: Decimal
    margin_ratio: Decimal | None
    share_of_wallet: Decimal | None
    growth: Decimal | None  # against the year before, when that year is recorded


def key_figures(customer: Customer) -> KeyFigures | None:
    """The latest whole year's revenue, margin % and share of wallet (one query); None without figures."""
    latest, *before = customer.financials.filter(quarter=0).order_by("-year")[:2] or [None]
    if latest is None:
        return None
    previous = before[0] if before and before[0].year == latest.year - 1 else None
    return KeyFigures(
        year=latest.year,
        revenue=latest.revenue,
        margin_ratio=margin_ratio(latest.revenue, latest.gross_margin),
        share_of_wallet=share_of_wallet(latest.revenue, latest.their_spend),
        growth=growth(latest.revenue, previous.revenue if previous else None),
    )
