"""Numbers typed in a Norwegian browser are stored as meant, and Back-and-save adds nothing twice."""

import datetime
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from planning.models import AccountPlan, Opportunity
from tests.conftest import PASSWORD
from tests.e2e.conftest import DESKTOP, TIMEOUT_MS
from tests.e2e.test_basics import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def norwegian_page(browser: Browser, live_server) -> Iterator[Page]:
    """A browser that formats numbers the Norwegian way (decimal comma, space between groups)."""
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="nb-NO")
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture
def plan(customer) -> AccountPlan:
    return AccountPlan.objects.create(
        customer=customer,
        period=2026,
        summary="",
        next_review_due=datetime.date(2026, 4, 1),
        created_by=customer.owner,
    )


def add_opportunity(page: Page, plan: AccountPlan, name: str, value: str) -> None:
    page.goto(reverse("planning:opportunity-create", args=[plan.pk]))
    page.locator("#id_name").fill(name)
    page.locator("#id_value").fill(value)
    page.locator("#id_probability").fill("40")
    page.locator("form:has(#id_name) button[type=submit]").first.click()
    page.wait_for_url(f"**{plan.get_absolute_url()}**")


@pytest.mark.parametrize("typed", ["1234,50", "1 234,50", "1.234,50", "1 234,50 kr"])
def test_a_norwegian_browser_stores_the_amount_that_was_typed(norwegian_page, customer, plan, typed):
    customer.owner.language = "nb"
    customer.owner.save(update_fields=["language"])
    norwegian_page.goto(reverse("accounts:login"))
    norwegian_page.locator("#id_username").fill(customer.owner.email)
    norwegian_page.locator("#id_password").fill(PASSWORD)
    norwegian_page.locator("form:has(#id_password) button[type=submit]").click()
    norwegian_page.wait_for_url(reverse("accounts:home"))
    add_opportunity(norwegian_page, plan, "Fjernovervåking", typed)
    assert Opportunity.objects.get().value == Decimal("1234.50")
    opportunity = Opportunity.objects.get()
    norwegian_page.goto(reverse("planning:opportunity-edit", args=[opportunity.pk]))
    expect(norwegian_page.locator("#id_value")).to_have_value("1\u00a0234,50")


def test_back_and_save_again_adds_no_copy(page, customer, plan, browser_errors):
    log_in(page, customer.owner.email)
    page.wait_for_url(reverse("accounts:home"))
    add_opportunity(page, plan, "Remote monitoring pilot", "500 000")
    page.go_back()
    expect(page.locator("#id_name")).to_have_value("Remote monitoring pilot")
    expect(page.locator("#id_value")).to_have_value("500 000")
    page.locator("form:has(#id_name) button[type=submit]").first.click()
    expect(page.get_by_text("is saved already")).to_be_visible()
    assert Opportunity.objects.filter(name="Remote monitoring pilot").count() == 1
    assert browser_errors == []
