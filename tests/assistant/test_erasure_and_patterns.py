"""Erasing a stakeholder erases the assistant's records that name them; patterns carry their figures."""

import datetime
from decimal import Decimal

from django.urls import reverse

from accounts.models import FinancialPeriod, Stakeholder
from accounts.services.stakeholders import stakeholder_erase
from assistant import patterns
from assistant.models import AssistantRun
from assistant.selectors import account_patterns
from planning.models import Action, Offering, WhiteSpaceCell
from tests.factories import CustomerFactory


def test_erasing_a_stakeholder_deletes_the_requests_that_name_them(client, owner, account):
    client.force_login(owner)
    client.post(
        reverse("assistant:summarise", args=[account.pk]),
        {"notes": "Kari Nordmann will send the budget by Friday."},
    )
    client.post(
        reverse("assistant:summarise", args=[account.pk]), {"notes": "We agreed to extend the pilot."}
    )
    kari_run = AssistantRun.objects.get(source_text__contains="Kari")
    client.post(reverse("assistant:follow-up", args=[kari_run.pk]))
    assert AssistantRun.objects.count() == 3
    stakeholder_erase(stakeholder=Stakeholder.objects.get(name="Kari Nordmann"), by=owner)
    left = list(AssistantRun.objects.values_list("source_text", flat=True))
    assert left == ["We agreed to extend the pilot."]


def test_years_from_quarters_need_all_four():
    rows = [(2025, q, Decimal(100), Decimal(30), None) for q in (1, 2, 3, 4)] + [
        (2026, 1, Decimal(90), Decimal(20), None)
    ]
    assert patterns.years_from(rows) == [patterns.Year(2025, Decimal(400), Decimal(120), None)]


def test_revenue_and_margin_patterns_carry_their_figures():
    years = [
        patterns.Year(2025, Decimal(1000), Decimal(300)),
        patterns.Year(2026, Decimal(900), Decimal(240)),
    ]
    found = {p.kind: p for p in patterns.financial_patterns(years)}
    assert found["revenue_falling"].values["change"] == Decimal("-0.1")
    assert found["margin_falling"].values["ratio"] == Decimal("240") / Decimal("900")
    steady = [
        patterns.Year(2025, Decimal(1000), Decimal(300)),
        patterns.Year(2026, Decimal(980), Decimal(296)),
    ]
    assert patterns.financial_patterns(steady) == []


def test_overdue_actions_piling_up(customer, owner, plan):
    today = datetime.date(2027, 3, 3)
    for days in (40, 10, 2):
        Action.objects.create(
            plan=plan, title=f"Late {days}", owner=owner, due=today - datetime.timedelta(days=days)
        )
    Action.objects.create(plan=plan, title="Fine", owner=owner, due=today + datetime.timedelta(days=9))
    [found] = [p for p in account_patterns(customer, owner, today) if p.kind == "overdue_piling"]
    assert found.values == {"count": 3, "open": 4, "oldest_days": 40}


def test_white_space_that_similar_customers_buy(customer, owner, team_a):
    customer.industry = "Energy"
    customer.save()
    offering = Offering.objects.create(name="Remote monitoring")
    for n in range(3):
        peer = CustomerFactory(name=f"Peer {n}", owner=owner, team=team_a, industry="energy")
        unit = peer.units.create(name="HQ")
        status = "us" if n < 2 else "open"
        WhiteSpaceCell.objects.create(
            customer=peer, offering=offering, unit=unit, status=status, current_revenue=Decimal(1000)
        )
    unit = customer.units.create(name="North")
    WhiteSpaceCell.objects.create(customer=customer, offering=offering, unit=unit, status="open")
    [found] = [
        p
        for p in account_patterns(customer, owner, datetime.date(2027, 3, 3))
        if p.kind == "peer_white_space"
    ]
    assert found.values == {
        "offering": "Remote monitoring",
        "buying": 2,
        "similar": 3,
        "their_revenue": Decimal(2000),
    }


def test_similar_customers_the_viewer_cannot_see_do_not_count(customer, contributor, team_b):
    customer.industry = "Energy"
    customer.save()
    offering = Offering.objects.create(name="Remote monitoring")
    for n in range(3):
        peer = CustomerFactory(name=f"Hidden {n}", team=team_b, industry="Energy")
        WhiteSpaceCell.objects.create(
            customer=peer, offering=offering, unit=peer.units.create(name="HQ"), status="us"
        )
    assert not [
        p
        for p in account_patterns(customer, contributor, datetime.date(2027, 3, 3))
        if p.kind == "peer_white_space"
    ]


def test_the_tab_stays_within_the_query_budget(client, owner, account, django_assert_max_num_queries):
    client.force_login(owner)
    url = reverse("assistant:customer-assistant", args=[account.pk])
    with django_assert_max_num_queries(15):
        small = client.get(url)
    for year in range(2010, 2025):
        FinancialPeriod.objects.create(
            customer=account, year=year, revenue=Decimal(1), gross_margin=Decimal(1)
        )
    for n in range(30):
        Stakeholder.objects.create(customer=account, name=f"Person {n}", decision_role="champion")
    with django_assert_max_num_queries(15):
        large = client.get(url)
    assert small.status_code == large.status_code == 200
