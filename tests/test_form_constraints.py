"""Rules the database keeps are explained in the user's words before they are ever hit."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db.models import BaseConstraint
from django.urls import reverse
from django.utils import translation

from accounts.models import Customer
from risk.models import Contract

APPS = ("accounts", "planning", "risk", "meetings")


def _constraints():
    for model in apps.get_models():
        if model._meta.app_label in APPS:
            for constraint in model._meta.constraints:
                yield model, constraint


def test_every_constraint_has_its_own_message_in_every_language():
    found = list(_constraints())
    assert len(found) > 40
    for model, constraint in found:
        message = constraint.violation_error_message
        assert message != BaseConstraint.default_violation_error_message, (model.__name__, constraint.name)
        with translation.override("en"):
            english = str(message)
        assert constraint.name not in english
        for language in ("nb", "sv"):
            with translation.override(language):
                assert str(message) != english, (language, constraint.name)
                assert constraint.get_violation_error_message()  # formats without error


def _contract(**changes) -> dict:
    data = {"title": "Frame", "start": "2026-01-01", "expiry": "2028-12-31"}
    return data | {"notice_amount": "3", "notice_unit": "months"} | changes


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": "-5"}, "Annual value cannot be negative."),
        ({"notice_amount": "3660", "notice_unit": "months"}, "at most 120 months"),
        ({"notice_amount": "121", "notice_unit": "months"}, "at most 120 months"),
        ({"notice_amount": "3661", "notice_unit": "days"}, "at most 3,660 days"),
        ({"start": "1850-01-01"}, "between 1900 and 2100"),
        ({"expiry": "2150-01-01"}, "between 1900 and 2100"),
        ({"expiry": "2025-01-01"}, "must expire after it starts"),
    ],
)
def test_absurd_contract_values_are_refused_in_words(client, owner, customer, changes, message):
    client.force_login(owner)
    response = client.post(reverse("risk:contract-add", args=[customer.pk]), _contract(**changes))
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert "Constraint" not in body and "contract_" not in body
    assert not Contract.objects.exists()


@pytest.mark.parametrize(("amount", "unit"), [("120", "months"), ("3 660", "days"), ("0", "months")])
def test_long_but_real_notice_periods_are_accepted(client, owner, customer, amount, unit):
    client.force_login(owner)
    data = _contract(notice_amount=amount, notice_unit=unit)
    assert client.post(reverse("risk:contract-add", args=[customer.pk]), data).status_code == 302
    assert Contract.objects.get().notice_amount == int(amount.replace(" ", ""))


def _new_customer(**changes) -> dict:
    return {"name": "Fjordkraft Nord AS", "status": "prospect", "tier": "3", "country": "NO"} | changes


def test_an_organisation_number_of_a_customer_you_can_see_names_that_customer(client, owner, customer):
    customer.org_number = "906 800 004"
    customer.save()
    client.force_login(owner)
    response = client.post(reverse("accounts:customer-create"), _new_customer(org_number="906 800 004"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Nordfjord Energi AS has this organisation number already." in body
    assert Customer.objects.count() == 1


def test_an_organisation_number_of_a_customer_you_cannot_see_reveals_nothing(
    client, owner, customer, foreign_customer
):
    foreign_customer.org_number = "556 677 8899"
    foreign_customer.external_id = "CRM-77"
    foreign_customer.save()
    client.force_login(owner)
    response = client.post(
        reverse("accounts:customer-create"), _new_customer(org_number="556 677 8899", external_id="CRM-77")
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "This organisation number cannot be saved. Check it, or ask an administrator for help." in body
    assert "This external ID cannot be saved." in body
    for leak in (foreign_customer.name, foreign_customer.owner.full_name, "unique_org_number", "Constraint"):
        assert leak not in body
    assert not Customer.objects.filter(name="Fjordkraft Nord AS").exists()


def test_the_same_refusal_in_norwegian(client, owner, customer, foreign_customer):
    foreign_customer.org_number = "556 677 8899"
    foreign_customer.save()
    owner.language = "nb"
    owner.save(update_fields=["language"])
    client.force_login(owner)
    client.cookies["django_language"] = "nb"
    response = client.post(reverse("accounts:customer-create"), _new_customer(org_number="556 677 8899"))
    assert "Dette organisasjonsnummeret kan ikke lagres" in response.content.decode()


def test_a_duplicate_plan_period_is_explained_not_named_after_its_constraint(client, owner, customer):
    client.force_login(owner)
    url = reverse("planning:plan-create", args=[customer.pk])
    assert client.post(url, {"period": "2026", "summary": ""}).status_code == 302
    again = client.post(url, {"period": "2026", "summary": "Another"})
    body = again.content.decode()
    assert again.status_code == 400
    assert "one_plan_per_customer_period" not in body and "Constraint" not in body
