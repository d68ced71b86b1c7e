"""The Risk tab and its forms, the portfolio page and the simulator, through the client like a user."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import timeline
from accounts.models import Event
from risk.models import CompetitorPresence, Contract, RiskItem, RiskReview, WhatIfScenario
from tests.factories import CustomerFactory
from tests.risk.conftest import revenue

pytestmark = pytest.mark.django_db


def tab(customer) -> str:
    return reverse("risk:customer-risk", args=[customer.pk])


def test_risk_tab_explains_the_assessment(client, cast, figures):
    RiskItem.objects.create(customer=cast.customer, title="Champion leaves", likelihood=5, impact=4)
    client.force_login(cast.viewer)
    response = client.get(tab(cast.customer))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Risk assessment" in body and "Champion leaves" in body
    assert "They carry 100.0" in body  # the only customer in the viewer's view
    assert "25.0" in body  # our share of their wallet
    assert 'href="/customers/' in body and "Add a risk" not in body  # a viewer may not edit
    assert "<svg" in body and "Open risks by likelihood and impact" in body


def test_owner_adds_a_contract_and_sees_the_notice_date(client, cast):
    client.force_login(cast.owner)
    expiry = timezone.localdate() + datetime.timedelta(days=120)
    data = {
        "title": "Framework",
        "start": "2024-01-01",
        "expiry": expiry.isoformat(),
        "notice_amount": "3",
        "notice_unit": "months",
        "renewal_terms": "Renews yearly",
        "value": "1200000",
    }
    response = client.post(reverse("risk:contract-add", args=[cast.customer.pk]), data)
    assert response.status_code == 302
    contract = Contract.objects.get(customer=cast.customer)
    assert Event.objects.filter(customer=cast.customer, kind="contract.added").exists()
    body = client.get(tab(cast.customer)).content.decode()
    assert contract.notice_by.strftime("%d.%m.%Y") in body or str(contract.notice_by.year) in body
    assert "must be given by" in body


def test_a_contract_that_expires_before_it_starts_is_refused(client, cast):
    client.force_login(cast.contributor)
    data = {
        "title": "Odd",
        "start": "2026-05-01",
        "expiry": "2026-01-01",
        "notice_amount": "1",
        "notice_unit": "months",
    }
    response = client.post(reverse("risk:contract-add", args=[cast.customer.pk]), data)
    assert response.status_code == 400
    assert "must expire after it starts" in response.content.decode()
    assert not Contract.objects.exists()


def test_a_notice_longer_than_the_contract_is_saved_and_explained(client, cast):
    client.force_login(cast.owner)
    data = {
        "title": "Pilot",
        "start": "2026-01-01",
        "expiry": "2026-06-01",
        "notice_amount": "9",
        "notice_unit": "months",
    }
    assert client.post(reverse("risk:contract-add", args=[cast.customer.pk]), data).status_code == 302
    body = client.get(tab(cast.customer)).content.decode()
    assert "longer than the contract" in body


def test_competitor_share_outside_range_is_refused(client, cast):
    client.force_login(cast.owner)
    url = reverse("risk:competitor-add", args=[cast.customer.pk])
    response = client.post(url, {"name": "Fjordtech", "strength": "3", "share_estimate": "140"})
    assert response.status_code == 400 and not CompetitorPresence.objects.exists()
    assert client.post(url, {"name": "Fjordtech", "strength": "3", "share_estimate": "40"}).status_code == 302
    assert "Strong competitors present: Fjordtech" in client.get(tab(cast.customer)).content.decode()


def test_competitor_unit_must_belong_to_the_customer(client, cast, foreign_customer):
    foreign_unit = foreign_customer.units.create(kind="unit", name="Secret unit")
    client.force_login(cast.owner)
    url = reverse("risk:competitor-add", args=[cast.customer.pk])
    response = client.post(url, {"name": "Fjordtech", "strength": "2", "unit": foreign_unit.pk})
    assert response.status_code == 400 and not CompetitorPresence.objects.exists()


def test_risk_with_likelihood_out_of_range_is_refused(client, cast):
    client.force_login(cast.owner)
    url = reverse("risk:risk-add", args=[cast.customer.pk])
    data = {"title": "Too likely", "category": "people", "likelihood": "6", "impact": "3", "status": "open"}
    assert client.post(url, data).status_code == 400
    assert not RiskItem.objects.exists()
    data["likelihood"] = "4"
    data["owner"] = cast.contributor.pk
    assert client.post(url, data).status_code == 302
    risk = RiskItem.objects.get()
    assert (risk.score, risk.owner, risk.created_by) == (12, cast.contributor, cast.owner)
    event = Event.objects.get(kind="risk.created")
    assert "Too likely" in timeline.describe(event.kind, event.data)


def test_editing_a_risk_someone_else_saved_is_a_conflict_not_an_overwrite(client, cast):
    risk = RiskItem.objects.create(customer=cast.customer, title="Budget freeze", likelihood=2, impact=2)
    url = reverse("risk:risk-edit", args=[risk.pk])
    base = {"title": "Budget freeze", "category": "other", "likelihood": "2", "impact": "2", "status": "open"}
    client.force_login(cast.contributor)
    assert client.post(url, {**base, "mitigation": "Mine first", "version": "1"}).status_code == 302
    client.force_login(cast.owner)
    response = client.post(url, {**base, "mitigation": "Stale edit", "version": "1"})
    assert response.status_code == 409
    body = response.content.decode()
    assert (
        "Someone else saved this while you were editing" in body
        and "Mine first" in body
        and "Stale edit" in body
    )
    risk.refresh_from_db()
    assert (risk.mitigation, risk.version) == ("Mine first", 2)
    assert client.post(url, {**base, "mitigation": "Agreed", "version": "2"}).status_code == 302
    risk.refresh_from_db()
    assert (risk.mitigation, risk.version) == ("Agreed", 3)


def test_closing_a_risk_records_it_on_the_timeline(client, cast):
    risk = RiskItem.objects.create(customer=cast.customer, title="Tender", likelihood=3, impact=3)
    client.force_login(cast.owner)
    data = {
        "title": "Tender",
        "category": "contract",
        "likelihood": "3",
        "impact": "3",
        "status": "closed",
        "version": "1",
    }
    client.post(reverse("risk:risk-edit", args=[risk.pk]), data)
    assert Event.objects.filter(kind="risk.closed").exists()


def test_recording_a_review_sets_the_next_due_date(client, cast, settings):
    settings.RISK_REVIEW_INTERVAL_DAYS = 30
    client.force_login(cast.owner)
    today = timezone.localdate()
    url = reverse("risk:review-add", args=[cast.customer.pk])
    response = client.post(url, {"summary": "Went through the register", "reviewed_at": today.isoformat()})
    assert response.status_code == 302
    assert RiskReview.objects.get().next_review_due == today + datetime.timedelta(days=30)


def test_a_review_in_the_future_is_refused(client, cast):
    client.force_login(cast.owner)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    url = reverse("risk:review-add", args=[cast.customer.pk])
    response = client.post(url, {"summary": "Later", "reviewed_at": tomorrow.isoformat()})
    assert response.status_code == 400 and "future" in response.content.decode()
    assert not RiskReview.objects.exists()


def test_overdue_reviews_show_on_the_account_and_to_the_leader(client, cast, figures):
    RiskReview.objects.create(
        customer=cast.customer,
        reviewed_at=datetime.date(2025, 1, 10),
        summary="Old review",
        next_review_due=datetime.date(2025, 4, 10),
    )
    client.force_login(cast.owner)
    assert "Overdue since" in client.get(tab(cast.customer)).content.decode()
    client.force_login(cast.leader)
    body = client.get(reverse("risk:portfolio")).content.decode()
    assert "Overdue risk reviews" in body and cast.customer.name in body and "days overdue" in body


def test_leader_sees_importance_times_risk_and_the_kam_does_not(client, cast, figures):
    client.force_login(cast.leader)
    assert "Importance × risk" in client.get(reverse("risk:portfolio")).content.decode()
    client.force_login(cast.owner)
    assert "Importance × risk" not in client.get(reverse("risk:portfolio")).content.decode()


def test_portfolio_says_which_year_and_lets_the_user_pick_another(client, cast, figures):
    revenue(cast.customer, 800_000, year=2024)
    other = CustomerFactory(owner=cast.owner, team=cast.customer.team, name="Fosen Kraft AS")
    revenue(other, 3_000_000, year=2024)
    client.force_login(cast.owner)
    body = client.get(reverse("risk:portfolio")).content.decode()
    assert "whole-year revenue in 2025" in body
    assert "1 customer in view has no whole-year figures for 2025" in body
    response = client.get(reverse("risk:portfolio") + "?year=2024")
    assert response.context["data"].year == 2024
    assert response.context["conc"].count == 2
    assert client.get(reverse("risk:portfolio") + "?year=abcd").status_code == 200


def test_a_zero_revenue_portfolio_is_explained(client, cast):
    revenue(cast.customer, 0)
    client.force_login(cast.owner)
    response = client.get(reverse("risk:portfolio"))
    assert response.status_code == 200
    assert "shares and the concentration index are undefined" in response.content.decode()
    assert client.get(reverse("risk:whatif") + f"?customers={cast.customer.pk}").status_code == 200


def test_inconsistent_figures_are_explained(client, cast):
    revenue(cast.customer, 5_000_000, spend=1_000_000)
    client.force_login(cast.owner)
    assert "above their recorded total spend" in client.get(reverse("risk:portfolio")).content.decode()
    assert "above their recorded total spend" in client.get(tab(cast.customer)).content.decode()


def test_simulator_refuses_a_change_outside_range_with_a_message(client, cast, figures):
    client.force_login(cast.owner)
    url = reverse("risk:whatif") + f"?kind=custom&percent=400&customers={cast.customer.pk}"
    response = client.get(url)
    assert response.status_code == 200
    assert "Enter a change from −100 % to +300 %." in response.content.decode()
    assert response.context["simulation"].affected == ()
    response = client.get(reverse("risk:whatif") + f"?kind=custom&percent=ten&customers={cast.customer.pk}")
    assert response.status_code == 200 and response.context["simulation"].affected == ()


def test_simulator_updates_as_a_fragment_for_htmx(client, cast, figures):
    client.force_login(cast.owner)
    url = reverse("risk:whatif") + f"?kind=halve&customers={cast.customer.pk}"
    response = client.get(url, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and 'id="whatif"' in body
    assert "HX-Request" in response["Vary"]
    assert response.context["simulation"].after.total == 500_000
    assert "<html" in client.get(url).content.decode()


def test_saving_and_applying_a_scenario_creates_one_risk_per_customer(client, cast, figures):
    client.force_login(cast.owner)
    data = {"name": "Largest lost", "kind": "lose", "year": "2025", "customers": [cast.customer.pk]}
    assert client.post(reverse("risk:scenario-save"), data).status_code == 302
    scenario = WhatIfScenario.objects.get()
    assert scenario.changes == [{"customer": cast.customer.pk, "kind": "lose", "percent": -100}]
    page = client.get(reverse("risk:whatif") + f"?scenario={scenario.pk}")
    assert page.context["simulation"].after.total == 0
    url = reverse("risk:scenario-risks", args=[scenario.pk])
    client.post(url)
    client.post(url)
    risk = RiskItem.objects.get()
    assert (risk.category, risk.impact, risk.scenario, risk.customer) == (
        "dependency",
        5,
        scenario,
        cast.customer,
    )
    assert "Largest lost" in risk.source


def test_saving_a_scenario_without_customers_is_refused(client, cast, figures):
    client.force_login(cast.owner)
    response = client.post(reverse("risk:scenario-save"), {"name": "Nothing", "kind": "lose"}, follow=True)
    assert "Pick at least one customer" in response.content.decode()
    assert not WhatIfScenario.objects.exists()


def test_a_viewer_applying_a_scenario_creates_no_risks(client, cast, figures):
    scenario = WhatIfScenario.objects.create(
        name="Halve",
        created_by=cast.viewer,
        changes=[{"customer": cast.customer.pk, "kind": "halve", "percent": -50}],
    )
    client.force_login(cast.viewer)
    response = client.post(reverse("risk:scenario-risks", args=[scenario.pk]), follow=True)
    assert "you may not edit their risks" in response.content.decode()
    assert not RiskItem.objects.exists()
