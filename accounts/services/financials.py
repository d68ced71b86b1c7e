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
from accounts.versioning import versioned_update

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
    version: int = 0,
) -> FinancialPeriod:
    """Record one period's figures, or correct `period` (which must belong to `customer`) if nobody
    saved it since `version`.

    Raises EditConflict when a correction's version is stale or missing, ValidationError when a
    figure breaks a rule or another row already holds that year and quarter; nothing is written.
    """
    check_figures(
        year=year, quarter=quarter, revenue=revenue, gross_margin=gross_margin, their_spend=their_spend
    )
    if period is not None and period.customer_id != customer.pk:
        raise ValueError("The period belongs to another customer.")
    figures = {
        "year": year,
        "quarter": quarter,
        "revenue": revenue,
        "gross_margin": gross_margin,
        "their_spend": their_spend,
    }
    try:
        with transaction.atomic():
            if period is None:
                row = FinancialPeriod(customer=customer, **figures)
                _refuse_duplicate(row)
                row.save()
            else:
                row, changed = versioned_update(
                    period,
                    version,
                    figures,
                    prepare=lambda row, _: _refuse_duplicate(row),
                    validate_constraints=False,
                )
                if not changed:
                    return row
            event_record(
                customer=customer,
                kind="financials.updated" if period else "financials.recorded",
                by=by,
                period=row.label,
                revenue_amount=str(revenue),
            )
    except IntegrityError as error:  # a colleague recorded the same period a moment ago
        raise ValidationError(
            {"quarter": [_("Figures for %(period)s exist already.") % {"period": _label(year, quarter)}]}
        ) from error
    return row


def _refuse_duplicate(row: FinancialPeriod) -> None:
    row.full_clean(validate_constraints=False)
    if existing_period(row.customer, row.year, row.quarter, excluding=row.pk) is not None:
        raise ValidationError(
            {"quarter": [_("Figures for %(period)s exist already.") % {"period": row.label}]}
        )


def _label(year: int, quarter: int) -> str:
    return FinancialPeriod(year=year, quarter=quarter).label


def financial_period_delete(*, period: FinancialPeriod, by: User) -> None:
    """Remove one period's figures; the timeline keeps the label of what was removed."""
    with transaction.atomic():
        customer, label = period.customer, period.label
        period.delete()
        event_record(customer=customer, kind="financials.deleted", by=by, period=label)
