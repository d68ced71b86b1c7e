"""Writes to a customer's financial history. Each service is atomic and records its timeline event."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import timeline
from accounts.figures import check_figures
from accounts.models import Customer, FinancialPeriod, User
from accounts.selectors.financials import existing_period
from accounts.services import event_record
from accounts.templatetags.orchard import money

# Timeline data keeps the period and the amount as plain text; the amount is formatted when shown.
timeline.register_label("revenue_amount", money)


def financial_period_save(
    *,
    customer: Customer,
    by: User,
    year: int,
    quarter: int,
    revenue: Decimal,
    gross_margin: Decimal,
    their_spend: Decimal | None = None,
    period: FinancialPeriod | None = None,
) -> FinancialPeriod:
    """Record one period's figures, or correct `period` (which must belong to `customer`).

    Raises ValidationError (nothing written) when a figure breaks a rule or another row already
    holds that year and quarter.
    """
    check_figures(
        year=year, quarter=quarter, revenue=revenue, gross_margin=gross_margin, their_spend=their_spend
    )
    if period is not None and period.customer_id != customer.pk:
        raise ValueError("The period belongs to another customer.")
    with transaction.atomic():
        row = period or FinancialPeriod(customer=customer)
        row.year, row.quarter = year, quarter
        row.revenue, row.gross_margin, row.their_spend = revenue, gross_margin, their_spend
        row.full_clean(validate_constraints=False)
        if existing_period(customer, year, quarter, excluding=row.pk) is not None:
            raise ValidationError(
                {"quarter": [_("Figures for %(period)s exist already.") % {"period": row.label}]}
            )
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError as error:  # a colleague recorded the same period a moment ago
            raise ValidationError(
                {"quarter": [_("Figures for %(period)s exist already.") % {"period": row.label}]}
            ) from error
        event_record(
            customer=customer,
            kind="financials.updated" if period else "financials.recorded",
            by=by,
            period=row.label,
            revenue_amount=str(revenue),
        )
    return row


def financial_period_delete(*, period: FinancialPeriod, by: User) -> None:
    """Remove one period's figures; the timeline keeps the label of what was removed."""
    with transaction.atomic():
        customer, label = period.customer, period.label
        period.delete()
        event_record(customer=customer, kind="financials.deleted", by=by, period=label)
