"""Excel import and export: the template, bad files, the preview, the commit, and the round trip."""

import io
import os
import subprocess
import sys
import time
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import services, timeline
from accounts.excel import columns as cols
from accounts.excel import reading, safety
from accounts.models import AccountMember, Customer, CustomerUnit, Event, FinancialPeriod, Job, StatusProposal
from accounts.services import imports
from tests.accounts.test_jobs import _database_url_for_worker, eager_off  # noqa: F401  (a fixture)
from tests.factories import CustomerFactory, UserFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CUSTOMER_HEADERS = [
    "name",
    "organisation number",
    "external id",
    "status",
    "tier",
    "industry",
    "country",
    "website",
    "parent organisation number",
    "owner e-mail",
]
UNIT_HEADERS = ["customer organisation number or external id", "kind", "name", "country", "note"]
FINANCIAL_HEADERS = [
    "customer organisation number or external id",
    "year",
    "quarter",
    "revenue",
    "gross margin",
    "their spend",
]


@pytest.fixture(autouse=True)
def _media(request, settings, tmp_path):
    if request.node.get_closest_marker("worker") is None:  # a real worker reads the configured folder
        settings.MEDIA_ROOT = tmp_path


# --- Helpers -----------------------------------------------------------------------------------------
def xlsx(sheets: dict[str, list[list]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def customers_file(*rows: list, headers: list = CUSTOMER_HEADERS, **other_sheets) -> bytes:
    return xlsx({"Customers": [headers, *rows], **other_sheets})


def org_number(n: int) -> str:
    """A distinct Norwegian organisation number with a right check digit for each n."""
    for prefix in "9876":
        digits = f"{prefix}{n:07d}"
        check = (
            11 - sum(int(d) * w for d, w in zip(digits, (3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
        ) % 11
        if check != 10:
            return digits + str(check)
    raise AssertionError(n)


def upload(client, content: bytes, name: str = "customers.xlsx"):
    return client.post(
        reverse("accounts:import-upload"), {"file": SimpleUploadedFile(name, content, content_type=XLSX)}
    )


def preview(client, content: bytes) -> Job:
    response = upload(client, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = Job.objects.filter(kind=imports.PREVIEW).latest("pk")
    assert response["Location"] == reverse("accounts:import-preview", args=[job.pk])
    assert job.status == Job.Status.DONE, job.message
    return job


def commit(client, job: Job) -> Job:
    response = client.post(reverse("accounts:import-preview", args=[job.pk]))
    assert response.status_code == 302, response.content.decode()[:2000]
    commit_job = Job.objects.filter(kind=imports.COMMIT).latest("pk")
    assert commit_job.status == Job.Status.DONE, commit_job.message
    return commit_job


def outcomes(job: Job) -> list[tuple[str, int, str]]:
    return [(row["sheet"], row["row"], row["action"]) for row in job.result["rows"]]


def errors_of(job: Job) -> str:
    return " | ".join([*job.result["file_errors"], *(e for row in job.result["rows"] for e in row["errors"])])


def written() -> tuple[int, ...]:
    """Everything an import could write, counted: the same before and after means nothing was written."""
    return (
        Customer.objects.count(),
        CustomerUnit.objects.count(),
        FinancialPeriod.objects.count(),
        Event.objects.count(),
        sum(c.updated_at.timestamp() for c in Customer.objects.all()),
    )


def replace_entry(content: bytes, name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            target.writestr(entry.filename, data if entry.filename == name else source.read(entry.filename))
    return buffer.getvalue()


def assert_refused(client, content: bytes, message: str, name: str = "customers.xlsx") -> None:
    before = written()
    response = upload(client, content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert written() == before
    assert not Job.objects.filter(kind=imports.PREVIEW).exists()
    assert not list(imports.uploads_folder().iterdir())


# --- The libraries ----------------------------------------------------------------------------------
def test_openpyxl_parses_through_defusedxml():
    from openpyxl.xml import functions

    assert openpyxl.DEFUSEDXML is True
    assert functions.iterparse.__module__.startswith("defusedxml")
    assert functions.fromstring.__module__.startswith("defusedxml")


def test_column_limits_match_the_model_fields():
    for sheet, model in ((cols.CUSTOMERS, Customer), (cols.UNITS, CustomerUnit)):
        for column in sheet.columns:
            if column.max_length and column.kind in {cols.TEXT, cols.ORG} and column.key != "parent":
                assert model._meta.get_field(column.key).max_length == column.max_length, column.key
    assert set(cols.STATUS_WORDS) == set(Customer.Status.values)
    assert set(cols.UNIT_KIND_WORDS) == set(CustomerUnit.Kind.values)


# --- The template --------------------------------------------------------------------------------
def test_the_template_has_three_sheets_a_readme_and_example_rows(client, owner):
    client.force_login(owner)
    response = client.get(reverse("accounts:import-template"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["README", "Customers", "Units", "Financials"]
    customers = book["Customers"]
    assert [cell.value for cell in customers[1]] == CUSTOMER_HEADERS
    assert [cell.value for cell in book["Units"][1]] == UNIT_HEADERS
    assert [cell.value for cell in book["Financials"][1]] == FINANCIAL_HEADERS
    assert customers["A1"].font.bold and customers.freeze_panes == "A2"
    assert customers.column_dimensions["A"].width > 20
    assert customers["A2"].value and customers["J2"].value == owner.email  # the example row
    readme = "\n".join(str(cell.value) for row in book["README"].iter_rows() for cell in row if cell.value)
    assert "organisation number" in readme and "20,000 rows" in readme and "5.0" in readme


def test_an_untouched_template_is_refused_row_by_row(client, owner):
    client.force_login(owner)
    template = b"".join(client.get(reverse("accounts:import-template")).streaming_content)
    before = written()
    job = preview(client, template)
    assert outcomes(job) == [("customers", 2, "error"), ("units", 2, "error"), ("financials", 2, "error")]
    assert "template's example" in errors_of(job)
    assert client.post(reverse("accounts:import-preview", args=[job.pk])).status_code == 400
    assert written() == before


# --- Bad files: each refused with a reason, nothing written ---------------------------------------------
def test_a_pdf_renamed_to_xlsx_is_refused(client, owner):
    client.force_login(owner)
    assert_refused(client, b"%PDF-1.7\n1 0 obj <<>> endobj\n", "not an Excel workbook")


def test_a_csv_file_is_refused(client, owner):
    client.force_login(owner)
    assert_refused(client, b"name;org\nNordfjord Energi AS;923609016\n", "not an Excel workbook")


def test_an_old_xls_file_is_refused_with_advice(client, owner):
    client.force_login(owner)
    assert_refused(client, safety.OLE2_SIGNATURE + b"\x00" * 512, "(.xls)", name="customers.xls")


def test_a_zip_that_is_not_a_workbook_is_refused(client, owner):
    client.force_login(owner)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml", '<Types><Default Extension="xml" ContentType="text/xml"/></Types>'
        )
        archive.writestr("word/document.xml", "<document/>")
    assert_refused(client, buffer.getvalue(), "not an Excel workbook")


def test_a_damaged_workbook_is_refused(client, owner):
    client.force_login(owner)
    content = customers_file(["Nordfjord Energi AS", "923 609 016"])
    assert_refused(client, content[: len(content) // 2], "damaged")


def test_a_zip_bomb_is_refused_from_its_directory(client, owner):
    client.force_login(owner)
    bomb = replace_entry(customers_file(), "xl/worksheets/sheet1.xml", b" " * (60 * 1024 * 1024))
    assert len(bomb) < safety.MAX_UPLOAD_BYTES
    assert_refused(client, bomb, "Orchard imports at most 50.0")


def test_a_part_that_unpacks_to_far_more_than_its_size_is_refused(client, owner):
    client.force_login(owner)
    bomb = replace_entry(customers_file(), "xl/theme/theme1.xml", b"<a>" + b"0" * (8 * 1024 * 1024) + b"</a>")
    assert_refused(client, bomb, "zip bomb")


def test_a_workbook_with_too_many_parts_is_refused(client, owner):
    client.force_login(owner)
    buffer = io.BytesIO(customers_file())
    with zipfile.ZipFile(buffer, "a") as archive:
        for index in range(safety.MAX_ENTRIES):
            archive.writestr(f"xl/media/image{index}.png", b"x")
    assert_refused(client, buffer.getvalue(), "at most 200")


def test_a_file_over_the_size_limit_is_refused(client, owner):
    client.force_login(owner)
    assert_refused(
        client, b"PK\x03\x04" + b"\x00" * safety.MAX_UPLOAD_BYTES, "largest file Orchard imports is 5.0"
    )


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="B1" t="inlineStr"><is><t>organisation number</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c><c r="B2" t="inlineStr"><is><t>923609016</t></is></c></row>
</sheetData></worksheet>"""


def test_a_billion_laughs_sheet_is_refused_cleanly(client, owner):
    client.force_login(owner)
    attack = replace_entry(customers_file(), "xl/worksheets/sheet1.xml", BILLION_LAUGHS)
    assert_refused(client, attack, "document type declarations")


def test_defusedxml_stops_the_billion_laughs_even_past_the_upload_check(tmp_path):
    path = tmp_path / "laughs.xlsx"
    path.write_bytes(replace_entry(customers_file(), "xl/worksheets/sheet1.xml", BILLION_LAUGHS))
    with pytest.raises(safety.FileRejected, match="document type declarations"):
        reading.read_workbook(path)


def test_a_formula_without_a_saved_value_is_named_by_its_cell(client, owner):
    client.force_login(owner)
    before = written()
    job = preview(client, customers_file(["Nordfjord Energi AS", "923 609 016", '=CONCAT("CRM-", 1)']))
    assert (
        "Cell C2 holds a formula without a saved value; open and save the file in Excel, or paste values."
        in errors_of(job)
    )
    page = client.get(reverse("accounts:import-preview", args=[job.pk])).content.decode()
    assert "Cell C2 holds a formula" in page and "disabled" in page
    assert client.post(reverse("accounts:import-preview", args=[job.pk])).status_code == 400
    assert written() == before


def test_a_misspelt_column_is_named_with_a_suggestion_and_a_missing_one_is_named(client, owner):
    client.force_login(owner)
    headers = ["nmae", "organisaton number", "tier"]
    before = written()
    job = preview(client, customers_file(["Nordfjord Energi AS", "923 609 016", 1], headers=headers))
    messages = errors_of(job)
    notices = " ".join(job.result["notices"])  # unknown columns are left out, and said so
    assert "“organisaton number” (B1; did you mean “organisation number”?)" in notices
    assert "“nmae” (A1; did you mean “name”?)" in notices
    assert "Sheet Customers has no column “name”; it is required." in messages
    assert job.result["blocking"] and written() == before


def test_the_same_organisation_number_twice_is_an_error(client, owner):
    client.force_login(owner)
    before = written()
    job = preview(client, customers_file(["Fjord A AS", "923 609 016"], ["Fjord B AS", "923609016"]))
    assert outcomes(job) == [("customers", 2, "create"), ("customers", 3, "error")]
    assert "Organisation number 923 609 016 is also on row 2 of this sheet" in errors_of(job)
    assert written() == before


def test_negative_and_absurd_amounts_are_errors(client, owner, customer):
    client.force_login(owner)
    customer.org_number = "923 609 016"
    customer.save()
    before = written()
    job = preview(
        client,
        xlsx(
            {
                "Financials": [
                    FINANCIAL_HEADERS,
                    ["923 609 016", 2023, 0, -5, 0, None],
                    ["923 609 016", 2024, 0, 10**14, 1, None],
                    ["923 609 016", 2025, 0, "1 000", "2 000", None],
                ]
            }
        ),
    )
    messages = errors_of(job)
    assert "Cell D2: Revenue cannot be negative." in messages
    assert "Cell D3: That is 10 000 billion or more" in messages
    assert "Cell E4: The gross margin cannot be larger than the revenue." in messages
    assert [row["action"] for row in job.result["rows"]] == ["error", "error", "error"]
    assert written() == before


def test_nordic_amounts_written_as_text_are_read(client, owner, customer):
    customer.org_number = "923 609 016"
    customer.save()
    client.force_login(owner)
    texts = ["1 234,50", "1.234,50", "1\u00a0234,50 kr", "kr 1 234,-", "NOK 1\u202f234.5"]
    rows = [["923 609 016", 2020 + index, 0, text, "0", None] for index, text in enumerate(texts)]
    commit(client, preview(client, xlsx({"Financials": [FINANCIAL_HEADERS, *rows]})))
    revenues = list(customer.financials.order_by("year").values_list("revenue", flat=True))
    assert revenues == [
        Decimal("1234.50"),
        Decimal("1234.50"),
        Decimal("1234.50"),
        Decimal("1234"),
        Decimal("1234.50"),
    ]


def test_an_amount_that_is_not_one_is_named_by_its_cell(client, owner, customer):
    customer.org_number = "923 609 016"
    customer.save()
    client.force_login(owner)
    job = preview(
        client, xlsx({"Financials": [FINANCIAL_HEADERS, ["923 609 016", 2024, 0, "about 12 million", 1]]})
    )
    assert "Cell D2: “about 12 million” is not an amount" in errors_of(job)


def test_a_sheet_over_the_row_limit_is_refused(client, owner, monkeypatch):
    monkeypatch.setattr(safety, "MAX_ROWS_PER_SHEET", 3)
    client.force_login(owner)
    rows = [[f"Kunde {n} AS", org_number(n)] for n in range(5)]
    before = written()
    job = preview(client, customers_file(*rows, headers=["name", "organisation number"]))
    assert "The sheet Customers has more than 3 rows" in errors_of(job)
    assert job.result["rows"] == [] and written() == before


def test_bad_cells_are_named_by_their_cell(client, owner):
    client.force_login(owner)
    job = preview(client, customers_file(["Fjord AS", "923 609 016", None, "maybe", 7, None, "Norway"]))
    messages = errors_of(job)
    assert "Cell D2: “maybe” is not a status" in messages
    assert (
        "Cell E2: “7” is not a tier" in messages
        and "Cell G2: “Norway” is not an ISO 3166 country code" in messages
    )
    assert job.result["rows"][0]["action"] == "error"


def test_messages_follow_the_users_language_at_upload_and_in_the_job(client, owner, monkeypatch):
    owner.language = "nb"
    owner.save()
    client.force_login(owner)
    response = upload(client, b"PK\x03\x04" + b"\x00" * safety.MAX_UPLOAD_BYTES)
    assert "5,0\xa0MB" in response.content.decode()  # Norwegian number format in the form's message
    monkeypatch.setattr(safety, "MAX_ROWS_PER_SHEET", 1000)
    monkeypatch.setattr(imports.uploads, "INLINE_ROWS", 2000)
    rows = [[f"Kunde {n} AS", org_number(n)] for n in range(1001)]
    job = preview(client, customers_file(*rows, headers=["name", "organisation number"]))
    assert "1\xa0000" in errors_of(job)  # formatted in the job, in the language of the person importing


# --- The preview -----------------------------------------------------------------------------------
def test_the_preview_shows_create_update_unchanged_and_error_per_row(
    client, owner, customer, foreign_customer
):
    customer.org_number, customer.industry = "923 609 016", "Energy"
    customer.save()
    foreign_customer.org_number = "556677-8899"
    foreign_customer.save()
    client.force_login(owner)
    before = written()
    job = preview(
        client,
        customers_file(
            ["Nordfjord Energi AS", "923609016", None, None, None, "Power"],  # update: industry
            ["Havbris AS", "987 654 325", "CRM-1"],  # create
            ["Mälarkraft renamed", "556677-8899"],  # someone else's: error
        ),
    )
    assert outcomes(job) == [
        ("customers", 2, "update"),
        ("customers", 3, "create"),
        ("customers", 4, "error"),
    ]
    assert job.result["rows"][0]["changes"] == ["industry"]
    assert (
        job.result["rows"][2]["errors"][0]
        == "Organisation number 556677-8899 is already used by a customer you cannot change."
    )
    page = client.get(reverse("accounts:import-preview", args=[job.pk]) + "?show=all").content.decode()
    assert "Havbris AS" in page and "Mälarkraft AB" not in page  # the other customer's data stays hidden
    assert "Commit import" in page and "disabled" in page
    assert written() == before


def test_an_empty_cell_leaves_the_field_as_it_is(client, owner, customer):
    customer.org_number, customer.website, customer.industry = (
        "923 609 016",
        "https://nordfjord.no/",
        "Energy",
    )
    customer.save()
    CustomerUnit.objects.create(customer=customer, kind="unit", name="Offshore", note="Main")
    client.force_login(owner)
    job = preview(
        client,
        customers_file(
            ["Nordfjord Energi AS", "923 609 016", None, None, None, None, None, None, None, None],
            Units=[UNIT_HEADERS, ["923 609 016", "unit", "Offshore", None, None]],
        ),
    )
    assert outcomes(job) == [("customers", 2, "unchanged"), ("units", 2, "unchanged")]


def test_a_clean_preview_can_be_committed_and_a_second_commit_changes_nothing(client, owner, customer):
    customer.org_number = "923 609 016"
    customer.save()
    client.force_login(owner)
    content = customers_file(
        ["Nordfjord Energi AS", "923 609 016", None, None, None, "Power"],
        ["Havbris AS", "987 654 325", "CRM-1", "Kandidat", 2, "Fish", "no", "havbris.no", "923 609 016"],
        Units=[UNIT_HEADERS, ["CRM-1", "Forretningsenhet", "Oppdrett", "NO", "Main"]],
        Financials=[
            FINANCIAL_HEADERS,
            ["987654325", 2024, "Q2", "1 234 567,50", "234.567,10", "12 000 000 kr"],
        ],
    )
    job = preview(client, content)
    assert {row["action"] for row in job.result["rows"]} == {"update", "create"}
    page = client.get(reverse("accounts:import-preview", args=[job.pk])).content.decode()
    assert "Commit import" in page and "disabled" not in page
    result = commit(client, job)
    assert result.result["committed"] is True
    havbris = Customer.objects.get(org_number="987 654 325")
    assert (havbris.name, havbris.status, havbris.tier, havbris.country) == (
        "Havbris AS",
        "candidate",
        2,
        "NO",
    )
    assert havbris.website == "https://havbris.no" and havbris.parent == customer
    assert havbris.owner == owner and havbris.team == customer.team
    assert havbris.units.get().name == "Oppdrett"
    period = havbris.financials.get()
    assert (period.year, period.quarter) == (2024, 2)
    assert (period.revenue, period.gross_margin, period.their_spend) == (
        Decimal("1234567.50"),
        Decimal("234567.10"),
        Decimal("12000000.00"),
    )
    customer.refresh_from_db()
    assert customer.industry == "Power"
    before = written()
    again = commit(client, preview(client, content))
    assert {row["action"] for row in again.result["rows"]} == {"unchanged"}
    assert written() == before


def test_commit_writes_nothing_when_a_row_fails_because_data_changed_since_the_preview(
    client, owner, customer, outsider
):
    customer.org_number = "923 609 016"
    customer.save()
    client.force_login(owner)
    job = preview(
        client,
        customers_file(
            ["Havbris AS", "987 654 325"],  # fine at commit time too
            ["Nordfjord Energi AS", "923 609 016", None, None, None, "Power"],  # not any more
        ),
    )
    assert not job.result["blocking"]
    services.customer_hand_over(customer=customer, new_owner=outsider, by=outsider)
    AccountMember.objects.filter(customer=customer, user=owner).delete()
    before = written()
    result = commit(client, job)
    assert result.result["committed"] is False
    assert "already used by a customer you cannot change" in errors_of(result)
    assert written() == before
    assert not Customer.objects.filter(name="Havbris AS").exists()
    page = client.get(reverse("accounts:import-preview", args=[result.pk])).content.decode()
    assert "Nothing was imported" in page


def test_commit_writes_nothing_when_someone_else_took_an_organisation_number_meanwhile(
    client, owner, outsider
):
    client.force_login(owner)
    job = preview(client, customers_file(["Havbris AS", "987 654 325"], ["Kystlys AS", "912 345 688"]))
    CustomerFactory(name="Someone else's", org_number="912345688", owner=outsider)
    before = written()
    result = commit(client, job)
    assert result.result["committed"] is False and written() == before
    assert not Customer.objects.filter(name="Havbris AS").exists()


def test_a_preview_with_errors_cannot_be_committed(client, owner):
    client.force_login(owner)
    job = preview(client, customers_file(["", "987 654 325"]))
    before = written()
    response = client.post(reverse("accounts:import-preview", args=[job.pk]))
    assert response.status_code == 400
    assert "Nothing is imported while a row has an error" in response.content.decode()
    assert written() == before and not Job.objects.filter(kind=imports.COMMIT).exists()


def test_created_and_updated_customers_get_timeline_events(client, owner, customer):
    customer.org_number, customer.industry = "923 609 016", "Energy"
    customer.save()
    client.force_login(owner)
    content = customers_file(
        ["Nordfjord Energi AS", "923 609 016", None, None, 1, "Power"],
        ["Havbris AS", "987 654 325"],
        Units=[UNIT_HEADERS, ["923 609 016", "country", "Sverige", "SE", None]],
    )
    commit(client, preview(client, content))
    created = Event.objects.get(customer__name="Havbris AS")
    assert (created.kind, created.actor, created.data["status"]) == ("customer.created", owner, "prospect")
    updated = Event.objects.get(customer=customer, kind="customer.imported")
    assert updated.data == {"changes": ["tier", "industry", "units"]}
    assert timeline.describe(updated.kind, updated.data) == "updated by import: tier, industry, units"


def test_norwegian_and_swedish_sheet_and_column_names_are_understood(client, owner):
    client.force_login(owner)
    job = preview(
        client,
        xlsx(
            {
                "Kunder": [
                    ["Navn", "Organisasjonsnummer", "Status", "Nivå"],
                    ["Havbris AS", "987 654 325", "Prospekt", 2],
                ],
                "Ekonomi": [
                    ["Kund", "År", "Kvartal", "Omsättning", "Bruttomarginal"],
                    ["987 654 325", 2024, 1, 10, 2],
                ],
            }
        ),
    )
    assert outcomes(job) == [("customers", 2, "create"), ("financials", 2, "create")]
    assert job.result["titles"]["customers"] == "Kunder"


def test_the_upload_is_kept_under_a_random_name(client, owner):
    client.force_login(owner)
    job = preview(client, customers_file(["Havbris AS", "987 654 325"]))
    kept = list(imports.uploads_folder().iterdir())
    assert [path.name for path in kept] == [job.params["file"]]
    assert "customers" not in job.params["file"] and len(job.params["file"]) > 20
    assert job.params["filename"] == "customers.xlsx"


def test_names_with_nordic_letters_are_kept_exactly(client, owner):
    client.force_login(owner)
    names = ["Ærlig Økonomi Åsane AS", "Åre Älvkraft Östra AB", "Þórsdóttir ehf. – Ísland"]
    rows = [[name, org_number(index)] for index, name in enumerate(names)]
    commit(client, preview(client, customers_file(*rows, headers=["name", "organisation number"])))
    assert sorted(Customer.objects.filter(owner=owner).values_list("name", flat=True)) == sorted(names)


# --- Who may do what ------------------------------------------------------------------------------
def test_a_kam_may_make_only_themself_the_owner(client, owner, contributor):
    client.force_login(owner)
    job = preview(client, customers_file(["Havbris AS", "987 654 325", *[None] * 7, contributor.email]))
    assert "You can make only yourself the account owner" in errors_of(job)


def test_a_leader_may_make_a_member_of_their_team_the_owner(client, leader, owner, other_leader):
    client.force_login(leader)
    job = preview(
        client,
        customers_file(
            ["Havbris AS", "987 654 325", *[None] * 7, owner.email.upper()],
            ["Kystlys AS", "912 345 688", *[None] * 7, other_leader.email],
        ),
    )
    assert outcomes(job) == [("customers", 2, "create"), ("customers", 3, "error")]
    assert f"{other_leader.email} is not on a team you lead" in errors_of(job)


def test_an_admin_may_make_anyone_active_the_owner(client, admin_user, other_leader):
    client.force_login(admin_user)
    ghost = UserFactory(is_active=False)
    job = preview(
        client,
        customers_file(
            ["Havbris AS", "987 654 325", *[None] * 7, other_leader.email],
            ["Kystlys AS", "912 345 688", *[None] * 7, ghost.email],
        ),
    )
    assert outcomes(job) == [("customers", 2, "create"), ("customers", 3, "error")]
    assert f"No active colleague has the e-mail address {ghost.email}" in errors_of(job)


def test_an_existing_customer_becomes_a_key_account_only_through_a_decision(client, owner, customer):
    customer.org_number, customer.status = "923 609 016", Customer.Status.KEY
    customer.save()
    client.force_login(owner)
    job = preview(
        client,
        customers_file(
            ["Nordfjord Energi AS", "923 609 016", None, "Prospekt"],
            ["Havbris AS", "987 654 325", None, "Nyckelkund"],
        ),
    )
    assert outcomes(job) == [("customers", 2, "unchanged"), ("customers", 3, "create")]
    assert [row["proposal"] for row in job.result["rows"]] == ["prospect", "key"]  # for a leader to decide
    same = preview(client, customers_file(["Nordfjord Energi AS", "923 609 016", None, "Nøkkelkunde"]))
    assert outcomes(same) == [("customers", 2, "unchanged")] and not same.result["rows"][0]["proposal"]


def test_a_contributor_cannot_change_the_customer_but_may_add_units(client, contributor, viewer, customer):
    customer.org_number = "923 609 016"
    customer.save()
    client.force_login(contributor)
    job = preview(
        client,
        customers_file(
            ["Nordfjord Energi AS", "923 609 016"],
            ["Nordfjord Energi AS", "923 609 024", None, None, None, "Power"],
            headers=["name", "organisation number", "external id", "status", "tier", "industry"],
            Units=[UNIT_HEADERS, ["923 609 016", "location", "Bergen", "NO", None]],
        ),
    )
    assert outcomes(job) == [
        ("customers", 2, "unchanged"),
        ("customers", 3, "create"),
        ("units", 2, "create"),
    ]
    client.force_login(viewer)
    job = preview(client, xlsx({"Units": [UNIT_HEADERS, ["923609016", "location", "Bergen", "NO", None]]}))
    assert outcomes(job) == [("units", 2, "error")]
    assert "923609016 is a customer you cannot change." in errors_of(job)


def test_a_group_cycle_is_an_error(client, owner):
    client.force_login(owner)
    job = preview(
        client,
        customers_file(
            ["Fjord A AS", "911 111 128", *[None] * 6, "922 222 223"],
            ["Fjord B AS", "922 222 223", *[None] * 6, "911 111 128"],
            ["Fjord C AS", "933 333 337", *[None] * 6, "933 333 337"],
        ),
    )
    assert [row["action"] for row in job.result["rows"]] == ["error", "error", "error"]
    assert "part of its own group" in errors_of(job) and "cannot be its own parent" in errors_of(job)


def test_someone_elses_import_is_not_found(client, owner, contributor):
    client.force_login(owner)
    job = preview(client, customers_file(["Havbris AS", "987 654 325"]))
    client.force_login(contributor)
    assert client.get(reverse("accounts:import-preview", args=[job.pk])).status_code == 404
    assert client.post(reverse("accounts:import-preview", args=[job.pk])).status_code == 404


# --- Large files go through the worker ------------------------------------------------------------------
def test_a_large_file_is_checked_and_committed_by_the_job_with_progress(
    client, owner, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(imports.uploads, "INLINE_ROWS", 5)
    monkeypatch.setattr(reading, "PROGRESS_EVERY", 4)
    reported = []
    real_progress = services.job_progress

    def spy(*, job, progress, message=""):
        reported.append((job.kind, progress, message))
        real_progress(job=job, progress=progress, message=message)

    monkeypatch.setattr(services, "job_progress", spy)
    client.force_login(owner)
    rows = [[f"Kunde {n} AS", org_number(n)] for n in range(20)]
    with django_capture_on_commit_callbacks() as queued:
        response = upload(client, customers_file(*rows, headers=["name", "organisation number"]))
    job = Job.objects.get(kind=imports.PREVIEW)
    assert response.status_code == 302 and job.status == Job.Status.QUEUED
    url = reverse("accounts:import-preview", args=[job.pk])
    waiting = client.get(url).content.decode()
    assert 'data-hx-trigger="every 1s"' in waiting and "<progress" in waiting
    for callback in queued:
        callback()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and len(job.result["rows"]) == 20
    assert any(0 < pct < 100 and "Read 8 of about 21 rows" in msg for kind, pct, msg in reported)
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "hx-trigger" not in fragment and "Commit import" in fragment
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    result = Job.objects.get(kind=imports.COMMIT)
    assert result.status == Job.Status.DONE and result.result["committed"] is True
    assert Customer.objects.filter(owner=owner).count() == 20
    assert any(kind == imports.COMMIT and 0 < pct < 100 for kind, pct, _msg in reported)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_checks_and_commits_a_large_import(client, owner, eager_off):  # noqa: F811
    """The runners are found by a worker process of its own, through the configured broker."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DATABASE_URL": _database_url_for_worker(),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "kam",
        "worker",
        "--pool",
        "solo",
        "--loglevel",
        "WARNING",
    ]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    worker = subprocess.Popen(
        command, env=env, cwd=django_settings.BASE_DIR, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        client.force_login(owner)
        rows = [[f"Kunde {n} AS", org_number(n)] for n in range(safety.INLINE_ROWS + 100)]
        upload(client, customers_file(*rows, headers=["name", "organisation number"]))
        job = _finished(Job.objects.get(kind=imports.PREVIEW))
        assert job.status == Job.Status.DONE and not job.result["blocking"], job.message
        client.post(reverse("accounts:import-preview", args=[job.pk]))
        result = _finished(Job.objects.get(kind=imports.COMMIT))
        assert result.status == Job.Status.DONE and result.result["committed"] is True, result.message
        assert Customer.objects.filter(owner=owner).count() == len(rows)
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
    assert worker.returncode is not None, output


def _finished(job: Job, seconds: int = 90) -> Job:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not job.is_finished:
        time.sleep(0.25)
        job.refresh_from_db()
    return job


# --- Export ----------------------------------------------------------------------------------------
def exported(response) -> openpyxl.Workbook:
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def rows_of(sheet) -> list[dict]:
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_export_honours_the_list_pages_search_filters_and_sort(client, owner, customer, foreign_customer):
    for index, status in enumerate(["key", "prospect", "key", "candidate"]):
        CustomerFactory(
            name=f"Fjord {index} AS", owner=owner, team=customer.team, status=status, industry="Fish"
        )
    client.force_login(owner)
    for query in (
        "",
        "?status=key&sort=-name",
        "?q=fjord&sort=status",
        "?industry=Fish&tier=3",
        "?owner=999999",
    ):
        listed = client.get(reverse("accounts:customer-list") + query).context["page"].object_list
        book = exported(client.get(reverse("accounts:customer-export") + query))
        assert [row["name"] for row in rows_of(book["Customers"])] == [c.name for c in listed], query
    assert foreign_customer.name not in str(rows_of(book["Customers"]))


def test_export_writes_numbers_as_numbers_bold_frozen_headers_and_neutralised_text(client, owner, customer):
    customer.name = '=HYPERLINK("http://evil.example","click")'
    customer.org_number = "923 609 016"
    customer.save()
    CustomerUnit.objects.create(customer=customer, kind="unit", name="+47 Offshore", note="@everyone")
    FinancialPeriod.objects.create(
        customer=customer, year=2024, quarter=0, revenue=Decimal("1234567.89"), gross_margin=Decimal("-10.50")
    )
    client.force_login(owner)
    book = exported(client.get(reverse("accounts:customer-export")))
    sheet = book["Customers"]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    assert sheet["A2"].value == '\'=HYPERLINK("http://evil.example","click")' and sheet["A2"].data_type == "s"
    unit = rows_of(book["Units"])[0]
    assert (unit["name"], unit["note"]) == ("'+47 Offshore", "'@everyone")
    revenue = book["Financials"]["E2"]
    assert revenue.value == 1234567.89 and revenue.number_format == "#,##0.00"


def test_export_then_import_gives_identical_customers_units_and_financials(client, owner, customer):
    customer.org_number, customer.industry, customer.website = (
        "923 609 016",
        "Energi",
        "https://www.nordfjord.no/",
    )
    customer.save()
    child = CustomerFactory(
        name="Ærlig Økonomi Åsane AS",
        external_id="CRM-7",
        owner=owner,
        team=customer.team,
        parent=customer,
        status="candidate",
        tier=2,
        country="NO",
    )
    CustomerFactory(
        name='=HYPERLINK("http://evil.example","x")',
        org_number="556677-8899",
        owner=owner,
        team=customer.team,
    )
    CustomerUnit.objects.create(
        customer=customer, kind="unit", name="Offshore", country="NO", note="Main unit"
    )
    CustomerUnit.objects.create(customer=child, kind="country", name="Sverige", country="SE")
    FinancialPeriod.objects.create(
        customer=customer,
        year=2023,
        quarter=0,
        revenue=Decimal("9999999999999.99"),
        gross_margin=Decimal("234567.10"),
        their_spend=Decimal("12345678.91"),
    )
    FinancialPeriod.objects.create(
        customer=child, year=2024, quarter=3, revenue=Decimal("0"), gross_margin=Decimal("-100.50")
    )
    client.force_login(owner)
    content = b"".join(client.get(reverse("accounts:customer-export")).streaming_content)
    before = snapshot()
    assert len(before[0]) == 3 and len(before[1]) == 2 and len(before[2]) == 2

    again = preview(client, content)  # the same data: nothing to do
    assert {row["action"] for row in again.result["rows"]} == {"unchanged"}

    Customer.objects.filter(owner=owner).delete()
    commit(client, preview(client, content))
    # The key account comes back as a prospect with a proposal; the leader's decision completes it.
    for proposal in StatusProposal.objects.filter(state="open"):
        services.selection.selection_decide(
            customer=proposal.customer,
            kind=StatusProposal.DECISION_FOR[proposal.status],
            reason="Re-import",
            by=owner,
        )
    assert snapshot() == before


def snapshot():
    customers = sorted(
        (
            c.name,
            c.org_number,
            c.external_id,
            c.status,
            c.tier,
            c.industry,
            c.country,
            c.website,
            c.parent.name if c.parent else None,
            c.owner_id,
            c.team_id,
        )
        for c in Customer.objects.select_related("parent")
    )
    units = sorted(
        (u.customer.name, u.kind, u.name, u.country, u.note)
        for u in CustomerUnit.objects.select_related("customer")
    )
    periods = sorted(
        (p.customer.name, p.year, p.quarter, p.revenue, p.gross_margin, p.their_spend)
        for p in FinancialPeriod.objects.select_related("customer")
    )
    return customers, units, periods


def test_export_takes_the_same_number_of_queries_for_more_customers(client, owner, customer):
    def add(count):
        for index in range(count):
            other = CustomerFactory(owner=owner, team=customer.team, org_number=f"9{count}{index:06d}")
            CustomerUnit.objects.create(customer=other, kind="unit", name="Offshore")
            FinancialPeriod.objects.create(customer=other, year=2024, revenue=1, gross_margin=1)

    client.force_login(owner)
    counts = []
    for count in (2, 12):
        add(count)
        with CaptureQueriesContext(connection) as queries:
            exported(client.get(reverse("accounts:customer-export")))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_one_customers_financial_history_exports(client, viewer, customer):
    FinancialPeriod.objects.create(
        customer=customer, year=2024, revenue=Decimal("100.00"), gross_margin=Decimal("40")
    )
    FinancialPeriod.objects.create(customer=customer, year=2023, quarter=4, revenue=50, gross_margin=5)
    client.force_login(viewer)
    book = exported(client.get(reverse("accounts:financials-export", args=[customer.pk])))
    assert book.sheetnames == ["Financials"]
    assert [(r["year"], r["quarter"], r["revenue"]) for r in rows_of(book["Financials"])] == [
        (2023, 4, 50),
        (2024, 0, 100),
    ]
