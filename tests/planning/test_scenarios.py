"""A saved what-if scenario becomes risks in the register and mitigation actions in active plans."""

import pytest
from django.urls import reverse

from planning.models import Action
from risk.models import RiskItem, WhatIfScenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(owner, customer, foreign_customer):
    changes = [
        {"customer": customer.pk, "kind": "halve", "percent": -50},
        {"customer": foreign_customer.pk, "kind": "lose", "percent": -100},
    ]
    return WhatIfScenario.objects.create(name="Two customers shrink", created_by=owner, changes=changes)


def test_applying_a_scenario_adds_a_risk_and_a_mitigation_action_once(
    client, owner, plan, scenario, customer
):
    client.force_login(owner)
    url = reverse("planning:scenario-apply", args=[scenario.pk])
    r = client.post(url)
    assert r.status_code == 302 and r["Location"].startswith(reverse("risk:whatif"))
    risk = RiskItem.objects.get()
    action = Action.objects.get()
    assert risk.customer == customer and risk.scenario == scenario
    assert (action.plan, action.risk, action.owner) == (plan, risk, customer.owner)
    assert action.title.startswith("Mitigate: ")

    client.post(url)
    assert RiskItem.objects.count() == 1 and Action.objects.count() == 1


def test_a_customer_without_an_active_plan_gets_the_risk_and_a_warning(client, owner, scenario, customer):
    client.force_login(owner)
    r = client.post(reverse("planning:scenario-apply", args=[scenario.pk]), follow=True)
    assert RiskItem.objects.filter(customer=customer).exists() and not Action.objects.exists()
    assert "No active plan" in r.content.decode()


def test_someone_elses_scenario_is_not_found(client, contributor, scenario):
    client.force_login(contributor)
    assert client.post(reverse("planning:scenario-apply", args=[scenario.pk])).status_code == 404
    assert not RiskItem.objects.exists()
