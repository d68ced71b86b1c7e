"""Meetings in a real browser: schedule a QBR whose agenda comes from the plan, download its
invitation, record the notes and the customer's rating, and see the next steps become plan actions
and the attendees' "last contacted" move."""

import datetime
import re
from pathlib import Path

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Stakeholder
from meetings.models import Meeting
from planning.models import AccountPlan, Action, Goal
from tests.e2e.test_basics import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def account(customer, owner):
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
        progress_entered=40,
        shared=True,
    )
    Stakeholder.objects.create(customer=customer, name="Kari Nordmann", title="CFO", disc="red")
    return customer


def test_schedule_a_qbr_and_record_what_happened(page: Page, account, owner, screenshot, browser_errors):
    customer = account
    log_in(page, owner.email)
    page.wait_for_url(reverse("accounts:home"))
    page.goto(reverse("meetings:customer-meetings", args=[customer.pk]))
    expect(page.get_by_role("heading", name="Rhythm")).to_be_visible()
    screenshot(page, "meetings-tab-empty-en")
    page.get_by_role("link", name="Schedule a meeting").click()

    # The agenda comes filled from the plan.
    agenda = page.get_by_label("Agenda")
    expect(agenda).to_have_value(re.compile("Sole supplier of maintenance in the north: 40 % of the way"))
    day = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    page.get_by_label("Title", exact=True).fill("QBR spring, Bergen")
    page.get_by_label("Date").fill(day)
    page.get_by_label("Starts").fill("10:00")
    page.get_by_label("Ends", exact=True).fill("11:30")
    page.get_by_label("Place", exact=True).fill("Bryggen 4; meeting room «Fjord», 2nd floor")
    page.get_by_label("Kari Nordmann").check()
    screenshot(page, "meetings-schedule-en")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Meeting scheduled.")).to_be_visible()
    meeting = Meeting.objects.get()
    expect(page.get_by_role("heading", name="From Orchard today")).to_be_visible()
    expect(page.get_by_role("heading", name="Results against goals")).to_be_visible()
    screenshot(page, "meetings-detail-en")

    # The invitation downloads as a calendar file that reads back with its escaped place.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the invitation").click()
    content = Path(download.value.path()).read_text()
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "QBR spring, Bergen"
    assert str(event["LOCATION"]) == "Bryggen 4; meeting room «Fjord», 2nd floor"
    assert "METHOD:REQUEST" in content and "BEGIN:VTIMEZONE" in content

    # The meeting takes place (moved into the past, as time would).
    start = timezone.now() - datetime.timedelta(hours=2)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    page.reload()
    page.get_by_role("link", name="Record what happened").click()
    page.get_by_role("textbox", name="What happened").fill(
        "Results on track; they want remote monitoring in the north."
    )
    page.get_by_label("Why it matters").fill("Opens the operations budget to us.")
    page.get_by_label("Decisions").fill("Pilot in Tromsø")
    page.get_by_label("The customer's rating (1–5)").select_option("4")
    page.locator("#id_steps-0-title").fill("Send the pilot proposal")
    page.locator("#id_steps-0-owner").select_option(str(owner.pk))
    page.locator("#id_steps-0-due").fill((timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    screenshot(page, "meetings-outcome-en")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("1 next step is now an action in the account plan.")).to_be_visible()
    expect(page.get_by_text("4 of 5")).to_be_visible()

    # The next step is an action in the plan, linked to the meeting.
    page.get_by_role("link", name="Send the pilot proposal").click()
    row = page.locator("tr").filter(has_text="Send the pilot proposal")
    expect(row.get_by_role("link", name="QBR spring, Bergen")).to_be_visible()
    assert Action.objects.get().meeting_id == meeting.pk

    # Kari's "last contacted" moved to the meeting's day.
    kari = Stakeholder.objects.get(name="Kari Nordmann")
    assert kari.last_contacted_on == timezone.localdate(start)
    page.goto(kari.get_absolute_url())
    expect(page.get_by_text("Results on track").first).to_be_visible()

    page.goto(reverse("meetings:customer-meetings", args=[customer.pk]))
    screenshot(page, "meetings-tab-en")
    assert browser_errors == []


def test_meetings_pages_in_norwegian(page: Page, account, owner, screenshot, browser_errors):
    owner.language = "nb"
    owner.save()
    log_in(page, owner.email)
    page.wait_for_url(reverse("accounts:home"))
    page.goto(reverse("meetings:customer-meetings", args=[account.pk]))
    expect(page.get_by_role("heading", name="Rytme")).to_be_visible()
    screenshot(page, "meetings-tab-nb")
    page.goto(reverse("meetings:meeting-create", args=[account.pk]))
    screenshot(page, "meetings-schedule-nb")
    page.goto(reverse("meetings:notifications"))
    expect(page.get_by_role("heading", name="Varsler", level=1)).to_be_visible()
    screenshot(page, "meetings-notifications-nb")
    assert browser_errors == []
