"""The risk services other apps call: what they write, what they refuse, what they record."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Event
from risk import services, whatif
from risk.models import RiskItem, WhatIfScenario

pytestmark = pytest.mark.django_db


def test_risk_item_create_records_the_event_and_checks_ranges(cast):
    risk = services.risk_item_create(
        customer=cast.customer, by=cast.owner, title=" Key person leaves ", impact=5
    )
    assert (risk.title, risk.likelihood, risk.impact, risk.status) == ("Key person leaves", 3, 5, "open")
    assert Event.objects.filter(customer=cast.customer, kind="risk.created", actor=cast.owner).exists()
    with pytest.raises(ValidationError):
        services.risk_item_create(customer=cast.customer, by=cast.owner, title="Bad", likelihood=0)
    assert RiskItem.objects.count() == 1


def test_risk_item_update_refuses_a_stale_version(cast):
    risk = services.risk_item_create(customer=cast.customer, by=cast.owner, title="Tender")
    services.risk_item_update(risk=risk, by=cast.owner, version=1, likelihood=5)
    with pytest.raises(services.EditConflict) as conflict:
        services.risk_item_update(risk=risk, by=cast.contributor, version=1, likelihood=1)
    assert conflict.value.current.likelihood == 5
    assert RiskItem.objects.get().version == 2


def test_risk_items_from_scenario_is_idempotent_and_respects_the_allowed_customers(cast, foreign_customer):
    scenario = services.scenario_save(
        name="Two lost",
        by=cast.owner,
        year=2025,
        changes=[
            whatif.make_change(cast.customer.pk, whatif.LOSE),
            whatif.make_change(foreign_customer.pk, whatif.LOSE),
        ],
    )
    first = services.risk_items_from_scenario(scenario=scenario, by=cast.owner, customers=[cast.customer])
    again = services.risk_items_from_scenario(scenario=scenario, by=cast.owner, customers=[cast.customer])
    assert first == again and len(first) == 1
    assert first[0].customer == cast.customer and first[0].owner == cast.customer.owner
    assert not RiskItem.objects.filter(customer=foreign_customer).exists()


def test_a_custom_fall_maps_to_an_impact(cast):
    scenario = WhatIfScenario.objects.create(
        name="Minus 30",
        created_by=cast.owner,
        changes=[{"customer": cast.customer.pk, "kind": "custom", "percent": -30}],
    )
    (risk,) = services.risk_items_from_scenario(scenario=scenario, by=cast.owner, customers=[cast.customer])
    assert risk.impact == 2


def test_saving_an_empty_scenario_is_refused(cast):
    with pytest.raises(ValidationError):
        services.scenario_save(name="Empty", by=cast.owner, year=None, changes=[])


def test_a_review_must_be_followed_by_a_later_one(cast):
    with pytest.raises(ValidationError):
        services.risk_review_record(
            customer=cast.customer,
            by=cast.owner,
            summary="x",
            reviewed_at=datetime.date(2026, 1, 1),
            next_review_due=datetime.date(2025, 1, 1),
        )
