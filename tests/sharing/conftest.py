"""A full plan with a marker in every internal field, some items shared, and an invited contact."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.test import TestCase

from accounts.models import CustomerUnit, FinancialPeriod, Interaction, ProfileSection, Stakeholder
from planning.models import (
    AccountPlan,
    Action,
    Goal,
    Invitation,
    Offering,
    Opportunity,
    PlanReview,
    PlanSnapshot,
    Responsibility,
    WhiteSpaceCell,
    WhiteSpaceRow,
)
from planning.services import sharing
from risk.models import CompetitorPresence, Contract, RiskItem

MARKER = "QZX7INTERNAL"
# Internal figures: a guest page must not show these digits either.
SECRET_FIGURES = ("7731731", "9191919", "4242424")
LINK = re.compile(r"https?://[^\s\"<]+/our-plan/link/([A-Za-z0-9_-]{43})/")


@pytest.fixture
def contact(customer) -> Stakeholder:
    return Stakeholder.objects.create(
        customer=customer,
        name="Kari Nordmann",
        title="Head of maintenance",
        email="kari@customer.example",
        disc="red",
        notes=f"{MARKER} notes",
        source=f"{MARKER} source",
    )


@pytest.fixture
def full_plan(customer, owner, contact) -> AccountPlan:
    plan = AccountPlan.objects.create(
        customer=customer,
        period=2027,
        status=AccountPlan.Status.ACTIVE,
        summary=f"{MARKER} summary",
        in_change_reason=f"{MARKER} change",
        next_review_due=datetime.date(2027, 4, 1),
    )
    FinancialPeriod.objects.create(
        customer=customer,
        year=2026,
        revenue=Decimal("4242424"),
        gross_margin=Decimal("1000"),
        their_spend=9000000,
    )
    Goal.objects.create(
        plan=plan,
        kind="strategic",
        title="Shared goal one",
        success_criteria="Uptime above 99 %\nNo missed visits",
        criteria_shared=True,
        progress_entered=40,
        note=f"{MARKER} goal note",
        shared=True,
    )
    Goal.objects.create(
        plan=plan,
        kind="financial",
        metric="gross_margin",
        title="Shared margin goal",
        baseline=Decimal("7731731"),
        target=Decimal("9191919"),
        success_criteria=f"{MARKER} criteria kept internal",
        shared=True,
    )
    Goal.objects.create(plan=plan, kind="strategic", title=f"{MARKER} internal goal", shared=False)
    Opportunity.objects.create(
        plan=plan,
        name="Shared initiative",
        customer_goal="Lower downtime",
        value=Decimal("9191919"),
        probability=37,
        note=f"{MARKER} opp note",
        shared=True,
    )
    Opportunity.objects.create(plan=plan, name="Second initiative", shared=True)
    Opportunity.objects.create(plan=plan, name=f"{MARKER} internal opportunity", shared=False)
    risk = RiskItem.objects.create(
        customer=customer, title=f"{MARKER} risk", description=f"{MARKER}", mitigation=f"{MARKER}"
    )
    Action.objects.create(
        plan=plan,
        title="Shared action",
        owner=owner,
        assignee=contact,
        due=datetime.date(2027, 3, 1),
        note=f"{MARKER} action note",
        risk=risk,
        shared=True,
    )
    Action.objects.create(
        plan=plan, title=f"{MARKER} internal action", owner=owner, due=datetime.date(2027, 3, 1)
    )
    Responsibility.objects.create(plan=plan, person=owner, area="QBRs", note=f"{MARKER} resp")
    snapshot = PlanSnapshot.objects.create(plan=plan, reason="review", data={})
    PlanReview.objects.create(
        plan=plan,
        reviewed_on=datetime.date(2027, 1, 15),
        business=MARKER,
        living_up=MARKER,
        feedback=MARKER,
        news=MARKER,
        snapshot=snapshot,
        next_review_due=datetime.date(2027, 4, 1),
    )
    unit = CustomerUnit.objects.create(customer=customer, kind="unit", name="Production north")
    shared_offering = Offering.objects.create(name="Preventive maintenance")
    internal_offering = Offering.objects.create(name=f"{MARKER} offering")
    for offering, shared in ((shared_offering, True), (internal_offering, False)):
        WhiteSpaceRow.objects.create(customer=customer, offering=offering, shared=shared)
        WhiteSpaceCell.objects.create(
            customer=customer,
            offering=offering,
            unit=unit,
            status="competitor",
            competitor=f"{MARKER} competitor",
            note=f"{MARKER} cell",
            potential=Decimal("7731731"),
        )
    ProfileSection.objects.create(customer=customer, key="goals", body=f"{MARKER} profile")
    Contract.objects.create(
        customer=customer,
        title=f"{MARKER} contract",
        start=datetime.date(2026, 1, 1),
        expiry=datetime.date(2028, 1, 1),
        renewal_terms=MARKER,
    )
    CompetitorPresence.objects.create(customer=customer, name=f"{MARKER} rival", note=MARKER)
    interaction = Interaction.objects.create(
        customer=customer, occurred_on=datetime.date(2027, 1, 2), summary=MARKER, why_it_matters=MARKER
    )
    interaction.stakeholders.add(contact)
    return plan


def invite(plan, contact, owner, language="en", days=14) -> tuple[Invitation, str]:
    """Invite through the service and read the token back from the e-mail, as the contact would."""
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        invitation = sharing.invitation_send(
            plan=plan, stakeholder=contact, by=owner, language=language, days=days
        )
    return invitation, token_from_mail()


def token_from_mail() -> str:
    found = LINK.search(mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(1)


@pytest.fixture
def invited(full_plan, contact, owner):
    return invite(full_plan, contact, owner)


@pytest.fixture
def guest_client(client, invited):
    invitation, token = invited
    response = client.post(f"/our-plan/link/{token}/")
    assert response.status_code == 302, response
    return client
