"""Plans, offerings and white space for the cast's customer."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import CustomerUnit, FinancialPeriod
from planning.models import AccountPlan, Action, Goal, Offering, Opportunity

TODAY = datetime.date(2027, 2, 1)


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
def goal(plan) -> Goal:
    return Goal.objects.create(
        plan=plan,
        kind=Goal.Kind.STRATEGIC,
        title="Sole supplier of maintenance in the north",
        baseline_date=datetime.date(2027, 1, 1),
        due=datetime.date(2027, 12, 31),
        progress_entered=30,
    )


@pytest.fixture
def opportunity(plan, goal) -> Opportunity:
    return Opportunity.objects.create(
        plan=plan, name="Remote monitoring pilot", goal=goal, value=Decimal("500000"), probability=40
    )


@pytest.fixture
def action(plan, owner, goal) -> Action:
    return Action.objects.create(
        plan=plan, title="Book the QBR", owner=owner, due=datetime.date(2027, 3, 1), goal=goal
    )


@pytest.fixture
def catalogue(db) -> list[Offering]:
    """Two groups with two offerings each; the matrix rows are the four offerings."""
    field, digital = (
        Offering.objects.create(name="Field service"),
        Offering.objects.create(name="Digital", order=1),
    )
    return [
        Offering.objects.create(name="Preventive maintenance", parent=field),
        Offering.objects.create(name="Emergency call-out", parent=field, order=1),
        Offering.objects.create(name="Remote monitoring", parent=digital),
        Offering.objects.create(name="Service portal", parent=digital, order=1),
    ]


@pytest.fixture
def units(customer) -> list[CustomerUnit]:
    return [
        CustomerUnit.objects.create(customer=customer, kind="unit", name="Production"),
        CustomerUnit.objects.create(customer=customer, kind="country", name="SE", country="SE"),
        CustomerUnit.objects.create(customer=customer, kind="location", name="Bergen", country="NO"),
    ]


@pytest.fixture
def financials(customer) -> None:
    for year, revenue in ((2025, "10000000"), (2026, "11000000")):
        FinancialPeriod.objects.create(
            customer=customer,
            year=year,
            revenue=Decimal(revenue),
            gross_margin=Decimal(revenue) / 4,
            their_spend=Decimal(revenue) * 4,
        )
