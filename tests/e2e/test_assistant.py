"""The assistant in a real browser: prepare a meeting and edit its agenda, summarise notes, and
accept one action into the plan and one risk into the register."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import Stakeholder
from planning.models import AccountPlan, Action
from risk.models import RiskItem
from tests.e2e.test_basics import log_in

pytestmark = pytest.mark.browser

NOTES = """QBR with Nordfjord Energi
We agreed to extend the maintenance pilot to the Bergen site.
Kari is worried that the budget cuts may delay the rollout in the north.
Marte will send the revised offer next Friday.
"""


@pytest.fixture
def account(customer, owner):
    AccountPlan.objects.create(
        customer=customer,
        period=datetime.date.today().year,
        status=AccountPlan.Status.ACTIVE,
        next_review_due=datetime.date.today() + datetime.timedelta(days=60),
        created_by=owner,
    )
    Stakeholder.objects.create(
        customer=customer, name="Kari Nordmann", title="CFO", decision_role="champion", disc="red"
    )
    return customer


def test_prepare_summarise_and_accept(page: Page, account, contributor, screenshot, browser_errors):
    log_in(page, account.owner.email)
    page.wait_for_url(reverse("accounts:home"))
    page.goto(reverse("assistant:customer-assistant", args=[account.pk]))

    # Prepare a strategic meeting with Kari: agenda, angles and her DISC advice.
    page.get_by_label("Kari Nordmann").check()
    page.get_by_role("button", name="Prepare", exact=True).click()
    expect(page.get_by_role("heading", name="Meeting preparation")).to_be_visible()
    agenda = page.get_by_label("Agenda", exact=True)
    expect(agenda).to_contain_text("Next steps: who does what by when")
    agenda.fill(agenda.input_value() + "\n8. Pilot in Bergen: scope and dates")
    assert agenda.input_value().endswith("8. Pilot in Bergen: scope and dates")
    expect(page.get_by_text("Red: dominant")).to_be_visible()
    screenshot(page, "assistant-prep")

    # Summarise notes, then accept the task as an action and the risk into the register.
    page.get_by_role("link", name="Assistant").first.click()
    page.locator("textarea[name=notes]").fill(NOTES)
    page.get_by_role("button", name="Summarise", exact=True).click()
    expect(page.get_by_role("heading", name="Note summary")).to_be_visible()
    expect(page.locator(".assistant-notices")).to_contain_text("Written by the rule-based assistant")

    task = page.locator(".proposal", has_text="Marte will send the revised offer next Friday.")
    expect(task.get_by_label("Owner")).to_have_value(str(contributor.pk))
    task.get_by_label("Title").fill("Send the revised offer")
    task.get_by_role("button", name="Add to the plan as an action").click()
    expect(page.get_by_text("The action is added to the account plan.")).to_be_visible()

    risk = page.locator(".proposal", has_text="budget cuts may delay the rollout")
    risk.get_by_label("Likelihood").select_option("4")
    risk.get_by_role("button", name="Add to the risk register").click()
    expect(page.get_by_text("The risk is added to the risk register.")).to_be_visible()

    decision = page.locator(".proposal", has_text="extend the maintenance pilot")
    decision.get_by_role("button", name="Drop").click()
    expect(page.locator(".proposal.state-dropped")).to_have_count(1)
    screenshot(page, "assistant-summary-decided")

    action = Action.objects.get(plan__customer=account)
    assert (action.title, action.owner) == ("Send the revised offer", contributor)
    item = RiskItem.objects.get(customer=account)
    assert item.likelihood == 4 and "budget cuts" in item.title
    assert browser_errors == []


def test_from_the_meeting_page(page: Page, account, contributor, screenshot, browser_errors):
    from django.utils import timezone

    from meetings.models import Meeting

    kari = Stakeholder.objects.get(name="Kari Nordmann")
    start = timezone.now() + datetime.timedelta(days=7)
    planned = Meeting.objects.create(
        customer=account, title="Spring QBR", starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    planned.their_attendees.add(kari)
    held = Meeting.objects.create(
        customer=account,
        title="Winter QBR",
        starts_at=start - datetime.timedelta(days=60),
        ends_at=start - datetime.timedelta(days=60, hours=-1),
        status=Meeting.Status.HELD,
        notes=NOTES,
    )
    log_in(page, account.owner.email)
    page.wait_for_url(reverse("accounts:home"))

    # Prepare the planned meeting, edit the proposed agenda and save it into the meeting.
    page.goto(reverse("meetings:meeting-detail", args=[planned.pk]))
    page.get_by_role("button", name="Prepare with the assistant").click()
    expect(page.get_by_role("heading", name="Meeting preparation")).to_be_visible()
    expect(page.get_by_text("Red: dominant")).to_be_visible()
    agenda = page.get_by_label("Agenda", exact=True)
    agenda.fill(agenda.input_value() + "\n8. Pilot in Bergen: scope and dates")
    screenshot(page, "assistant-meeting-prep")
    page.get_by_role("button", name="Save into the meeting's agenda").click()
    expect(page.get_by_text("The agenda is saved into the meeting.")).to_be_visible()
    expect(page.locator("#agenda")).to_contain_text("8. Pilot in Bergen: scope and dates")

    # Summarise the held meeting's notes; the accepted action points back to that meeting.
    page.goto(reverse("meetings:meeting-detail", args=[held.pk]))
    page.get_by_role("button", name="Summarise the notes with the assistant").click()
    expect(page.get_by_role("heading", name="Note summary")).to_be_visible()
    task = page.locator(".proposal", has_text="Marte will send the revised offer next Friday.")
    task.get_by_role("button", name="Add to the plan as an action").click()
    expect(page.get_by_text("The action is added to the account plan.")).to_be_visible()
    risk = page.locator(".proposal", has_text="budget cuts may delay the rollout")
    risk.get_by_role("button", name="Add to the risk register").click()
    expect(page.get_by_text("The risk is added to the risk register.")).to_be_visible()

    planned.refresh_from_db()
    assert planned.agenda.endswith("8. Pilot in Bergen: scope and dates")
    assert Action.objects.get(plan__customer=account).meeting == held
    assert RiskItem.objects.filter(customer=account, title__icontains="budget cuts").exists()
    assert browser_errors == []
