"""The portfolio in a real browser: a leader filters by team and drills down to a customer, records a
coaching conversation with an agreed action; the KAM sees it and their 30-day start moves on."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import FinancialPeriod
from accounts.services.health import health_snapshots_take
from planning.models import AccountPlan
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page: Page, email: str) -> None:
    page.goto(reverse("accounts:login"))
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(reverse("accounts:home"))


def log_out(page: Page) -> None:
    page.context.clear_cookies()


def test_leader_drills_down_and_coaches_and_the_kam_sees_it(page, cast, screenshot, browser_errors):
    customer = cast.customer
    FinancialPeriod.objects.create(customer=customer, year=2025, revenue=900_000, gross_margin=200_000)
    AccountPlan.objects.create(
        customer=customer, period=2026, status="active", next_review_due=datetime.date(2026, 1, 1)
    )
    health_snapshots_take()

    log_in(page, cast.leader.email)
    page.goto(reverse("accounts:portfolio"))
    page.get_by_label("Team").select_option(label=customer.team.name)
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"team="))
    screenshot(page, "portfolio-filtered")
    page.get_by_role("link", name=re.compile(r"Plan not reviewed for 90 days: 1")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plan not reviewed")
    page.get_by_role("link", name=customer.name).click()
    expect(page.get_by_role("heading", name="Account health")).to_be_visible()
    screenshot(page, "customer-health")

    page.goto(reverse("planning:coaching"))
    row = page.get_by_role("row", name=re.compile(cast.owner.full_name))
    row.get_by_role("link", name="Record a conversation").click()
    page.get_by_label(customer.name).check()
    page.get_by_label("Notes").fill("Talked about the review rhythm and the top management gap.")
    page.get_by_label("Agreed action 1").fill("Book a meeting with the CFO")
    page.get_by_label("Due").first.fill("2027-01-15")
    page.get_by_role("button", name="Record the conversation").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Coaching conversation")
    expect(page.get_by_role("link", name="Book a meeting with the CFO")).to_be_visible()
    screenshot(page, "coaching-recorded")
    log_out(page)

    log_in(page, cast.owner.email)
    page.goto(reverse("planning:coaching"))
    page.get_by_role("link", name=re.compile(cast.leader.full_name)).click()
    expect(page.get_by_text("Talked about the review rhythm")).to_be_visible()
    page.goto(reverse("accounts:start"))
    expect(page.get_by_role("listitem").filter(has_text="A coaching conversation held")).to_contain_text(
        "Done"
    )
    screenshot(page, "start-checklist")
    assert browser_errors == []
