"""Status proposals in a real browser: a KAM imports a file asking for a key account, sees what the
import will do, commits; the sales leader confirms one proposal and refuses another; the KAM reads
the answer on the Selection tab. In English and in Norwegian."""

import io

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import Customer, SelectionDecision, StatusProposal, User

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Customers"
    sheet.append(["Customer list"])  # a title block above the column names
    sheet.append([])
    sheet.append(["name", "organisation number", "status", "Sales rep"])
    sheet.append(["Havbris AS", "NO 906 800 004 MVA", "key", "Kari"])
    sheet.append(["Fjell Energi AS", "923 609 016", "nøkkelkunde", "Kari"])
    sheet.append(["Kystlys AS", "556677-8899", "candidate", "Ola"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _set_language(user: User, language: str) -> None:
    User.objects.filter(pk=user.pk).update(language=language)


@pytest.mark.parametrize("language", ["en", "nb"])
def test_a_kam_imports_key_rows_and_the_leader_confirms_one_and_refuses_one(
    page: Page, owner, leader, team_a, screenshot, browser_errors, language
):
    team_a.members.add(owner)
    _set_language(owner, language)
    _set_language(leader, language)
    _log_in_any(page, owner.email)
    page.goto(reverse("accounts:import-upload"))
    page.locator("input[type=file]").set_input_files(
        {"name": "kunder.xlsx", "mimeType": XLSX, "buffer": _file()}
    )
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.locator(".notice").first).to_be_visible()
    body = page.content()
    assert "Sales rep" in body
    screenshot(page, f"import-preview-proposals-{language}")
    page.locator("#import-status form button.button").click()
    expect(page.locator(".messages .success")).to_be_visible()
    assert StatusProposal.objects.filter(state="open").count() == 2
    assert Customer.objects.get(name="Havbris AS").status == "prospect"

    page.context.clear_cookies()
    _log_in_any(page, leader.email)
    page.goto(reverse("accounts:status-proposals"))
    havbris = StatusProposal.objects.get(customer__name="Havbris AS")
    fjell = StatusProposal.objects.get(customer__name="Fjell Energi AS")
    screenshot(page, f"status-proposals-{language}")
    page.locator(f"#proposal-{havbris.pk} textarea[name$='-reason']").fill("Agreed at the QBR")
    page.locator(f"#proposal-{havbris.pk} form").first.locator("button").click()
    expect(page.locator(".messages .success")).to_be_visible()
    page.locator(f"#proposal-{fjell.pk} textarea[name$='-message']").fill("Not before the pilot ends.")
    page.locator(f"#proposal-{fjell.pk} form").nth(1).locator("button").click()
    expect(page.locator(".messages .success")).to_be_visible()
    screenshot(page, f"status-proposals-decided-{language}")
    assert Customer.objects.get(name="Havbris AS").status == "key"
    assert SelectionDecision.objects.get().reason == "Agreed at the QBR"

    page.context.clear_cookies()
    _log_in_any(page, owner.email)
    page.goto(reverse("accounts:customer-selection", args=[fjell.customer_id]))
    expect(page.locator("#proposals-heading")).to_be_visible()
    expect(page.get_by_text("Not before the pilot ends.")).to_be_visible()
    screenshot(page, f"selection-tab-refused-proposal-{language}")
    assert browser_errors == []


def _log_in_any(page: Page, email: str) -> None:
    """Log in whatever the language of the page: by the form's fields, not their labels."""
    from tests.conftest import PASSWORD

    page.goto(reverse("accounts:login"))
    form = page.locator(f"form[action='{reverse('accounts:login')}']")
    form.locator("input[type=email], input[name=username]").first.fill(email)
    form.locator("input[type=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(reverse("accounts:home"))
