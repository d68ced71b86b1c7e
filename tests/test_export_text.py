"""Exports never break on what users typed: control characters written past the forms (older data,
the admin, an import from another tool) are left out of every cell, and every export still answers."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.exports import spreadsheet_text, spreadsheet_value
from accounts.models import Customer, CustomerUnit, Event, FinancialPeriod, Job, User
from planning.models import AccountPlan, Action, Goal, Offering, Opportunity, WhiteSpaceCell
from risk.models import RiskItem

BELL = "\x07"
NASTY = f"Nord{BELL}fjord\x00 Energi\x1b AS\x0b"
# PostgreSQL refuses NUL in text columns, so stored rows carry every other control character.
STORED = NASTY.replace("\x00", "")
CLEAN = "Nordfjord Energi AS"


def test_the_one_gate_removes_what_xml_cannot_hold_and_keeps_tabs_and_line_breaks():
    assert spreadsheet_text(NASTY) == CLEAN
    assert spreadsheet_text("two\nlines\tand a tab\r") == "two\nlines\tand a tab\r"
    assert spreadsheet_text(f"{BELL}=1+1") == "'=1+1"  # the formula check sees the cleaned text
    assert spreadsheet_value(Decimal("1.5")) == Decimal("1.5") and spreadsheet_value(None) is None


@pytest.fixture
def dirty(customer, owner):
    """The cast's customer with control characters in every kind of text an export writes."""
    Customer.objects.filter(pk=customer.pk).update(
        name=STORED, org_number="923 609 016", industry=f"Power{BELL}"
    )
    User.objects.filter(pk=owner.pk).update(full_name=f"Ingrid{BELL} Berg")
    unit = CustomerUnit.objects.create(customer=customer, kind="unit", name=f"Off{BELL}shore", note="a\x02b")
    FinancialPeriod.objects.create(customer=customer, year=2026, revenue=100, gross_margin=10)
    plan = AccountPlan.objects.create(
        customer=customer,
        period=2027,
        summary=f"Grow{BELL} in the north.\nTwo lines.",
        next_review_due=datetime.date(2027, 4, 1),
        created_by=owner,
    )
    goal = Goal.objects.create(plan=plan, kind=Goal.Kind.STRATEGIC, title=f"Sole{BELL} supplier")
    Opportunity.objects.create(plan=plan, name=f"Pilot{BELL}", goal=goal, value=Decimal("5"), probability=40)
    Action.objects.create(plan=plan, title="Book\x1f the QBR", owner=owner, due=datetime.date(2027, 3, 1))
    RiskItem.objects.create(customer=customer, title=f"Lose{BELL} the tender", likelihood=3, impact=4)
    offering = Offering.objects.create(name=f"Field{BELL} service")
    WhiteSpaceCell.objects.create(customer=customer, offering=offering, unit=unit, status="us", potential=5)
    Event.objects.create(customer=customer, actor=owner, kind="customer.created", data={"status": "key"})
    return plan


def _cells(content: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(content))
    return [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v]


def _body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_export_answers_with_a_readable_file_whatever_was_typed(
    client, admin_user, owner, customer, dirty, django_capture_on_commit_callbacks
):
    workbooks = {
        "customers": (owner, reverse("accounts:customer-export")),
        "financials": (owner, reverse("accounts:financials-export", args=[customer.pk])),
        "portfolio": (admin_user, reverse("accounts:portfolio-export")),
        "plan": (owner, reverse("planning:plan-export", args=[dirty.pk])),
        "white space": (owner, reverse("planning:whitespace-export", args=[customer.pk])),
    }
    texts = {}
    for name, (user, url) in workbooks.items():
        client.force_login(user)
        texts[name] = " | ".join(_cells(_body(client.get(url))))
        assert BELL not in texts[name] and "\x00" not in texts[name], name
    assert CLEAN in texts["customers"] and "Offshore" in texts["customers"] and "ab" in texts["customers"]
    assert CLEAN in texts["financials"]
    for text in (
        "Grow in the north.\nTwo lines.",
        "Sole supplier",
        "Pilot",
        "Book the QBR",
        "Lose the tender",
    ):
        assert text in texts["plan"], text
    assert "Offshore · status" in texts["white space"] and "Field service" in texts["white space"]
    assert CLEAN in texts["portfolio"] and "Ingrid Berg" in texts["portfolio"]

    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:timeline-export", args=[customer.pk]))
    job = Job.objects.get(kind="timeline.export")
    csv = _body(client.get(reverse("accounts:job-download", args=[job.pk]))).decode("utf-8-sig")
    assert "Ingrid Berg" in csv and BELL not in csv
