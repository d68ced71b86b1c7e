"""Back and Save again never makes a copy: every create form carries a one-time token."""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import (
    Customer,
    CustomerUnit,
    FinancialPeriod,
    Interaction,
    SelectionDecision,
    Stakeholder,
    Submission,
)
from accounts.services.submissions import AlreadySubmitted, submission_once
from planning.models import AccountPlan, Action, Goal, Offering, Opportunity, PlanReview, Responsibility
from risk.models import CompetitorPresence, Contract, RiskItem, RiskReview, WhatIfScenario

TOKEN = re.compile(r'name="submission" value="([0-9a-f-]{36})"')


@dataclass
class Once:
    name: str
    page: Callable  # where the empty form is drawn
    post: Callable  # where it is sent
    payload: Callable
    count: Callable
    who: str = "owner"


def _plan(customer):
    return AccountPlan.objects.get(customer=customer, period=2026)


def _plan_page(name):
    return lambda c: reverse(name, args=[_plan(c).pk])


CASES = [
    Once(
        "goal",
        _plan_page("planning:goal-create"),
        _plan_page("planning:goal-create"),
        lambda c: {"kind": "strategic", "title": "Sole supplier"},
        Goal.objects.count,
    ),
    Once(
        "opportunity",
        _plan_page("planning:opportunity-create"),
        _plan_page("planning:opportunity-create"),
        lambda c: {"name": "Pilot", "value": "1 000", "probability": "20", "stage": "idea"},
        Opportunity.objects.count,
    ),
    Once(
        "action",
        _plan_page("planning:action-create"),
        _plan_page("planning:action-create"),
        lambda c: {"title": "Book the QBR", "owner": str(c.owner_id), "due": "2026-09-01", "status": "open"},
        Action.objects.count,
    ),
    Once(
        "responsibility",
        _plan_page("planning:responsibility-create"),
        _plan_page("planning:responsibility-create"),
        lambda c: {"person": str(c.owner_id), "area": "QBRs"},
        Responsibility.objects.count,
    ),
    Once(
        "plan review",
        _plan_page("planning:review-create"),
        _plan_page("planning:review-create"),
        lambda c: {"business": "Growing", "living_up": "Yes", "feedback": "Happy", "news": "None"},
        PlanReview.objects.count,
    ),
    Once(
        "plan",
        lambda c: reverse("planning:plan-create", args=[c.pk]),
        lambda c: reverse("planning:plan-create", args=[c.pk]),
        lambda c: {"period": "2027", "summary": "Next year"},
        AccountPlan.objects.count,
    ),
    Once(
        "contract",
        lambda c: reverse("risk:contract-add", args=[c.pk]),
        lambda c: reverse("risk:contract-add", args=[c.pk]),
        lambda c: (
            {"title": "Frame", "start": "2026-01-01", "expiry": "2028-12-31"}
            | {"notice_amount": "3", "notice_unit": "months"}
        ),
        Contract.objects.count,
    ),
    Once(
        "competitor",
        lambda c: reverse("risk:competitor-add", args=[c.pk]),
        lambda c: reverse("risk:competitor-add", args=[c.pk]),
        lambda c: {"name": "Rival AS", "strength": "2"},
        CompetitorPresence.objects.count,
    ),
    Once(
        "risk",
        lambda c: reverse("risk:risk-add", args=[c.pk]),
        lambda c: reverse("risk:risk-add", args=[c.pk]),
        lambda c: (
            {"title": "Price pressure", "category": "delivery", "likelihood": "3", "impact": "3"}
            | {"status": "open"}
        ),
        RiskItem.objects.count,
    ),
    Once(
        "risk review",
        lambda c: reverse("risk:customer-risk", args=[c.pk]),
        lambda c: reverse("risk:review-add", args=[c.pk]),
        lambda c: {"summary": "Stable", "reviewed_at": datetime.date.today().isoformat()},
        RiskReview.objects.count,
    ),
    Once(
        "what-if scenario",
        lambda c: reverse("risk:whatif") + f"?customers={c.pk}&kind=halve&year=2026",
        lambda c: reverse("risk:scenario-save"),
        lambda c: {"name": "Halved", "kind": "halve", "customers": str(c.pk), "year": "2026"},
        WhatIfScenario.objects.count,
    ),
    Once(
        "customer",
        lambda c: reverse("accounts:customer-create"),
        lambda c: reverse("accounts:customer-create"),
        lambda c: {"name": "Fjordkraft Nord AS", "status": "prospect", "tier": "3", "country": "NO"},
        Customer.objects.count,
    ),
    Once(
        "unit",
        lambda c: reverse("accounts:unit-add", args=[c.pk]),
        lambda c: reverse("accounts:unit-add", args=[c.pk]),
        lambda c: {"kind": "unit", "name": "Production", "country": "NO"},
        CustomerUnit.objects.count,
    ),
    Once(
        "stakeholder confirmed as distinct",
        lambda c: reverse("accounts:stakeholder-create", args=[c.pk]),
        lambda c: reverse("accounts:stakeholder-create", args=[c.pk]),
        lambda c: (
            {"name": "Kari Nordmann", "level": "management", "function": "top", "influence": "3"}
            | {"attitude": "neutral", "disc": "unknown", "confirm_distinct": "on"}
        ),
        Stakeholder.objects.count,
    ),
    Once(
        "contact",
        lambda c: reverse("accounts:interaction-create", args=[c.pk]),
        lambda c: reverse("accounts:interaction-create", args=[c.pk]),
        lambda c: (
            {"occurred_on": datetime.date.today().isoformat(), "kind": "call", "summary": "Talked"}
            | {"stakeholders": str(Stakeholder.objects.get(name="Ola Nordmann").pk)}
        ),
        Interaction.objects.count,
    ),
    Once(
        "selection decision",
        lambda c: reverse("accounts:customer-selection", args=[c.pk]),
        lambda c: reverse("accounts:decision-create", args=[c.pk]),
        lambda c: {"kind": "keep_candidate", "reason": "A pilot first."},
        SelectionDecision.objects.count,
        who="leader",
    ),
    Once(
        "offering",
        lambda c: reverse("planning:offering-create"),
        lambda c: reverse("planning:offering-create"),
        lambda c: {"name": "Inspection", "active": "on", "order": "0"},
        Offering.objects.count,
        who="admin_user",
    ),
]


@pytest.fixture
def scene(customer, owner):
    AccountPlan.objects.create(
        customer=customer,
        period=2026,
        summary="",
        next_review_due=datetime.date(2026, 4, 1),
        created_by=owner,
    )
    FinancialPeriod.objects.create(
        customer=customer, year=2026, quarter=0, revenue=Decimal("1000000"), gross_margin=Decimal("100000")
    )
    Stakeholder.objects.create(customer=customer, name="Ola Nordmann")
    return customer


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_sending_a_create_form_twice_saves_once_and_shows_what_was_saved(client, request, scene, case):
    client.force_login(request.getfixturevalue(case.who))
    page = client.get(case.page(scene))
    assert page.status_code == 200
    tokens = TOKEN.findall(page.content.decode())
    assert tokens, "the form carries no one-time token"
    data = case.payload(scene) | {"submission": tokens[-1]}
    before = case.count()
    first = client.post(case.post(scene), data)
    assert first.status_code == 302, first.content.decode()[-1500:]
    again = client.post(case.post(scene), data, follow=True)
    assert again.status_code == 200
    assert case.count() == before + 1
    assert "is saved already" in again.content.decode()


def test_a_fresh_form_gets_a_fresh_token(client, owner, scene):
    client.force_login(owner)
    url = reverse("risk:contract-add", args=[scene.pk])
    first, second = (TOKEN.findall(client.get(url).content.decode()) for _ in range(2))
    assert first and second and first != second


def test_a_form_that_failed_keeps_its_token_and_saves_when_corrected(client, owner, scene):
    client.force_login(owner)
    url = reverse("risk:contract-add", args=[scene.pk])
    token = str(uuid.uuid4())
    data = {"title": "Frame", "start": "2026-01-01", "expiry": "2025-12-31", "notice_amount": "3"}
    data |= {"notice_unit": "months", "submission": token}
    refused = client.post(url, data)
    assert refused.status_code == 400 and token in refused.content.decode()
    assert client.post(url, data | {"expiry": "2028-12-31"}).status_code == 302
    assert Contract.objects.count() == 1


def test_another_persons_token_reveals_nothing(client, owner, contributor, scene):
    token = uuid.uuid4()
    submission_once(token=token, user=owner, create=lambda: None, location=lambda _x: "/secret/place/")
    with pytest.raises(AlreadySubmitted) as refused:
        submission_once(token=token, user=contributor, create=lambda: None, location=lambda _x: "")
    assert refused.value.location == ""
    assert Submission.objects.count() == 1


def test_a_create_that_fails_leaves_the_token_unused(owner):
    token = uuid.uuid4()

    def failing():
        raise ValueError("no")

    with pytest.raises(ValueError):
        submission_once(token=token, user=owner, create=failing, location=lambda _x: "")
    assert not Submission.objects.exists()


def test_the_same_values_sent_from_a_form_drawn_again_are_recognised(client, owner, scene):
    """Back fetches the form again (pages are not stored) and the browser refills the typed values."""
    client.force_login(owner)
    url = reverse("planning:action-create", args=[_plan(scene).pk])
    first_token, second_token = (TOKEN.findall(client.get(url).content.decode())[-1] for _ in range(2))
    data = {"title": "Book the QBR", "owner": str(owner.pk), "due": "2026-09-01", "status": "open"}
    assert client.post(url, data | {"submission": first_token}).status_code == 302
    again = client.post(url, data | {"submission": second_token}, follow=True)
    assert "is saved already" in again.content.decode()
    assert Action.objects.count() == 1
    other = client.post(url, data | {"title": "Send the agenda", "submission": second_token})
    assert other.status_code == 302
    assert Action.objects.count() == 2
