"""The KAM's home and a key account's Health tab cost the same number of queries at two data sizes,
within the budget of 15, with every app's data present: the health providers and the 30-day
checklist read their sources together, not once per component or item."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Event, FinancialPeriod, HealthSnapshot, Relationship, Stakeholder
from meetings.models import Deviation
from planning.models import AccountPlan, Action, Goal, GuestActivity
from risk.models import RiskItem, RiskReview
from tests.factories import CustomerFactory
from tests.meetings.conftest import make_meeting

pytestmark = pytest.mark.django_db
MAX_QUERIES = 15  # DESIGN.md's budget for every page
LEVELS = ["executive", "management", "specialist", "operational"]
FUNCTIONS = ["top", "users", "finance", "operations"]


def _noon(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def fill(customer, owner, size: int) -> None:
    """`size` of everything each health provider and checklist item reads, for one key account."""
    today = timezone.localdate()
    customer.created_at = timezone.now() - datetime.timedelta(days=800)
    customer.save()
    FinancialPeriod.objects.bulk_create(
        FinancialPeriod(
            customer=customer, year=today.year - n, revenue=100 + n, gross_margin=20, their_spend=400
        )
        for n in range(1, size + 2)
    )
    people = Stakeholder.objects.bulk_create(
        Stakeholder(
            customer=customer,
            name=f"Person {n}",
            level=LEVELS[n % 4],
            function=FUNCTIONS[(n // 4) % 4],
            disc="red",
            decision_role="decider",
        )
        for n in range(size)
    )
    Relationship.objects.bulk_create(
        Relationship(stakeholder=p, user=owner, strength=3, target=3, is_owner=True) for p in people
    )
    plan = AccountPlan.objects.create(
        customer=customer,
        period=today.year,
        status=AccountPlan.Status.ACTIVE,
        next_review_due=today + datetime.timedelta(days=30),
        created_by=owner,
    )
    Goal.objects.bulk_create(
        Goal(
            plan=plan,
            kind="financial" if n % 2 else "strategic",
            metric="revenue" if n % 2 else "",
            title=f"Goal {n}",
            baseline=50,
            target=200,
            progress_entered=None if n % 2 else 40,
        )
        for n in range(size)
    )
    Action.objects.bulk_create(
        Action(
            plan=plan,
            title=f"Action {n}",
            owner=owner,
            due=today + datetime.timedelta(days=n - size),
            status="done" if n % 3 == 0 else "open",
            completed_at=_noon(today + datetime.timedelta(days=n - size)) if n % 3 == 0 else None,
        )
        for n in range(2 * size)
    )
    GuestActivity.objects.bulk_create(
        GuestActivity(plan=plan, stakeholder=people[n], kind=GuestActivity.Kind.PULSE, score=1 + n % 5)
        for n in range(size)
    )
    RiskItem.objects.bulk_create(
        RiskItem(customer=customer, title=f"Risk {n}", owner=owner, likelihood=1 + n % 5, impact=3)
        for n in range(size)
    )
    RiskReview.objects.create(
        customer=customer,
        reviewed_at=today,
        reviewed_by=owner,
        summary="Reviewed",
        next_review_due=today + datetime.timedelta(days=90),
    )
    for n in range(size):
        make_meeting(customer, owner, days=-30 * (n + 1), status="held", customer_rating=1 + n % 5)
        make_meeting(customer, owner, days=7 * (n + 1), kind="operational", title=f"Weekly {n}")
    Deviation.objects.bulk_create(
        Deviation(customer=customer, title=f"Deviation {n}", sla_breached=bool(n % 2)) for n in range(size)
    )
    HealthSnapshot.objects.bulk_create(
        HealthSnapshot(customer=customer, day=today - datetime.timedelta(days=n), score=50 + n % 40)
        for n in range(size)
    )
    Event.objects.bulk_create(
        Event(customer=customer, actor=owner, kind="customer.updated") for n in range(size)
    )


def count(client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), [q["sql"][:120] for q in captured.captured_queries]


def test_the_health_tab_costs_the_same_at_two_sizes(client, owner, customer, team_a):
    client.force_login(owner)
    fill(customer, owner, 2)
    small_url = reverse("accounts:customer-health", args=[customer.pk])
    client.get(small_url)
    small, _sql = count(client, small_url)
    large_customer = CustomerFactory(name="Havbruk AS", owner=owner, team=team_a)
    fill(large_customer, owner, 30)
    large_url = reverse("accounts:customer-health", args=[large_customer.pk])
    large, sql = count(client, large_url)
    assert small == large <= MAX_QUERIES, sql
    body = client.get(large_url).content.decode()
    for reading in (
        "Its 30 goals are",
        "10 of 30 actions due so far were done on time; 20 still open.",
        "Strong relationships in 4 of 4 functions and at 4 of 4 levels.",
        "The customer rated 12 QBRs 2.8 of 5 on average",
        "30 open deviations, 15 with the SLA breached.",
        "30 open risks; the highest scores 15 of 25.",
    ):
        assert reading in body


def test_the_kams_home_costs_the_same_at_two_sizes(client, owner, customer, team_a):
    client.force_login(owner)
    url = reverse("accounts:home")
    fill(customer, owner, 2)
    client.get(url)
    small, _sql = count(client, url)
    for n in range(6):
        more = CustomerFactory(name=f"Havbruk {n} AS", owner=owner, team=team_a)
        fill(more, owner, 15)
    large, sql = count(client, url)
    assert small == large <= MAX_QUERIES, sql
    assert "7 key accounts" in client.get(url).content.decode()
