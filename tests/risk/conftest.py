"""Helpers for the risk tests: whole-year figures and a quick portfolio of many customers."""

from decimal import Decimal

import pytest

from accounts.models import Customer, FinancialPeriod


def revenue(customer: Customer, amount, year: int = 2025, spend=None, margin=None) -> FinancialPeriod:
    amount = Decimal(str(amount))
    return FinancialPeriod.objects.create(
        customer=customer,
        year=year,
        quarter=0,
        revenue=amount,
        gross_margin=Decimal(str(margin)) if margin is not None else amount / 4,
        their_spend=Decimal(str(spend)) if spend is not None else None,
    )


@pytest.fixture
def figures(customer):
    """The cast's customer with one whole year of figures."""
    return revenue(customer, 1_000_000, spend=4_000_000)
