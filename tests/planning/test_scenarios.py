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


def test_a_leader_records_risks_and_sends_the_kam_proposed_steps(
    client, leader, owner, plan, customer, django_capture_on_commit_callbacks
):
    from django.core import mail

    from accounts.models import NextStep

    owner.language = "sv"
    owner.save()
    scenario = WhatIfScenario.objects.create(
        name="Price war",
        created_by=leader,
        changes=[{"customer": customer.pk, "kind": "halve", "percent": -50}],
    )
    client.force_login(leader)
    url = reverse("planning:scenario-apply", args=[scenario.pk])
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url, follow=True)
    body = r.content.decode()
    assert "1 risk from this scenario is in the register." in body
    assert "Sent 1 proposed mitigation step to Ingrid Solberg: Nordfjord Energi AS." in body
    assert "0 risks" not in body and "may not edit" not in body
    risk = RiskItem.objects.get()
    assert (risk.customer, risk.owner, risk.created_by) == (customer, owner, leader)
    assert not Action.objects.exists()  # the leader does not write the KAM's plan
    step = NextStep.objects.get()
    assert (step.assignee, step.kind, step.status) == (owner, "mitigate", "open")
    assert step.text.startswith("Lars Haugen föreslår")  # stored in the KAM's language
    assert "Lars Haugen proposes a mitigation action" in step.display_text  # read in the reader's
    (message,) = mail.outbox
    assert message.to == [owner.email] and "Lars Haugen" in message.subject

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, follow=True).content.decode()
    assert RiskItem.objects.count() == 1 and NextStep.objects.count() == 1 and len(mail.outbox) == 1
    assert "1 risk from this scenario is in the register." in again and "Sent" not in again


def test_a_scenario_risk_title_reads_in_each_language(client, owner, plan, scenario, customer):
    from django.utils import translation

    client.force_login(owner)
    client.post(reverse("planning:scenario-apply", args=[scenario.pk]))
    risk = RiskItem.objects.get()
    assert risk.display_title == "Revenue from Nordfjord Energi AS changes by -50 %"
    with translation.override("nb"):
        assert risk.display_title.startswith("Omsetningen fra Nordfjord Energi AS")
    with translation.override("sv"):
        assert "Nordfjord Energi AS" in risk.display_title and "Revenue" not in risk.display_title


def test_editing_a_generated_risk_title_keeps_the_persons_words(owner, plan, scenario, customer):
    from planning import services
    from risk.services import risk_item_update

    services.scenario_apply(scenario=scenario, by=owner, customers=[customer])
    risk = RiskItem.objects.get()
    risk_item_update(risk=risk, by=owner, version=risk.version, title="Tapt anbud i nord")
    risk.refresh_from_db()
    assert risk.display_title == "Tapt anbud i nord" and risk.title_kind == ""
