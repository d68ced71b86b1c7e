"""Risk in a real browser: simulate losing the largest customer, save the scenario, and turn it
into a mitigation risk (and, through the planning app, a mitigation action on the active plan)."""

import re

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Page, expect

from risk.models import RiskItem, WhatIfScenario
from tests.e2e.test_basics import log_in
from tests.factories import CustomerFactory
from tests.risk.conftest import revenue

pytestmark = pytest.mark.browser


def planning_applies_scenarios() -> bool:
    try:
        reverse("planning:scenario-apply", args=[1])
    except NoReverseMatch:
        return False
    return True


@pytest.fixture
def portfolio(customer):
    """The cast's customer is the largest of the owner's three."""
    revenue(customer, 6_000_000, spend=9_000_000)
    for name, amount in (("Fosen Kraft AS", 3_000_000), ("Jæren Bygg AS", 1_000_000)):
        revenue(CustomerFactory(name=name, owner=customer.owner, team=customer.team), amount)
    if planning_applies_scenarios():
        from planning.models import AccountPlan
        from planning.services import plan_create

        plan_create(customer=customer, by=customer.owner, period=2026, status=AccountPlan.Status.ACTIVE)
    return customer


def test_losing_the_largest_customer_becomes_a_mitigation(page: Page, portfolio, screenshot, browser_errors):
    customer = portfolio
    log_in(page, customer.owner.email)
    page.wait_for_url(reverse("accounts:home"))
    page.get_by_role("link", name="Risk", exact=True).click()
    expect(page.get_by_role("heading", name="Portfolio risk")).to_be_visible()
    expect(page.locator(".concentration-stats .stat").first).to_contain_text("60.0")
    page.get_by_role("link", name="What if…?").click()
    expect(page.get_by_role("heading", name="What if…?", level=1)).to_be_visible()

    # The largest customer is listed first; ticking it recalculates at once (htmx, no page load).
    page.get_by_label("Customer lost (−100 %)").check()
    page.locator(".picker-list label").filter(has_text=customer.name).get_by_role("checkbox").check()
    expect(page.locator("#after-revenue")).to_contain_text("4,000,000")
    expect(page.get_by_role("heading", name="Customers in the scenario")).to_be_visible()
    expect(page).to_have_url(re.compile(rf"customers={customer.pk}"))

    # A change outside the range is refused with a message, and nothing is applied.
    page.get_by_label("Custom change in %").check()
    page.locator("#whatif-percent").fill("500")
    page.locator("#whatif-percent").press("Tab")
    expect(page.get_by_text("Enter a change from −100 % to +300 %.")).to_be_visible()
    page.get_by_label("Customer lost (−100 %)").check()
    expect(page.locator("#after-revenue")).to_contain_text("4,000,000")

    page.get_by_label("Name the scenario").fill("Largest customer lost")
    page.get_by_role("button", name="Save the scenario").click()
    expect(page.get_by_text("Scenario “Largest customer lost” saved.")).to_be_visible()
    scenario = WhatIfScenario.objects.get()
    assert scenario.changes == [{"customer": customer.pk, "kind": "lose", "percent": -100}]

    if planning_applies_scenarios():
        from planning.models import Action

        page.get_by_role("button", name="Create risks and plan actions").click()
        expect(page.get_by_text("1 risk from this scenario is in the register.")).to_be_visible()
        expect(page.get_by_text("1 new mitigation action in the active plans.")).to_be_visible()
        action = Action.objects.get()
        assert action.risk.scenario == scenario and action.plan.customer == customer
    else:
        page.get_by_role("button", name="Add to the risk registers").click()
        expect(page.get_by_text("1 risk in the register comes from")).to_be_visible()
    risk = RiskItem.objects.get()
    assert (risk.customer, risk.category, risk.scenario) == (customer, "dependency", scenario)

    page.goto(reverse("risk:customer-risk", args=[customer.pk]))
    expect(page.locator("#register")).to_contain_text(risk.title)
    expect(page.locator("#register")).to_contain_text("Largest customer lost")
    assert browser_errors == []
    screenshot(page, "risk-tab-after-scenario")
    page.goto(reverse("risk:whatif") + f"?scenario={scenario.pk}")
    screenshot(page, "risk-whatif-saved-scenario")
