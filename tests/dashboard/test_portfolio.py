"""The portfolio dashboard: scoping (a unique revenue on a foreign customer is found nowhere), drill-downs,
filters, export, and the same number of queries at 30 and 300 key accounts."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Customer, FinancialPeriod, User
from accounts.services.health import health_snapshots_take
from tests.factories import TeamFactory, UserFactory

UNIQUE = "7654321"


@pytest.fixture
def figures(customer, foreign_customer):
    FinancialPeriod.objects.create(customer=customer, year=2025, revenue=1_000_000, gross_margin=200_000)
    FinancialPeriod.objects.create(
        customer=foreign_customer, year=2025, revenue="7654321.09", gross_margin=1000, their_spend=9_000_000
    )
    health_snapshots_take()
    return customer, foreign_customer


def _drilldowns(client, url):
    page = client.get(url)
    board = page.context["board"]
    links = [(card.key, g.key) for card in board.cards if card.value for g in card.value.groups]
    links += [("health", band) for band in board.distribution] + [("revenue", "none"), ("wallet", "unknown")]
    return page, links


def test_no_figure_drilldown_or_export_includes_a_foreign_customer(client, cast, figures):
    client.force_login(cast.leader)
    url = reverse("accounts:portfolio")
    page, links = _drilldowns(client, url)
    bodies = [page.content.decode(), client.get(reverse("accounts:portfolio-print")).content.decode()]
    for figure, group in links:
        response = client.get(f"{url}?figure={figure}&group={group}")
        assert response.status_code == 200, (figure, group)
        bodies.append(response.content.decode())
    for body in bodies:
        assert UNIQUE not in body and "7,654,321" not in body and "7\u00a0654\u00a0321" not in body
        assert cast.foreign_customer.name not in body
    book = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("accounts:portfolio-export")).streaming_content))
    )
    cells = [str(c) for row in book.active.iter_rows(values_only=True) for c in row]
    assert cast.customer.name in cells
    assert cast.foreign_customer.name not in cells and not any(UNIQUE in c for c in cells)


def test_a_foreign_team_id_in_the_filter_shows_nothing_of_that_team(client, cast, figures):
    client.force_login(cast.leader)
    body = client.get(
        reverse("accounts:portfolio") + f"?team={cast.foreign_customer.team_id}"
    ).content.decode()
    assert "Some filters were not understood" in body
    assert cast.foreign_customer.name not in body and UNIQUE not in body


def test_the_admin_sees_both_and_filters_by_team_kam_and_tier(client, cast, figures):
    client.force_login(cast.admin)
    url = reverse("accounts:portfolio")
    assert cast.foreign_customer.name in client.get(url).content.decode()
    by_team = client.get(f"{url}?team={cast.customer.team_id}").content.decode()
    assert cast.customer.name in by_team and cast.foreign_customer.name not in by_team
    by_kam = client.get(f"{url}?owner={cast.foreign_customer.owner_id}").content.decode()
    assert cast.foreign_customer.name in by_kam and cast.customer.name not in by_kam
    Customer.objects.filter(pk=cast.customer.pk).update(tier=1)
    by_tier = client.get(f"{url}?tier=1").content.decode()
    assert cast.customer.name in by_tier and cast.foreign_customer.name not in by_tier


def test_a_drilldown_lists_the_customers_behind_the_figure(client, cast, figures):
    client.force_login(cast.leader)
    body = client.get(reverse("accounts:portfolio") + "?figure=plans&group=none").content.decode()
    assert cast.customer.name in body  # the cast's key account has no plan
    assert client.get(reverse("accounts:portfolio") + "?figure=nope&group=x").status_code == 404


def test_every_expected_figure_is_provided_now_that_meetings_are_here(client, cast, figures):
    client.force_login(cast.leader)
    body = client.get(reverse("accounts:portfolio")).content.decode()
    assert "QBR cadence kept" in body and "Customer satisfaction" in body and "Not available yet" not in body


def _portfolio(count: int) -> User:
    team = TeamFactory(name=f"Team of {count}")
    leader = UserFactory()
    team.leaders.add(leader)
    kams = [UserFactory() for _ in range(24)]
    customers = Customer.objects.bulk_create(
        Customer(name=f"Key {count}-{i}", owner=kams[i % 24], team=team, status="key", tier=1 + i % 3)
        for i in range(count)
    )
    FinancialPeriod.objects.bulk_create(
        FinancialPeriod(customer=c, year=year, revenue=1000 + i, gross_margin=100)
        for i, c in enumerate(customers)
        for year in (2023, 2024, 2025)
    )
    health_snapshots_take(day=datetime.date(2026, 11, 5))
    health_snapshots_take(day=datetime.date(2026, 12, 3))
    return leader


def _count(client, user) -> tuple[int, str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("accounts:portfolio"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_dashboard_costs_the_same_queries_at_30_and_300_key_accounts(client, db):
    small, small_body = _count(client, _portfolio(30))
    large, large_body = _count(client, _portfolio(300))
    assert small == large <= 15
    assert "300 key accounts" in large_body and "30 key accounts" in small_body
    assert len(large_body.encode()) < 60 * 1024
