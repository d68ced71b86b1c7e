"""Selection in a real browser: a leader scores two customers and makes one a key account; its KAM sees it."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import Criterion, Customer
from tests.conftest import PASSWORD
from tests.factories import CustomerFactory

pytestmark = pytest.mark.browser


def log_in(page: Page, email: str) -> None:
    page.goto(reverse("accounts:login"))
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(reverse("accounts:home"))


def score_everything(page: Page, customer: Customer, value: int, rationale: str) -> None:
    page.goto(reverse("accounts:customer-selection", args=[customer.pk]))
    page.get_by_role("link", name="Score this customer").click()
    page.wait_for_url(reverse("accounts:customer-scores", args=[customer.pk]))
    for criterion in Criterion.objects.filter(active=True):
        page.locator(f"input[name='score_{criterion.pk}'][value='{value}']").check()
    first = Criterion.objects.filter(active=True).order_by("order").first()
    page.locator(f"textarea[name='rationale_{first.pk}']").fill(rationale)
    page.get_by_role("button", name="Save scores").click()
    page.wait_for_url(reverse("accounts:customer-selection", args=[customer.pk]))
    expect(page.get_by_role("status")).to_contain_text("scores saved")


@pytest.fixture
def default_criteria(transactional_db):
    """Browser tests flush the database between tests, data migrations included: put the criteria back."""
    if not Criterion.objects.exists():
        migration = importlib.import_module("accounts.migrations.0003_default_criteria")
        migration.seed_criteria(django_apps, None)


def test_leader_scores_two_customers_makes_one_key_and_the_kam_sees_it(
    page, leader, owner, team_a, screenshot, browser_errors, default_criteria
):
    strong = CustomerFactory(name="Hardanger Kraft AS", owner=owner, team=team_a, status="candidate")
    weak = CustomerFactory(name="Polarlys Handel AS", owner=owner, team=team_a, status="candidate")

    log_in(page, leader.email)
    score_everything(page, strong, 5, "Largest customer in the region")
    score_everything(page, weak, 2, "Small and shrinking")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Selection").click()
    page.wait_for_url(reverse("accounts:ranking"))
    rows = page.locator("table.ranking-table tbody tr")
    expect(rows.nth(0)).to_contain_text("Hardanger Kraft AS")
    expect(rows.nth(0)).to_contain_text("Develop")
    expect(rows.nth(1)).to_contain_text("Polarlys Handel AS")
    expect(page.locator("svg.quadrant-chart")).to_be_visible()
    screenshot(page, "selection-ranking-leader")

    rows.nth(0).get_by_role("link", name="Hardanger Kraft AS").click()
    page.wait_for_url(reverse("accounts:customer-selection", args=[strong.pk]))
    page.get_by_label("Decision", exact=True).select_option("make_key")
    page.get_by_label("Why?", exact=True).fill("Top of the ranking; the COO wants a joint plan.")
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(reverse("accounts:customer-selection", args=[strong.pk]))
    expect(page.get_by_role("status")).to_contain_text("Decision recorded")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Key account")
    screenshot(page, "selection-tab-after-decision")

    page.context.clear_cookies()
    log_in(page, owner.email)
    item = page.locator(".customer-list li").filter(has_text="Hardanger Kraft AS")
    expect(item).to_contain_text("Key account")
    expect(page.locator(".customer-list li").filter(has_text="Polarlys Handel AS")).to_contain_text(
        "Candidate"
    )
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".page-head p")).to_have_text(re.compile(r"You look after 1 key account\."))
    screenshot(page, "selection-kam-home-after-decision")
    assert browser_errors == []
