""" "Our plan" in a real browser: the KAM shares two goals and an action and invites a contact; the
contact opens the link on a phone, agrees to a goal, comments, updates the action and answers the
pulse; the KAM sees all four."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import Stakeholder
from planning.models import AccountPlan, Action, Goal, GuestActivity
from tests.e2e.test_basics import log_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
LINK = re.compile(r"https?://[^\s]+(/our-plan/link/[A-Za-z0-9_-]{43}/)")


@pytest.fixture
def shared_setup(customer, owner):
    plan = AccountPlan.objects.create(
        customer=customer,
        period=2027,
        status="active",
        summary="Grow together in the north.",
        next_review_due=datetime.date(2027, 4, 1),
    )
    Goal.objects.create(
        plan=plan,
        kind="strategic",
        title="Sole supplier of maintenance",
        progress_entered=40,
        success_criteria="Uptime above 99 %\nNo missed service visits",
    )
    Goal.objects.create(
        plan=plan, kind="relational", title="Meet the board twice a year", progress_entered=10
    )
    Goal.objects.create(plan=plan, kind="strategic", title="Internal stretch goal")
    contact = Stakeholder.objects.create(
        customer=customer, name="Kari Nordmann", title="Head of maintenance", email="kari@customer.example"
    )
    Action.objects.create(
        plan=plan,
        title="Send the service report",
        owner=owner,
        assignee=contact,
        due=datetime.date.today() + datetime.timedelta(days=20),
    )
    return plan


def share(page: Page, row_name: str, button: str = "Internal") -> None:
    row = page.get_by_role("row", name=re.compile(row_name))
    row.get_by_role("button", name=button).first.click()
    expect(
        page.get_by_role("row", name=re.compile(row_name))
        .get_by_role("button", name=re.compile("Shared"))
        .first
    ).to_be_visible()


def test_the_customer_works_on_our_plan_from_a_phone(
    browser, live_server, page, shared_setup, customer, screenshot, browser_errors
):
    plan = shared_setup
    log_in(page, customer.owner.email)
    page.wait_for_url(reverse("accounts:home"))
    page.goto(reverse("planning:plan-detail", args=[plan.pk]))
    page.get_by_role("link", name="Share with the customer").click()
    share(page, "Sole supplier of maintenance")
    share(page, "Sole supplier of maintenance", "Success criteria internal")
    share(page, "Meet the board twice a year")
    share(page, "Send the service report")
    page.get_by_role("button", name="Internal").first.click()  # the plan summary
    page.get_by_label("Customer contact").select_option(label="Kari Nordmann <kari@customer.example>")
    page.get_by_label("Language of the e-mail and page").select_option("nb")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text("Kari Nordmann is invited")).to_be_visible()
    screenshot(page, "sharing-page")
    page.get_by_role("link", name="View as the customer").click()
    expect(page.get_by_role("heading", name="Our plan 2027")).to_be_visible()
    expect(page.get_by_text("Internal stretch goal")).to_have_count(0)
    screenshot(page, "our-plan-view-as-customer")

    link = LINK.search(mail.outbox[-1].body).group(1)
    phone = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="nb-NO", is_mobile=True, has_touch=True
    )
    guest = phone.new_page()
    guest.on("pageerror", lambda error: browser_errors.append(str(error)))
    guest.goto(link)
    expect(guest.get_by_role("button", name="Fortsett til planen")).to_be_visible()
    screenshot(guest, "our-plan-link-nb-phone")
    guest.get_by_role("button", name="Fortsett til planen").click()
    guest.wait_for_url("**/our-plan/")
    assert "/link/" not in guest.url
    goal = guest.locator("article", has_text="Sole supplier of maintenance")
    goal.get_by_role("button", name="Jeg er enig").click()
    expect(guest.get_by_text("Godtatt av")).to_be_visible()
    goal = guest.locator("article", has_text="Sole supplier of maintenance")
    goal.get_by_text("Kommentar", exact=True).click()
    goal.get_by_label("Din kommentar").fill("Oppetid måles per kvartal, ikke per måned.")
    goal.get_by_role("button", name="Send").click()
    expect(guest.get_by_text("Oppetid måles per kvartal")).to_be_visible()
    action = guest.locator("article", has_text="Send the service report")
    action.get_by_label("Status").select_option("in_progress")
    action.get_by_role("button", name="Oppdater").click()
    expect(
        guest.locator("article", has_text="Send the service report").get_by_text("Pågår").first
    ).to_be_visible()
    guest.locator(".pulse-scale label", has_text="4").click()
    guest.get_by_label("Noe du vil si til oss? (valgfritt)").fill("Raske svar fra kundeservice.")
    guest.locator("#pulse").get_by_role("button", name="Send").click()
    expect(guest.get_by_text("Takk for svaret.")).to_be_visible()
    width = guest.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the phone page scrolls sideways ({width}px)"
    screenshot(guest, "our-plan-guest-nb-phone")
    guest.get_by_role("combobox", name="Språk").select_option("en")
    guest.locator(".language-form button").click() if guest.locator(
        ".language-form button"
    ).is_visible() else None
    expect(guest.get_by_role("heading", name="Our plan 2027")).to_be_visible()
    screenshot(guest, "our-plan-guest-en-phone")
    phone.close()

    kinds = set(GuestActivity.objects.values_list("kind", flat=True))
    assert {"agree", "comment", "action", "pulse"} <= kinds
    page.goto(reverse("accounts:home"))
    expect(page.get_by_text(re.compile("answered on the 2027 plan: 4 new steps"))).to_be_visible()
    page.goto(reverse("planning:plan-detail", args=[plan.pk]))
    activity = page.locator("#customer-activity")
    expect(activity.get_by_text("agreed to the success criteria of")).to_be_visible()
    expect(activity.get_by_text("Oppetid måles per kvartal")).to_be_visible()
    expect(activity.get_by_text("updated the action")).to_be_visible()
    expect(activity.get_by_text("answered the satisfaction pulse: 4 of 5")).to_be_visible()
    activity.get_by_text("Answer", exact=True).click()
    activity.get_by_label("Your answer").fill("Takk, vi endrer det.")
    activity.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Your answer is shown to the customer")).to_be_visible()
    screenshot(page, "plan-customer-activity")
    assert browser_errors == []


def test_the_kam_makes_a_customer_copy_pdf_and_downloads_it(
    page, shared_setup, customer, screenshot, browser_errors
):
    plan = shared_setup
    log_in(page, customer.owner.email)
    page.wait_for_url(reverse("accounts:home"))
    page.goto(reverse("planning:plan-detail", args=[plan.pk]))
    page.get_by_role("link", name="PDF", exact=True).click()
    expect(page.get_by_text("No PDF has been made of this plan yet.")).to_be_visible()
    page.get_by_role("button", name="Account plan (customer copy)").click()
    expect(page.get_by_text("Ready.")).to_be_visible(timeout=60_000)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").click()
    assert download.value.suggested_filename.endswith("-v1.pdf")
    page.goto(reverse("planning:plan-documents", args=[plan.pk]))
    expect(page.get_by_role("row", name=re.compile("Account plan \\(customer copy\\)"))).to_be_visible()
    screenshot(page, "plan-documents")
    assert browser_errors == []
