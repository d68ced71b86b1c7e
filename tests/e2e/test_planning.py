"""A plan from start to "what changed", in a real browser: goals, actions, a white-space cell edited in
place, a review, a change after it, and the difference shown."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import CustomerUnit
from planning.models import Offering
from tests.e2e.test_basics import log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def matrix_axes(customer):
    group = Offering.objects.create(name="Field service")
    Offering.objects.create(name="Preventive maintenance", parent=group)
    Offering.objects.create(name="Remote monitoring", parent=group, order=1)
    CustomerUnit.objects.create(customer=customer, kind="unit", name="Production")
    CustomerUnit.objects.create(customer=customer, kind="location", name="Bergen")


def edit_cell(page: Page, row: str, status: str, potential: str, shoot=None) -> None:
    cell = page.get_by_role("row", name=re.compile(row)).locator("td.cell").first
    cell.locator("a.cell-link").click()
    editor = page.locator(".cell-editor")
    expect(editor).to_be_visible()
    editor.get_by_label("Status").select_option(label=status)
    editor.get_by_label("Estimated potential").fill(potential)
    if shoot:
        shoot(page, "whitespace-cell-editor")
    editor.get_by_role("button", name="Save").click()
    expect(page.locator(".cell-editor")).to_have_count(0)


def test_a_plan_from_start_to_what_changed(page, customer, matrix_axes, screenshot, browser_errors):
    log_in(page, customer.owner.email)
    page.wait_for_url(reverse("accounts:home"))
    page.goto(reverse("planning:customer-plan", args=[customer.pk]))

    page.get_by_label("Period").fill("2027")
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_role("heading", name=re.compile("Account plan 2027"))).to_be_visible()

    page.get_by_role("link", name="Add goal").click()
    page.get_by_label("Kind").select_option("strategic")
    page.get_by_label("Goal", exact=True).fill("Sole supplier of maintenance in the north")
    page.get_by_label("Progress (%)").fill("25")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Sole supplier of maintenance in the north")).to_be_visible()

    page.get_by_role("link", name="Add action").click()
    page.get_by_label("Action", exact=True).fill("Book the QBR with the leadership team")
    page.get_by_label("Owner").select_option(label=customer.owner.full_name)
    page.get_by_role("button", name="Save").click()
    actions = page.locator("#actions")
    expect(actions.get_by_role("rowheader", name="Book the QBR with the leadership team")).to_be_visible()
    screenshot(page, "plan-with-goal-and-action")

    page.get_by_role("navigation", name="Customer sections").get_by_role("link", name="White space").click()
    edit_cell(page, "Preventive maintenance", "Buying from a competitor", "500000", screenshot)
    first_cell = page.get_by_role("row", name=re.compile("Preventive maintenance")).locator("td.cell").first
    expect(first_cell).to_contain_text("Competitor")
    expect(first_cell).to_contain_text("500K")
    screenshot(page, "whitespace-cell-edited")

    page.get_by_role("navigation", name="Customer sections").get_by_role("link", name="Account plan").click()
    page.get_by_role("link", name="Record a review").click()
    page.get_by_label("How is the business developing?").fill("Volumes are up in the north.")
    page.get_by_label("Are we living up to the plan?").fill("Mostly; the QBR is not booked yet.")
    page.get_by_role("button", name="Record the review").click()
    expect(page.get_by_text("The review is recorded")).to_be_visible()

    page.locator("#actions").get_by_role("button", name="Done").click()
    expect(page.locator("#actions").get_by_role("button", name="Done")).to_have_count(0)
    page.get_by_role("navigation", name="Customer sections").get_by_role("link", name="White space").click()
    edit_cell(page, "Preventive maintenance", "Buying from us", "500000")

    page.get_by_role("navigation", name="Customer sections").get_by_role("link", name="Account plan").click()
    page.get_by_role("link", name="What changed").click()
    changes = page.locator("#changes")
    expect(changes.get_by_text("Book the QBR with the leadership team")).to_be_visible()
    expect(changes.locator("ins", has_text="Done")).to_be_visible()
    expect(changes.locator("ins", has_text="Buying from us")).to_be_visible()
    screenshot(page, "plan-what-changed")
    assert browser_errors == []
