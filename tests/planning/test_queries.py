"""The plan page, the matrix and My actions read a fixed number of queries, whatever their size."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AccountMember, Customer, CustomerUnit, FinancialPeriod, User
from planning import services
from planning.models import Action, Goal, Offering, Opportunity, Responsibility, WhiteSpaceCell
from risk.models import RiskItem

pytestmark = pytest.mark.django_db
MAX_QUERIES = 15  # DESIGN.md's budget for every page


def populate(
    plan, owner, *, goals: int, actions: int, opportunities: int, offerings: int, units: int
) -> None:
    customer = plan.customer
    FinancialPeriod.objects.create(
        customer=customer, year=2026, revenue=100, gross_margin=30, their_spend=400
    )
    Goal.objects.bulk_create(
        Goal(
            plan=plan,
            kind="financial" if i % 2 else "strategic",
            metric="revenue" if i % 2 else "",
            title=f"Goal {i}",
            baseline=50,
            target=200,
            progress_entered=None if i % 2 else 40,
        )
        for i in range(goals)
    )
    first_goal = plan.goals.first()
    Opportunity.objects.bulk_create(
        Opportunity(plan=plan, name=f"Opportunity {i}", goal=first_goal, value=1000, probability=30)
        for i in range(opportunities)
    )
    people = [owner, *User.objects.filter(memberships__customer=customer)]
    Action.objects.bulk_create(
        Action(
            plan=plan,
            title=f"Action {i}",
            owner=people[i % len(people)],
            goal=first_goal,
            due=datetime.date(2027, 1, 1) + datetime.timedelta(days=i),
            status="done" if i % 7 == 0 else "open",
        )
        for i in range(actions)
    )
    Responsibility.objects.bulk_create(
        Responsibility(plan=plan, person=p, area=f"Area {i}") for i, p in enumerate(people)
    )
    RiskItem.objects.create(customer=customer, title="Champion may leave", owner=owner)
    group = Offering.objects.create(name=f"Group of {offerings}")
    rows = Offering.objects.bulk_create(
        Offering(name=f"Offering {i}", parent=group, order=i) for i in range(offerings)
    )
    kinds = ["unit", "country", "location"]
    columns = CustomerUnit.objects.bulk_create(
        CustomerUnit(customer=customer, kind=kinds[i % 3], name=f"Unit {i}") for i in range(units)
    )
    WhiteSpaceCell.objects.bulk_create(
        WhiteSpaceCell(
            customer=customer,
            offering=o,
            unit=u,
            status="open" if (i + j) % 3 else "us",
            current_revenue=Decimal(10 * j),
            potential=Decimal(100 * i + j),
        )
        for i, o in enumerate(rows)
        for j, u in enumerate(columns)
    )
    services.review_record(plan=plan, by=owner, business="Fine", living_up="Yes")


def count(client, url, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


SMALL = {"goals": 3, "actions": 5, "opportunities": 2, "offerings": 2, "units": 3}
LARGE = {"goals": 50, "actions": 200, "opportunities": 30, "offerings": 20, "units": 30}


@pytest.fixture
def sizes(plan, owner, team_a):
    """The cast's plan at the small size, and a second key account of the same owner at the large one."""
    from planning.models import AccountPlan

    populate(plan, owner, **SMALL)
    big_customer = Customer.objects.create(name="Storkunde AS", owner=owner, team=team_a, status="key")
    AccountMember.objects.create(
        customer=big_customer, user=User.objects.get(email="marte@example.org"), role="contributor"
    )
    big = AccountPlan.objects.create(
        customer=big_customer, period=2027, status="active", next_review_due=datetime.date(2027, 4, 1)
    )
    populate(big, owner, **LARGE)
    return plan, big


def test_the_plan_page_reads_the_same_number_of_queries_at_both_sizes(client, owner, sizes):
    small, large = sizes
    client.force_login(owner)
    counts = [count(client, reverse("planning:customer-plan", args=[p.customer_id])) for p in (small, large)]
    assert counts[0] == counts[1] <= MAX_QUERIES, counts
    assert count(client, large.get_absolute_url()) <= MAX_QUERIES


def test_the_matrix_reads_the_same_number_of_queries_at_both_sizes(client, owner, sizes):
    small, large = sizes
    client.force_login(owner)
    counts = [
        count(client, reverse("planning:customer-whitespace", args=[p.customer_id])) for p in (small, large)
    ]
    assert counts[0] == counts[1] <= MAX_QUERIES, counts
    fragment = [
        count(client, reverse("planning:customer-whitespace", args=[p.customer_id]), HTTP_HX_REQUEST="true")
        for p in (small, large)
    ]
    assert fragment[0] == fragment[1]


def test_my_actions_and_what_changed_read_a_fixed_number_of_queries(client, owner, plan):
    client.force_login(owner)
    populate(plan, owner, **SMALL)
    before = [
        count(client, reverse("planning:my-actions")),
        count(client, reverse("planning:plan-changes", args=[plan.pk])),
    ]
    Action.objects.bulk_create(
        Action(plan=plan, title=f"More {i}", owner=owner, due=datetime.date(2027, 6, 1)) for i in range(60)
    )
    after = [
        count(client, reverse("planning:my-actions")),
        count(client, reverse("planning:plan-changes", args=[plan.pk])),
    ]
    assert before == after and max(after) <= MAX_QUERIES, (before, after)


def test_the_home_page_badges_cost_one_query_whatever_the_number_of_plans(client, owner, sizes):
    client.force_login(owner)
    page = client.get(reverse("accounts:home")).content.decode()
    assert page.count('class="badge freshness-') == 2
