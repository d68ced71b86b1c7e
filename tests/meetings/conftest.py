"""Meetings, stakeholders and a plan for the cast's customer."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Stakeholder
from meetings.models import Meeting
from planning.models import AccountPlan, Goal


@pytest.fixture
def kari(customer) -> Stakeholder:
    return Stakeholder.objects.create(
        customer=customer, name="Kari Nordmann", title="CFO", disc="red", email="kari@nordfjord.example"
    )


@pytest.fixture
def per(customer) -> Stakeholder:
    return Stakeholder.objects.create(
        customer=customer, name="Per Hansen", title="Head of operations", disc="blue"
    )


@pytest.fixture
def stranger(foreign_customer) -> Stakeholder:
    return Stakeholder.objects.create(customer=foreign_customer, name="Sven Svensson")


@pytest.fixture
def plan(customer, owner) -> AccountPlan:
    today = timezone.localdate()
    plan = AccountPlan.objects.create(
        customer=customer,
        period=today.year,
        status=AccountPlan.Status.ACTIVE,
        next_review_due=today + datetime.timedelta(days=60),
        created_by=owner,
    )
    Goal.objects.create(
        plan=plan,
        kind=Goal.Kind.STRATEGIC,
        title="Sole supplier of maintenance in the north",
        due=datetime.date(today.year, 12, 31),
        progress_entered=30,
        shared=True,
    )
    return plan


def make_meeting(
    customer, owner, *, days=7, status=Meeting.Status.PLANNED, kind="strategic", title="QBR", **extra
):
    start = (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)
    meeting = Meeting.objects.create(
        customer=customer,
        meeting_type=kind,
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        time_zone="Europe/Oslo",
        organizer=owner,
        created_by=owner,
        status=status,
        held_on=timezone.localdate(start) if status == Meeting.Status.HELD else None,
        **extra,
    )
    meeting.our_attendees.set([owner])
    return meeting


@pytest.fixture
def meeting(customer, owner, kari) -> Meeting:
    meeting = make_meeting(customer, owner)
    meeting.their_attendees.set([kari])
    return meeting


@pytest.fixture
def past_meeting(customer, owner, kari) -> Meeting:
    meeting = make_meeting(customer, owner, days=-2)
    meeting.their_attendees.set([kari])
    return meeting
