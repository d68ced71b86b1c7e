"""Keyboard use: forms loaded on demand take the focus, the focus ring can be seen, and buttons that do
different things have different names."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import AccountMember, CustomerUnit
from tests.e2e.test_basics import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def tab_to(page: Page, locator, limit: int = 80) -> None:
    """Press Tab until the locator has the focus, as a keyboard user would (fails after `limit` presses)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{locator} never received the focus with Tab")


def focused(page: Page) -> dict:
    return page.evaluate(
        "() => { const el = document.activeElement; return {tag: el.tagName.toLowerCase(), "
        "id: el.id, name: el.getAttribute('name') || '', type: el.getAttribute('type') || ''}; }"
    )


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rgb(css: str) -> tuple[int, int, int]:
    r, g, b = (int(v) for v in re.findall(r"\d+", css)[:3])
    return r, g, b


def ring(page: Page) -> dict:
    """The focused element's outline, and the colour behind it (the nearest ancestor with a background)."""
    return page.evaluate(
        """() => {
          const el = document.activeElement, style = getComputedStyle(el);
          let node = el.parentElement, behind = 'rgb(255, 255, 255)';
          while (node) {
            const bg = getComputedStyle(node).backgroundColor;
            if (bg && bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent') { behind = bg; break; }
            node = node.parentElement;
          }
          return {style: style.outlineStyle, width: parseFloat(style.outlineWidth), colour: style.outlineColor, behind};
        }"""
    )


def test_add_someone_form_loaded_on_demand_takes_the_focus(page, customer, screenshot, browser_errors):
    UserFactory(email="new@example.org", full_name="Nina Ny")
    log_in(page, customer.owner.email)
    page.wait_for_url(reverse("accounts:home"))
    page.goto(customer.get_absolute_url())
    add = page.get_by_role("link", name="Add someone")
    tab_to(page, add)
    page.keyboard.press("Enter")
    form = page.locator("form.add-member")
    expect(form).to_be_visible()
    expect(form.locator("select, input:not([type=hidden])").first).to_be_focused()
    screenshot(page, "keyboard-add-someone-focused")

    # Sent empty, the form comes back refused: the focus goes to the field with the error.
    tab_to(page, form.get_by_role("button", name="Add to team"))
    page.keyboard.press("Enter")
    expect(form.locator("[aria-invalid=true]").first).to_be_focused()

    # Cancel takes the form away: the focus stays in the account team instead of falling to the page top.
    tab_to(page, page.locator("form.add-member").get_by_role("link", name="Cancel"))
    page.keyboard.press("Enter")
    expect(page.locator("form.add-member")).to_have_count(0)
    expect(page.locator("#account-team-body")).to_be_focused()
    # Expected: the refused form's 400, and Chromium's note that htmx could not copy the empty style
    # attribute Chromium puts on hidden inputs while it settles the swap (nothing is lost by that).
    expected = ("status of 400", "Applying inline style violates")
    assert [e for e in browser_errors if not any(text in e for text in expected)] == []


def test_add_a_unit_form_loaded_on_demand_takes_the_focus(page, customer, browser_errors):
    for name in ("Production", "Grid", "Retail"):
        CustomerUnit.objects.create(customer=customer, kind="unit", name=name)
    log_in(page, customer.owner.email)
    page.wait_for_url(reverse("accounts:home"))
    page.goto(customer.get_absolute_url())
    tab_to(page, page.get_by_role("link", name="Add a unit, country or location"))
    page.keyboard.press("Enter")
    form = page.locator("#units-body form.inline-form")
    expect(form.locator("select, input:not([type=hidden])").first).to_be_focused()
    tab_to(page, form.get_by_label("Name"))
    page.keyboard.type("Hydro power")
    page.keyboard.press("Enter")
    expect(page.locator("#units-body")).to_contain_text("Hydro power")
    # The add link is back and the focus is in the list, not lost at the top of the page.
    expect(page.locator("#units-body")).to_be_focused()

    # Each remove button names its unit: a list of buttons would otherwise read "Remove" four times.
    for name in ("Production", "Grid", "Retail", "Hydro power"):
        expect(page.get_by_role("button", name=f"Remove {name}", exact=True)).to_have_count(1)
    assert browser_errors == []


def test_account_menu_name_includes_the_initials_it_shows(page, owner):
    log_in(page, owner.email)
    page.wait_for_url(reverse("accounts:home"))
    summary = page.locator("details.user-menu > summary")
    expect(summary).to_have_accessible_name(re.compile(rf"^{owner.initials}\b.*{owner.full_name}"))


def test_focus_ring_is_clearly_visible_on_links_fields_and_checkboxes(page, customer, screenshot):
    AccountMember.objects.filter(customer=customer).update(role=AccountMember.Role.CONTRIBUTOR)
    log_in(page, customer.owner.email)
    page.wait_for_url(reverse("accounts:home"))
    page.goto(reverse("accounts:interaction-create", kwargs={"customer_id": customer.pk}))
    checkbox = page.locator("input[type=checkbox]").first
    expect(checkbox).to_be_attached()
    targets = {
        "first link": page.get_by_role("link", name="Skip to content"),
        "text field": page.locator("textarea, input[type=text]").first,
        "checkbox": checkbox,
    }
    for what, target in targets.items():
        tab_to(page, target, limit=200)
        seen = ring(page)
        assert seen["style"] != "none" and seen["width"] >= 2, f"{what}: no visible focus outline ({seen})"
        ratio = contrast(rgb(seen["colour"]), rgb(seen["behind"]))
        assert ratio >= 3, (
            f"{what}: focus ring {seen['colour']} on {seen['behind']} is {ratio:.2f}:1, below 3:1"
        )
    screenshot(page, "keyboard-checkbox-focus")


def test_focus_ring_in_the_dark_header_is_light(page, owner):
    log_in(page, owner.email)
    page.wait_for_url(reverse("accounts:home"))
    tab_to(page, page.get_by_role("navigation", name="Main").get_by_role("link").first)
    seen = ring(page)
    assert contrast(rgb(seen["colour"]), rgb(seen["behind"])) >= 3, seen
