"""An account with a plan, people, figures and risks, for the assistant to read."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import FinancialPeriod, Stakeholder
from planning.models import AccountPlan, Action, Goal

MARKER = "PRIVATE-MARKER-7f3a9"


@pytest.fixture
def plan(customer, owner) -> AccountPlan:
    return AccountPlan.objects.create(
        customer=customer,
        period=2027,
        status=AccountPlan.Status.ACTIVE,
        summary="Grow in the north.",
        next_review_due=datetime.date(2027, 4, 1),
        created_by=owner,
    )


@pytest.fixture
def account(customer, owner, contributor, plan):
    """Revenue down 20 %, margin down, a silent champion with a DISC style and personal notes."""
    customer.industry = "Energy"
    customer.save()
    FinancialPeriod.objects.create(
        customer=customer,
        year=2025,
        revenue=Decimal("10000000"),
        gross_margin=Decimal("3000000"),
        their_spend=Decimal("40000000"),
    )
    FinancialPeriod.objects.create(
        customer=customer,
        year=2026,
        revenue=Decimal("8000000"),
        gross_margin=Decimal("2000000"),
        their_spend=Decimal("40000000"),
    )
    Goal.objects.create(
        plan=plan, kind=Goal.Kind.STRATEGIC, title="Sole supplier in the north", progress_entered=40
    )
    Action.objects.create(plan=plan, title="Book the QBR", owner=owner, due=datetime.date(2027, 6, 1))
    Stakeholder.objects.create(
        customer=customer,
        name="Kari Nordmann",
        title="CFO",
        decision_role="champion",
        disc="blue",
        notes=f"Prefers mornings. {MARKER}",
        last_contacted_on=datetime.date(2026, 1, 10),
    )
    Stakeholder.objects.create(customer=customer, name="Per Olsen", title="Head of procurement")
    return customer
