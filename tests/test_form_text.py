"""Text people type is stored safely: control characters refused with a message, NFC, no bidi tricks."""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from accounts.models import Customer, CustomerUnit, Stakeholder
from planning.models import AccountPlan, Action, Goal, Opportunity
from risk.models import CompetitorPresence, Contract, RiskItem


@dataclass
class TextCase:
    name: str
    field: str
    url: Callable
    payload: Callable
    stored: Callable  # all values of the field as stored
    multiline: bool = False


def _values(model, field):
    return lambda: list(model.objects.values_list(field, flat=True))


def _plan(customer):
    return AccountPlan.objects.get(customer=customer)


CASES = [
    TextCase(
        "customer name",
        "name",
        lambda c: reverse("accounts:customer-edit", args=[c.pk]),
        lambda c: (
            {"name": c.name, "status": "candidate", "tier": "1", "country": "NO"}
            | {"version": str(Customer.objects.get(pk=c.pk).version)}
        ),
        _values(Customer, "name"),
    ),
    TextCase(
        "unit name",
        "name",
        lambda c: reverse("accounts:unit-add", args=[c.pk]),
        lambda c: {"kind": "unit", "name": "Production", "country": "NO"},
        _values(CustomerUnit, "name"),
    ),
    TextCase(
        "stakeholder name",
        "name",
        lambda c: reverse("accounts:stakeholder-create", args=[c.pk]),
        lambda c: (
            {"name": "Kari Nordmann", "level": "management", "function": "top", "influence": "3"}
            | {"attitude": "neutral", "disc": "unknown"}
        ),
        _values(Stakeholder, "name"),
    ),
    TextCase(
        "plan summary",
        "summary",
        lambda c: reverse("planning:plan-edit", args=[_plan(c).pk]),
        lambda c: {"summary": "Grow", "status": "active", "version": str(_plan(c).version)},
        _values(AccountPlan, "summary"),
        multiline=True,
    ),
    TextCase(
        "goal title",
        "title",
        lambda c: reverse("planning:goal-create", args=[_plan(c).pk]),
        lambda c: {"kind": "strategic", "title": "Sole supplier"},
        _values(Goal, "title"),
    ),
    TextCase(
        "opportunity note",
        "note",
        lambda c: reverse("planning:opportunity-create", args=[_plan(c).pk]),
        lambda c: {"name": "Pilot", "value": "0", "probability": "20", "stage": "idea"},
        _values(Opportunity, "note"),
        multiline=True,
    ),
    TextCase(
        "action title",
        "title",
        lambda c: reverse("planning:action-create", args=[_plan(c).pk]),
        lambda c: {"title": "Book the QBR", "owner": str(c.owner_id), "due": "2026-09-01", "status": "open"},
        _values(Action, "title"),
    ),
    TextCase(
        "contract title",
        "title",
        lambda c: reverse("risk:contract-add", args=[c.pk]),
        lambda c: (
            {"title": "Frame", "start": "2026-01-01", "expiry": "2028-12-31"}
            | {"notice_amount": "3", "notice_unit": "months"}
        ),
        _values(Contract, "title"),
    ),
    TextCase(
        "competitor name",
        "name",
        lambda c: reverse("risk:competitor-add", args=[c.pk]),
        lambda c: {"name": "Rival AS", "strength": "2"},
        _values(CompetitorPresence, "name"),
    ),
    TextCase(
        "risk mitigation",
        "mitigation",
        lambda c: reverse("risk:risk-add", args=[c.pk]),
        lambda c: (
            {"title": "Price pressure", "category": "delivery", "likelihood": "3", "impact": "3"}
            | {"status": "open"}
        ),
        _values(RiskItem, "mitigation"),
        multiline=True,
    ),
]


@pytest.fixture
def with_plan(customer, owner):
    AccountPlan.objects.create(
        customer=customer,
        period=2026,
        summary="",
        next_review_due=datetime.date(2026, 4, 1),
        created_by=owner,
    )
    return customer


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@pytest.mark.parametrize("control", ["\x07", "\x1b[31m", "\x00", "\x7f", "\x85"])
def test_a_control_character_is_refused_with_a_message_and_nothing_changes(
    client, owner, with_plan, case, control
):
    client.force_login(owner)
    before = case.stored()
    typed = f"Line{control}one"
    response = client.post(case.url(with_plan), case.payload(with_plan) | {case.field: typed})
    assert response.status_code == 400
    assert "control character" in response.content.decode()
    assert case.stored() == before


@pytest.mark.parametrize("case", [c for c in CASES if not c.multiline], ids=lambda case: case.name)
def test_a_line_break_in_a_one_line_field_is_refused(client, owner, with_plan, case):
    client.force_login(owner)
    before = case.stored()
    response = client.post(case.url(with_plan), case.payload(with_plan) | {case.field: "Two\nlines"})
    assert response.status_code == 400
    assert "on one line" in response.content.decode()
    assert case.stored() == before


@pytest.mark.parametrize("case", [c for c in CASES if c.multiline], ids=lambda case: case.name)
def test_tabs_and_line_breaks_are_kept_where_text_has_lines(client, owner, with_plan, case):
    client.force_login(owner)
    response = client.post(case.url(with_plan), case.payload(with_plan) | {case.field: "One\tcolumn\r\nTwo"})
    assert response.status_code == 302
    assert any("One\tcolumn" in value for value in case.stored())


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_text_is_stored_in_nfc_without_bidi_controls(client, owner, with_plan, case):
    client.force_login(owner)
    decomposed = "Tro\u0308ndelag \u202eevil\u202c Ma\u030alo\u0308"
    response = client.post(case.url(with_plan), case.payload(with_plan) | {case.field: decomposed})
    assert response.status_code == 302, response.content.decode().split("errorlist")[1:]
    assert "Tr\u00f6ndelag evil M\u00e5l\u00f6" in [value.replace("\r\n", "\n") for value in case.stored()]


def test_the_refusal_speaks_the_users_language(client, owner, with_plan):
    owner.language = "nb"
    owner.save(update_fields=["language"])
    client.force_login(owner)
    client.cookies["django_language"] = "nb"
    response = client.post(
        reverse("planning:goal-create", args=[_plan(with_plan).pk]), {"kind": "strategic", "title": "A\x07B"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "kontrolltegn" in body and "control character" not in body


def test_rows_written_outside_forms_are_stored_in_nfc_too(customer):
    customer.name = "Mo\u0308re \u2067Energi\u2069"
    customer.save()
    customer.refresh_from_db()
    assert customer.name == "M\u00f6re Energi"
    assert unicodedata.is_normalized("NFC", customer.name)
    assert Customer.objects.filter(name="M\u00f6re Energi").exists()


def test_a_date_before_1900_or_after_2100_is_refused(client, owner, with_plan):
    client.force_login(owner)
    url = reverse("planning:action-create", args=[_plan(with_plan).pk])
    for day in ("1899-12-31", "2101-01-01", "0001-01-01"):
        data = {"title": "Book the QBR", "owner": str(owner.pk), "due": day, "status": "open"}
        response = client.post(url, data)
        assert response.status_code == 400
        assert "between 1900 and 2100" in response.content.decode()
    assert not Action.objects.exists()


def test_names_are_shown_isolated_so_right_to_left_text_cannot_turn_the_page_around(client, owner, customer):
    customer.name = "\u05e9\u05dc\u05d5\u05dd Energi"
    customer.save()
    client.force_login(owner)
    listing = client.get(reverse("accounts:customer-list")).content.decode()
    page = client.get(reverse("accounts:customer-detail", args=[customer.pk])).content.decode()
    assert "<bdi>\u05e9\u05dc\u05d5\u05dd Energi</bdi>" in listing
    assert "<h1><bdi>\u05e9\u05dc\u05d5\u05dd Energi</bdi>" in page
    form = client.get(reverse("accounts:customer-edit", args=[customer.pk])).content.decode()
    assert 'dir="auto"' in form
