"""The stakeholder map in a real browser: map three people, see the coverage gap, close it with a relationship."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.test_basics import log_in

pytestmark = pytest.mark.browser

PEOPLE = [
    ("Anne Sjef", "Chief Executive Officer", "Executive", "Top management", "5 – decides"),
    ("Per Innkjøp", "Procurement Manager", "Management", "Procurement and finance", "4"),
    ("Siri Bruker", "Project Engineer", "Specialist", "Users and specialists", "2"),
]
TOP_GAP = "No strong relationship in top management"


def add_person(page: Page, name: str, title: str, level: str, function: str, influence: str) -> None:
    page.get_by_role("link", name="Add person").click()
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Level", exact=True).select_option(label=level)
    page.get_by_label("Function", exact=True).select_option(label=function)
    page.get_by_label("Influence", exact=True).select_option(label=influence)
    page.get_by_role("button", name="Add to the map").click()
    expect(page.get_by_role("heading", name=name, level=2)).to_be_visible()
    expect(page.get_by_text(f"{name} is on the map.")).to_be_visible()


def test_owner_maps_three_people_sees_the_coverage_gap_and_closes_it(
    page, customer, screenshot, browser_errors
):
    owner = customer.owner
    log_in(page, owner.email)
    page.wait_for_url(reverse("accounts:home"))
    page.goto(reverse("accounts:customer-stakeholders", args=[customer.pk]))
    expect(page.get_by_role("heading", name="Nobody on the map yet")).to_be_visible()

    for person in PEOPLE:
        add_person(page, *person)
        page.get_by_role("navigation", name="Stakeholder map").get_by_role("link", name="People").click()
    expect(page.get_by_text("3 people on the map")).to_be_visible()
    screenshot(page, "stakeholders-people")

    page.get_by_role("link", name="Gaps and next steps", exact=True).click()
    top_gap = page.locator(".gap", has_text=TOP_GAP)
    expect(top_gap).to_contain_text("Start with Anne Sjef")
    screenshot(page, "stakeholders-gap-open")

    top_gap.get_by_role("link", name="Open Anne Sjef").click()
    page.evaluate("window.stillTheSamePage = true")
    form = page.locator("form.relationship-form")
    form.get_by_label("Our person").select_option(label=owner.full_name)
    form.get_by_label("Strength now").select_option(label="Strong")
    form.get_by_label("Target strength").select_option(label="Strong")
    form.get_by_label("Owns the relationship").check()
    form.get_by_role("button", name="Save relationship").click()
    row = page.locator("#relationships-body tbody tr", has_text=owner.full_name)
    expect(row).to_contain_text("Strong")
    expect(row).to_contain_text("Owner")
    assert page.evaluate("window.stillTheSamePage") is True  # swapped in place by htmx
    screenshot(page, "stakeholders-relationship")

    page.get_by_role("link", name="Gaps and next steps", exact=True).click()
    expect(page.get_by_role("heading", name="gaps", exact=False).first).to_be_visible()
    expect(page.locator(".gap", has_text=TOP_GAP)).to_have_count(0)
    expect(page.locator(".gap", has_text="at executive level")).to_have_count(0)
    finance_gap = page.locator(".gap", has_text="No strong relationship in procurement and finance")
    expect(finance_gap).to_have_count(1)
    screenshot(page, "stakeholders-gap-closed")

    # The gap's next step is stored for the meeting and plan features, in place.
    finance_gap.get_by_role("button", name="Plan a meeting").click()
    expect(finance_gap).to_contain_text(f"Next step stored: Plan a meeting · {owner.full_name}")
    expect(page.locator(".step-list")).to_contain_text("Per Innkjøp")

    page.get_by_role("link", name="Org chart and coverage").click()
    expect(page.locator("svg.org-chart")).to_contain_text("Anne Sjef")
    expect(page.locator("svg.coverage-matrix")).to_contain_text("Strong")
    screenshot(page, "stakeholders-map")
    assert browser_errors == []
