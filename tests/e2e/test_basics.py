"""The first steps a person takes in Orchard, in a real browser: log in, switch language, look around."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import TABLET
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto(reverse("accounts:login"))
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_owner_logs_in_and_opens_a_customer(page, customer, screenshot, browser_errors):
    log_in(page, customer.owner.email)
    page.wait_for_url(reverse("accounts:home"))
    expect(page.get_by_role("heading", name="Accounts you own")).to_be_visible()
    expect(page.get_by_role("link", name=customer.name)).to_be_visible()
    screenshot(page, "home-owner-desktop")

    page.set_viewport_size(TABLET)
    screenshot(page, "home-owner-tablet")
    page.set_viewport_size({"width": 1280, "height": 800})

    page.get_by_role("link", name=customer.name).click()
    page.wait_for_url(customer.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_contain_text(customer.name)
    expect(page.get_by_role("heading", name="Account team")).to_be_visible()
    screenshot(page, "customer-detail-owner")
    assert browser_errors == []


def test_language_switch_to_norwegian_and_swedish_then_log_out(page, owner, screenshot, browser_errors):
    log_in(page, owner.email)
    page.wait_for_url(reverse("accounts:home"))
    # With scripts on, the select submits itself and its fallback button stays out of the way.
    expect(page.locator(".language-form").get_by_role("button")).to_be_hidden()

    page.locator("#language-select").select_option("nb")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("heading", name="Kunder du eier")).to_be_visible()
    screenshot(page, "home-nb")

    page.locator("#language-select").select_option("sv")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", name="Kunder du äger")).to_be_visible()
    screenshot(page, "home-sv")

    page.locator("details.user-menu > summary").click()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    screenshot(page, "user-menu-open-sv")
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(reverse("accounts:login"))
    expect(page.get_by_role("heading", name="Logga in", level=1)).to_be_visible()
    expect(page.get_by_text("Du har loggats ut.")).to_be_visible()
    screenshot(page, "logged-out-sv")
    assert browser_errors == []


def test_leader_opens_the_portfolio(page, leader, customer, screenshot, browser_errors):
    log_in(page, leader.email)
    page.wait_for_url(reverse("accounts:home"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Portfolio").click()
    page.wait_for_url(reverse("accounts:portfolio"))
    expect(page.get_by_role("heading", name="Portfolio", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Account health")).to_be_visible()
    owner_row = page.get_by_role("row", name=re.compile(customer.name))
    expect(owner_row).to_contain_text(customer.owner.full_name)
    screenshot(page, "portfolio-leader")
    assert browser_errors == []


def test_wrong_password_shows_the_error_and_stays_on_login(page, owner, screenshot, browser_errors):
    log_in(page, owner.email, password="not the right one")
    expect(page.get_by_role("alert")).to_contain_text("That e-mail address and password do not match")
    assert page.url.endswith(reverse("accounts:login"))
    expect(page.get_by_label("E-mail address")).to_have_value(owner.email)
    expect(page.get_by_label("Password")).to_have_value("")
    screenshot(page, "login-wrong-password")
    # The 400 response of the failed form is logged by the browser; nothing else may be.
    assert [e for e in browser_errors if "400" not in e] == []


def test_owner_adds_a_team_member_without_a_page_reload(page, customer, screenshot, browser_errors):
    newcomer = UserFactory(email="kari@example.org", full_name="Kari Nordmann", title="Support lead")
    log_in(page, customer.owner.email)
    page.wait_for_url(reverse("accounts:home"))
    page.goto(customer.get_absolute_url())
    # A full page load would wipe this flag; an htmx swap keeps it.
    page.evaluate("window.stillTheSamePage = true")

    team = page.locator("#account-team")
    team.get_by_role("link", name="Add someone").click()
    team.get_by_label("Person").select_option(label=str(newcomer))
    team.get_by_label("Role").select_option("contributor")
    team.get_by_label("Responsibility").fill("Support")
    with page.expect_response(lambda r: r.request.method == "POST" and r.request.headers.get("hx-request")):
        team.get_by_role("button", name="Add to team").click()

    expect(team.locator(".people")).to_contain_text("Kari Nordmann")
    assert page.evaluate("window.stillTheSamePage") is True
    assert page.url.endswith(customer.get_absolute_url())
    screenshot(page, "customer-team-member-added")
    assert browser_errors == []
