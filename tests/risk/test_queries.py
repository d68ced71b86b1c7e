"""The portfolio risk page, the simulator and the Risk tab ask the database the same number of
times for 20 customers as for 400: SQL aggregates and pure functions, no query per customer."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import AccountMember, Customer, FinancialPeriod, Relationship, Stakeholder
from risk.models import CompetitorPresence, Contract, RiskItem, RiskReview

pytestmark = pytest.mark.django_db


def grow(cast, count: int) -> list[Customer]:
    """`count` customers of team A owned by the cast's owner, each with figures, a contract, a
    competitor, a risk, a review, a team member and a mapped stakeholder."""
    start = Customer.objects.count()
    customers = Customer.objects.bulk_create(
        [
            Customer(
                name=f"Kunde {start + i:04d} AS", owner=cast.owner, team=cast.customer.team, status="key"
            )
            for i in range(count)
        ]
    )
    FinancialPeriod.objects.bulk_create(
        FinancialPeriod(
            customer=c,
            year=2025,
            quarter=0,
            revenue=Decimal(1000 + i),
            gross_margin=Decimal(250),
            their_spend=Decimal(5000),
        )
        for i, c in enumerate(customers)
    )
    day = datetime.date(2025, 1, 1)
    Contract.objects.bulk_create(
        Contract(customer=c, title="Framework", start=day, expiry=day + datetime.timedelta(days=900))
        for c in customers
    )
    CompetitorPresence.objects.bulk_create(
        CompetitorPresence(customer=c, name="Fjordtech") for c in customers
    )
    RiskItem.objects.bulk_create(
        RiskItem(customer=c, title="Tender", likelihood=4, impact=4) for c in customers
    )
    RiskReview.objects.bulk_create(
        RiskReview(
            customer=c, reviewed_at=day, summary="ok", next_review_due=day + datetime.timedelta(days=90)
        )
        for c in customers
    )
    AccountMember.objects.bulk_create(AccountMember(customer=c, user=cast.contributor) for c in customers)
    people = Stakeholder.objects.bulk_create(Stakeholder(customer=c, name="Kari Nordmann") for c in customers)
    Relationship.objects.bulk_create(Relationship(stakeholder=p, user=cast.owner, strength=3) for p in people)
    return customers


def count(client, url: str, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(captured.captured_queries)


def counts_at_two_sizes(client, cast, url_for, user, **headers) -> tuple[int, int]:
    grow(cast, 20)
    client.force_login(user)
    small = count(client, url_for(), **headers)
    grow(cast, 380)
    large = count(client, url_for(), **headers)
    return small, large


def test_portfolio_page_for_a_leader_needs_the_same_queries_for_20_and_400_customers(client, cast):
    small, large = counts_at_two_sizes(client, cast, lambda: reverse("risk:portfolio"), cast.leader)
    assert small == large <= 15


def test_portfolio_page_for_an_administrator_needs_the_same_queries(client, cast):
    small, large = counts_at_two_sizes(
        client, cast, lambda: reverse("risk:portfolio") + "?rows=all", cast.admin
    )
    assert small == large <= 15


def test_simulator_update_needs_the_same_queries_for_20_and_400_customers(client, cast):
    def url():
        ids = "&".join(
            f"customers={pk}" for pk in Customer.objects.order_by("-pk").values_list("pk", flat=True)[:10]
        )
        return reverse("risk:whatif") + f"?kind=halve&{ids}"

    small, large = counts_at_two_sizes(client, cast, url, cast.owner, HTTP_HX_REQUEST="true")
    assert small == large <= 15


def test_risk_tab_needs_the_same_queries_however_big_the_portfolio(client, cast):
    url = lambda: reverse("risk:customer-risk", args=[cast.customer.pk])  # noqa: E731
    small, large = counts_at_two_sizes(client, cast, url, cast.owner)
    assert small == large <= 15
