"""The demo's two years of meetings, and what meetings add to account health, the portfolio and
the 30-day start; the meetings list costs the same number of queries at two sizes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import checklist, demo, health
from accounts.models import Customer
from meetings import cadence, figures, selectors
from meetings.models import CadenceRule, Deviation, Meeting
from tests.meetings.conftest import make_meeting


@pytest.mark.django_db
def test_the_demo_has_two_years_of_meetings_deviations_and_rhythms():
    demo.seed("small")
    today = timezone.localdate()
    keys = list(Customer.objects.key_accounts())
    held = Meeting.objects.filter(status=Meeting.Status.HELD)
    first = held.order_by("starts_at").first().starts_at.date()
    assert (today - first).days > 600
    assert (
        held.exclude(notes="").count() == held.count() and held.filter(customer_rating__isnull=False).exists()
    )
    assert Meeting.objects.filter(status=Meeting.Status.PLANNED, starts_at__gt=timezone.now()).exists()
    assert CadenceRule.objects.filter(customer__isnull=True).count() == 9
    assert CadenceRule.objects.filter(customer__isnull=False).exclude(reason="").exists()
    assert (
        Deviation.objects.filter(closed_on__isnull=True).exists()
        and Deviation.objects.filter(closed_on__isnull=False).exists()
    )
    states = [r.state.state for rows in selectors.rhythms(keys, today).values() for r in rows.values()]
    assert cadence.OVERDUE in states and cadence.PLANNED in states
    assert Meeting.objects.filter(their_attendees__isnull=False).exists()


def test_health_reads_cadence_rating_and_deviations(customer, owner):
    customer.tier = 1
    customer.created_at = timezone.now() - datetime.timedelta(days=500)
    customer.save()
    for days in (-300, -210, -120, -30):
        make_meeting(customer, owner, days=days, status="held", customer_rating=4)
    Deviation.objects.create(customer=customer, title="Late", sla_breached=True)
    readings = health.read_all([customer], timezone.localdate())[customer.pk]
    assert readings["cadence"].score is not None and readings["cadence"].reason == "cadence.kept"
    assert readings["satisfaction"].score == 75
    assert readings["deviations"].score == 70
    assert "open deviation" in health.reason_text(
        readings["deviations"].reason, readings["deviations"].params
    )


def test_the_customer_pulse_and_the_qbr_rating_both_count_for_satisfaction(customer, owner):
    from planning.models import AccountPlan, GuestActivity

    make_meeting(customer, owner, days=-30, status="held", customer_rating=5)
    plan = AccountPlan.objects.create(
        customer=customer, period=2026, status="active", next_review_due=timezone.localdate()
    )
    GuestActivity.objects.create(plan=plan, kind=GuestActivity.Kind.PULSE, score=3)
    reading = health.read_all([customer], timezone.localdate())[customer.pk]["satisfaction"]
    assert reading.score == 75  # the pulse alone is 50, the rating alone 100
    text = health.reason_text(reading.reason, reading.params)
    assert "1 contact answered the satisfaction pulse: 3 of 5." in text
    assert "The customer rated 1 QBR" in text


def test_pure_scores():
    assert figures.cadence_reading([cadence.Adherence(3, 1, 0)]).score == 88
    assert figures.cadence_reading([None]).score is None
    assert figures.rating_reading(5.0, 2).score == 100 and figures.rating_reading(None, 0).score is None
    assert figures.deviation_reading(0, 0).score == 100 and figures.deviation_reading(2, 2).score == 40


def test_the_portfolio_shows_qbr_cadence_satisfaction_and_deviations(client, leader, customer, owner):
    make_meeting(customer, owner, days=-20, status="held", customer_rating=5)
    Deviation.objects.create(customer=customer, title="Late")
    client.force_login(leader)
    page = client.get(reverse("accounts:portfolio")).content.decode()
    assert "QBR cadence kept" in page and "Customer satisfaction" in page and "Open deviations" in page
    assert "5.0 / 5" in page


def test_the_start_checks_a_strategic_meeting_per_key_account(customer, owner):
    today = timezone.localdate()
    result = checklist.evaluate([owner.pk], today)[owner.pk]
    item = next(i for i in result.lines if i.key == "strategic_meeting")
    assert item.result is not None and not item.result.done
    make_meeting(customer, owner, days=10)
    result = checklist.evaluate([owner.pk], today)[owner.pk]
    assert next(i for i in result.lines if i.key == "strategic_meeting").result.done


def _meetings(customer, owner, count, kari):
    for n in range(count):
        meeting = make_meeting(customer, owner, days=-n - 1, status="held", title=f"Meeting {n}")
        meeting.their_attendees.set([kari])
    for n in range(count):
        make_meeting(customer, owner, days=n + 1, title=f"Coming {n}")
    for n in range(count):
        Deviation.objects.create(customer=customer, title=f"Deviation {n}")


def test_the_meetings_tab_costs_the_same_at_two_sizes(client, owner, customer, kari):
    client.force_login(owner)
    url = reverse("meetings:customer-meetings", args=[customer.pk])
    _meetings(customer, owner, 2, kari)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _meetings(customer, owner, 40, kari)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(small) == len(large) <= 15, [q["sql"][:120] for q in large.captured_queries]


def test_the_meeting_page_costs_the_same_whatever_the_history(client, owner, customer, kari, plan):
    meeting = make_meeting(customer, owner, days=-1, status="held")
    meeting.their_attendees.set([kari])
    client.force_login(owner)
    client.get(meeting.get_absolute_url())
    with CaptureQueriesContext(connection) as small:
        client.get(meeting.get_absolute_url())
    from meetings.models import MeetingChange
    from planning.models import Action

    for n in range(30):
        MeetingChange.objects.create(meeting=meeting, kind="changed", by=owner)
        Action.objects.create(
            plan=plan, title=f"Step {n}", owner=owner, due=timezone.localdate(), meeting=meeting
        )
    with CaptureQueriesContext(connection) as large:
        client.get(meeting.get_absolute_url())
    assert len(small) == len(large) <= 15
