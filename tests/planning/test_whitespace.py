"""The white-space matrix: edit a cell in place, totals, sharing, opportunities, export, catalogue."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from planning.models import Offering, Opportunity, WhiteSpaceCell, WhiteSpaceRow

pytestmark = pytest.mark.django_db


def cell_url(customer, offering, unit):
    return reverse("planning:whitespace-cell", args=[customer.pk, offering.pk, unit.pk])


CELL = {
    "status": "competitor",
    "current_revenue": "0",
    "potential": "750000",
    "competitor": "Fjordtech",
    "confidence": 3,
    "version": 0,
}


def test_the_matrix_shows_offerings_by_units_with_totals(client, viewer, customer, catalogue, units):
    WhiteSpaceCell.objects.create(
        customer=customer,
        offering=catalogue[0],
        unit=units[0],
        status="us",
        current_revenue=400,
        potential=600,
    )
    WhiteSpaceCell.objects.create(
        customer=customer, offering=catalogue[2], unit=units[1], status="open", potential=900
    )
    client.force_login(viewer)
    r = client.get(reverse("planning:customer-whitespace", args=[customer.pk]))
    body = r.content.decode()
    assert r.status_code == 200
    for name in (
        "Field service",
        "Preventive maintenance",
        "Production",
        "Bergen",
        "Heat map of open potential",
    ):
        assert name in body
    assert 'class="cell heat-5 st-open"' in body
    assert cell_url(customer, catalogue[0], units[0]) not in body  # viewers read, they do not edit
    assert "<svg" in body and 'style="' not in body


def test_editing_a_cell_in_place_with_htmx_returns_the_matrix_with_new_totals(
    client, contributor, customer, catalogue, units
):
    client.force_login(contributor)
    url = cell_url(customer, catalogue[1], units[2])
    form = client.get(url, HTTP_HX_REQUEST="true")
    assert form.status_code == 200 and b"<html" not in form.content and b'class="cell-editor"' in form.content
    r = client.post(url, CELL, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and r["HX-Retarget"] == "#whitespace-matrix"
    assert b"<html" not in r.content and b"750K" in r.content
    cell = WhiteSpaceCell.objects.get()
    assert (cell.status, cell.potential, cell.competitor, cell.updated_by) == (
        "competitor",
        750000,
        "Fjordtech",
        contributor,
    )


def test_the_cell_form_works_without_javascript(client, owner, customer, catalogue, units):
    client.force_login(owner)
    url = cell_url(customer, catalogue[0], units[0])
    page = client.get(url)
    assert page.status_code == 200 and b"<html" in page.content
    r = client.post(url, CELL)
    assert r.status_code == 302 and r["Location"] == reverse(
        "planning:customer-whitespace", args=[customer.pk]
    )


@pytest.mark.parametrize("field", ["potential", "current_revenue"])
def test_a_negative_amount_is_refused(client, owner, customer, catalogue, units, field):
    client.force_login(owner)
    r = client.post(cell_url(customer, catalogue[0], units[0]), CELL | {field: "-1"})
    assert r.status_code == 400 and "cannot be negative" in r.content.decode()
    htmx = client.post(
        cell_url(customer, catalogue[0], units[0]), CELL | {field: "-1"}, HTTP_HX_REQUEST="true"
    )
    assert htmx.status_code == 200 and b"cannot be negative" in htmx.content
    assert not WhiteSpaceCell.objects.exists()


def test_a_unit_of_another_customer_is_not_found(client, owner, customer, foreign_customer, catalogue):
    from accounts.models import CustomerUnit

    theirs = CustomerUnit.objects.create(customer=foreign_customer, name="Secret site")
    client.force_login(owner)
    assert client.post(cell_url(customer, catalogue[0], theirs), CELL).status_code == 404


def test_a_group_cannot_be_filled_in(client, owner, customer, catalogue, units):
    client.force_login(owner)
    group = catalogue[0].parent
    r = client.post(cell_url(customer, group, units[0]), CELL)
    assert r.status_code == 400 and "is a group" in r.content.decode()


def test_an_open_cell_becomes_an_opportunity_in_one_step(client, owner, customer, catalogue, units, plan):
    WhiteSpaceCell.objects.create(
        customer=customer, offering=catalogue[2], unit=units[1], status="open", potential=Decimal(900000)
    )
    client.force_login(owner)
    r = client.post(reverse("planning:cell-to-opportunity", args=[customer.pk, catalogue[2].pk, units[1].pk]))
    opportunity = Opportunity.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse(
        "planning:opportunity-edit", args=[opportunity.pk]
    )
    assert (opportunity.plan, opportunity.value, opportunity.offering, opportunity.unit) == (
        plan,
        900000,
        catalogue[2],
        units[1],
    )
    assert WhiteSpaceCell.objects.get().status == "in_progress"
    again = client.post(
        reverse("planning:cell-to-opportunity", args=[customer.pk, catalogue[2].pk, units[1].pk])
    )
    assert again.status_code == 302 and Opportunity.objects.count() == 1


def test_a_cell_without_a_plan_to_go_into_is_refused_with_a_message(
    client, owner, customer, catalogue, units
):
    client.force_login(owner)
    r = client.post(
        reverse("planning:cell-to-opportunity", args=[customer.pk, catalogue[0].pk, units[0].pk]), follow=True
    )
    assert "Start an account plan first" in r.content.decode()
    assert not Opportunity.objects.exists() and not WhiteSpaceCell.objects.exists()


def test_a_row_is_internal_until_it_is_shared(client, owner, customer, catalogue, units):
    client.force_login(owner)
    url = reverse("planning:whitespace-row-share", args=[customer.pk, catalogue[0].pk])
    assert client.post(url, {"shared": "1"}).status_code == 302
    assert WhiteSpaceRow.objects.get().shared is True
    client.post(url, {"shared": "0"})
    assert WhiteSpaceRow.objects.get().shared is False


def test_the_matrix_export_has_totals_and_neutralised_text(client, owner, customer, catalogue, units):
    WhiteSpaceCell.objects.create(
        customer=customer,
        offering=catalogue[0],
        unit=units[0],
        status="us",
        current_revenue=400,
        potential=600,
    )
    Offering.objects.filter(pk=catalogue[1].pk).update(name="=cmd|' /C calc'!A0")
    client.force_login(owner)
    r = client.get(reverse("planning:whitespace-export", args=[customer.pk]))
    sheet = load_workbook(BytesIO(r.content))["White space"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Group", "Offering", "Sharing", "Production · status")
    assert rows[2][1] == "'=cmd|' /C calc'!A0"
    assert rows[-1][1] == "Total" and rows[-1][-3:] == (400, 600, 0)


def test_leaders_keep_the_catalogue_at_most_two_levels_deep(client, leader, owner, catalogue):
    client.force_login(leader)
    child = catalogue[0]
    r = client.post(reverse("planning:offering-create"), {"name": "Too deep", "parent": child.pk, "order": 0})
    assert r.status_code == 400 and not Offering.objects.filter(name="Too deep").exists()
    group = child.parent
    assert (
        client.post(
            reverse("planning:offering-create"), {"name": "Night shifts", "parent": group.pk, "order": 2}
        ).status_code
        == 302
    )
    client.force_login(owner)
    assert client.get(reverse("planning:offering-list")).status_code == 403
