"""An import that holds up against real files: every file here is built by the test with openpyxl or
by writing the zip archive directly, the way other programs and careless hands produce them."""

import io
import re
import unicodedata
import warnings
import zipfile

import pytest
from django.urls import reverse

from accounts import countries, orgnumbers
from accounts.models import Customer, Job
from accounts.services import imports
from tests.accounts.test_excel import (
    FINANCIAL_HEADERS,
    _media,  # noqa: F401  (the autouse fixture keeps uploads in a temporary folder)
    commit,
    customers_file,
    errors_of,
    outcomes,
    preview,
    replace_entry,
    upload,
    written,
    xlsx,
)

HEADERS = ["name", "organisation number", "status", "tier", "country"]


def kept() -> list[str]:
    return [path.name for path in imports.uploads_folder().iterdir()]


def notices(job: Job) -> str:
    return " | ".join(job.result["notices"])


# --- Empty files ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sheets",
    [
        {"Customers": [HEADERS]},  # column names, no rows
        {"Customers": []},  # the sheet is there, nothing in it
        {"Sheet": []},  # a workbook saved empty
        {"Customers": [HEADERS, [None, None], ["  ", None]], "Financials": [FINANCIAL_HEADERS]},
    ],
    ids=["headers-only", "empty-sheet", "empty-workbook", "blank-rows"],
)
def test_an_empty_file_is_refused_saying_it_is_empty_and_is_not_kept(client, owner, sheets):
    client.force_login(owner)
    job = preview(client, xlsx(sheets))
    assert job.result["blocking"] and "The file is empty" in errors_of(job)
    assert kept() == []  # refused: deleted at once, not kept for two weeks


def test_the_empty_file_message_is_in_the_users_language(client, owner):
    owner.language = "sv"
    owner.save()
    client.force_login(owner)
    job = preview(client, xlsx({"Customers": [HEADERS]}))
    assert "Filen är tom" in errors_of(job)


# --- Where the column names are -------------------------------------------------------------------
def test_a_title_block_above_the_column_names_is_skipped(client, owner):
    client.force_login(owner)
    rows = [
        ["Customer list, Nordic region"],
        ["Exported 1 March 2026 by the CRM"],
        [],
        HEADERS,
        ["Havbris AS", "987 654 325", "prospect", 2, "NO"],
        ["Fjell AS", "911 111 128", "prospect", 7, "NO"],
    ]
    job = preview(client, xlsx({"Customers": rows}))
    assert outcomes(job) == [("customers", 5, "create"), ("customers", 6, "error")]
    assert "Cell D6: “7” is not a tier" in errors_of(job)  # cells are named as Excel shows them
    assert "the column names are on row 4; the rows above them were skipped" in notices(job)


def test_without_column_names_near_the_top_the_message_says_they_belong_on_row_1(client, owner):
    client.force_login(owner)
    job = preview(client, xlsx({"Customers": [["Havbris AS", "987 654 325", "prospect"]] * 3}))
    assert job.result["blocking"]
    assert "Orchard found no row of column names. Put the column names" in errors_of(job)
    assert "on row 1" in errors_of(job) and kept() == []


def test_unknown_columns_are_ignored_and_listed_in_a_notice(client, owner):
    client.force_login(owner)
    headers = ["name", "Sales rep", "organisation number", "Comments", "tire"]
    job = preview(
        client, customers_file(["Havbris AS", "Kari", "987 654 325", "Call in May", 2], headers=headers)
    )
    assert outcomes(job) == [("customers", 2, "create")] and not job.result["blocking"]
    text = notices(job)
    assert "“Sales rep” (B1)" in text and "“Comments” (D1)" in text
    assert "“tire” (E1; did you mean “tier”?)" in text and "leaves them out" in text
    page = client.get(reverse("accounts:import-preview", args=[job.pk])).content.decode()
    assert "“Sales rep” (B1)" in page
    commit(client, job)
    assert Customer.objects.get(name="Havbris AS").tier == 3  # the misspelt column was not read


# --- A dimension that lies -----------------------------------------------------------------------
def _with_dimension(content: bytes, ref: str) -> bytes:
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    lied, count = re.subn(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), sheet)
    assert count == 1
    return replace_entry(content, "xl/worksheets/sheet1.xml", lied)


@pytest.mark.parametrize("ref", ["A1", "A1:E1048576", "A1:XFD3"])
def test_a_workbook_whose_dimension_lies_is_read_by_its_real_rows(client, owner, ref):
    client.force_login(owner)
    content = customers_file(
        ["Havbris AS", "987 654 325"], ["Fjell AS", "911 111 128"], headers=["name", "organisation number"]
    )
    job = preview(client, _with_dimension(content, ref))
    assert outcomes(job) == [("customers", 2, "create"), ("customers", 3, "create")]


# --- Amounts -------------------------------------------------------------------------------------------
def test_absurd_but_finite_amounts_flag_their_row_and_the_preview_still_works(client, owner, customer):
    Customer.objects.filter(pk=customer.pk).update(org_number="923 609 016")
    client.force_login(owner)
    rows = [
        ["923 609 016", 2020, 0, "123456789012345678901234567890", 1, None],
        ["923 609 016", 2021, 0, 9.99e307, 1, None],
        ["923 609 016", 2022, 0, 10**30, 1, None],
        ["923 609 016", 2023, 0, 100, -9.99e307, None],
        ["923 609 016", 2024, 0, "1 000", "250", "0.004"],
        ["923 609 016", 2025, 0, "1 000", "250", 0],
    ]
    job = preview(client, xlsx({"Financials": [FINANCIAL_HEADERS, *rows]}))
    assert job.status == Job.Status.DONE
    assert [row["action"] for row in job.result["rows"]] == ["error"] * 5 + ["create"]
    messages = errors_of(job)
    for cell in ("D2", "D3", "D4", "E5"):
        assert f"Cell {cell}: That is 10 000 billion or more" in messages, cell
    assert "Cell F6: 0.004 is less than 0.01" in messages  # flagged, not rounded to zero
    page = client.get(reverse("accounts:import-preview", args=[job.pk]))
    assert page.status_code == 200 and "Cell D3" in page.content.decode()


# --- Text ------------------------------------------------------------------------------------------------
def test_decomposed_names_are_stored_composed_so_search_and_matching_find_them(client, owner):
    client.force_login(owner)
    decomposed = unicodedata.normalize("NFD", "Åsane Økonomi AS")
    assert decomposed != "Åsane Økonomi AS"
    commit(
        client,
        preview(
            client,
            customers_file(
                [decomposed, None, "CRM-Å1"], headers=["name", "organisation number", "external id"]
            ),
        ),
    )
    stored = Customer.objects.get()
    assert stored.name == "Åsane Økonomi AS" and stored.external_id == "CRM-Å1"
    listed = client.get(reverse("accounts:customer-list") + "?q=Åsane").content.decode()
    assert "Åsane Økonomi AS" in listed
    again = preview(
        client,
        customers_file(
            ["Åsane Økonomi AS", None, unicodedata.normalize("NFD", "CRM-Å1")],
            headers=["name", "organisation number", "external id"],
        ),
    )
    assert outcomes(again) == [("customers", 2, "unchanged")]


def test_bidi_controls_are_removed_and_names_are_shown_isolated(client, owner):
    client.force_login(owner)
    job = preview(
        client, customers_file(["Evil\u202eSA gnikcarT\u202c AS", "987 654 325"], headers=HEADERS[:2])
    )
    page = client.get(reverse("accounts:import-preview", args=[job.pk])).content.decode()
    assert "<bdi>Evil" in page and "\u202e" not in page
    commit(client, job)
    assert Customer.objects.get().name == "EvilSA gnikcarT AS"


# --- Organisation numbers ------------------------------------------------------------------------
def test_norwegian_numbers_in_any_spelling_are_one_number(client, owner):
    client.force_login(owner)
    commit(client, preview(client, customers_file(["Havbris AS", "NO 906 800 004 MVA"], headers=HEADERS[:2])))
    assert Customer.objects.get().org_number == "906 800 004"
    for spelling in ("906800004", "906 800 004", "906.800.004", "NO906800004MVA"):
        job = preview(client, customers_file(["Havbris AS", spelling], headers=HEADERS[:2]))
        assert outcomes(job) == [("customers", 2, "unchanged")], spelling
    twice = preview(
        client, customers_file(["A AS", "906800004"], ["B AS", "NO 906 800 004 MVA"], headers=HEADERS[:2])
    )
    assert outcomes(twice)[1][2] == "error" and "is also on row 2" in errors_of(twice)


def test_check_digits_are_checked_for_norway_and_sweden(client, owner):
    client.force_login(owner)
    job = preview(
        client,
        customers_file(
            ["Norsk AS", "906 800 005", None, None, "NO"],
            ["Svensk AB", "556677-8890", None, None, "SE"],
            ["Riktig AB", "SE556677889901", None, None, "SE"],
            ["Dansk ApS", "123 456 789", None, None, "DK"],  # another country's number: not Norwegian
            headers=HEADERS,
        ),
    )
    assert [row["action"] for row in job.result["rows"]] == ["error", "error", "create", "create"]
    messages = errors_of(job)
    assert "Cell B2: “906 800 005” is not a Norwegian organisation number" in messages
    assert "Cell B3: “556677-8890” is not a Swedish organisation number" in messages
    commit(
        client,
        preview(client, customers_file(["Riktig AB", "SE556677889901", None, None, "SE"], headers=HEADERS)),
    )
    assert Customer.objects.get().org_number == "556677-8899"


def test_the_customer_form_stores_and_checks_numbers_the_same_way(client, owner):
    client.force_login(owner)
    data = {"name": "Havbris AS", "status": "prospect", "tier": "3", "country": "NO"}
    bad = client.post(reverse("accounts:customer-create"), data | {"org_number": "906800005"})
    assert bad.status_code == 400 and "is not a Norwegian organisation number" in bad.content.decode()
    assert (
        client.post(
            reverse("accounts:customer-create"), data | {"org_number": "NO 906800004 MVA"}
        ).status_code
        == 302
    )
    assert Customer.objects.get().org_number == "906 800 004"
    again = client.post(
        reverse("accounts:customer-create"), data | {"name": "Copy AS", "org_number": "906800004"}
    )
    assert (
        again.status_code == 400
        and "Havbris AS has this organisation number already" in again.content.decode()
    )


def test_the_org_number_rules_by_themselves():
    assert {orgnumbers.key(t) for t in ("NO 906 800 004 MVA", "906800004", "906 800 004")} == {"906800004"}
    assert orgnumbers.normalise("SE 556677-8899 01") == "556677-8899"
    assert orgnumbers.normalise("DK 12 34 56 78") == "DK 12 34 56 78"
    with pytest.raises(orgnumbers.InvalidOrgNumber):
        orgnumbers.normalise("906 800 005")
    assert orgnumbers.normalise("906 800 005", "DK") == "906 800 005"  # not checked, same shape


# --- Countries ---------------------------------------------------------------------------------------
def test_country_codes_are_checked_against_iso_3166(client, owner):
    client.force_login(owner)
    job = preview(
        client,
        customers_file(
            ["A AS", "906 800 004", None, None, "XX"],
            ["B AS", "923 609 016", None, None, "UK"],
            ["C AB", "556677-8899", None, None, "se"],
            headers=HEADERS,
        ),
    )
    assert [row["action"] for row in job.result["rows"]] == ["error", "error", "create"]
    assert "“XX” is not an ISO 3166 country code" in errors_of(job)
    assert "“UK” is not an ISO 3166 country code; write GB." in errors_of(job)
    assert len(countries.CODES) == 249


# --- The archive ------------------------------------------------------------------------------------------
def test_a_zip_with_two_entries_of_the_same_name_is_refused(client, owner):
    client.force_login(owner)
    content = customers_file(["Havbris AS", "987 654 325"], headers=HEADERS[:2])
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name it is told to write
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for entry in source.infolist():
                target.writestr(entry.filename, source.read(entry.filename))
            target.writestr("xl/worksheets/sheet1.xml", source.read("xl/worksheets/sheet1.xml"))
    before = written()
    response = upload(client, buffer.getvalue())
    assert response.status_code == 400
    assert "The file holds two parts called xl/worksheets/sheet1.xml" in response.content.decode()
    assert written() == before and kept() == [] and not Job.objects.exists()


# --- What is kept ------------------------------------------------------------------------------------------
def test_a_file_with_errors_is_deleted_at_once_and_a_committed_one_after_the_commit(client, owner):
    client.force_login(owner)
    refused = preview(client, customers_file(["Havbris AS", "906 800 005"], headers=HEADERS[:2]))
    assert refused.result["blocking"] and kept() == []
    response = client.post(reverse("accounts:import-preview", args=[refused.pk]))
    assert response.status_code == 400 and not Customer.objects.exists()
    fine = preview(client, customers_file(["Havbris AS", "906 800 004"], headers=HEADERS[:2]))
    assert kept() == [fine.params["file"]]
    commit(client, fine)
    assert kept() == [] and Customer.objects.count() == 1


def test_messages_about_messy_files_are_translated(client, owner):
    owner.language = "nb"
    owner.save()
    client.force_login(owner)
    job = preview(
        client,
        customers_file(["Havbris AS", "906 800 005", None, None, "XX", "x"], headers=[*HEADERS, "Selger"]),
    )
    text = errors_of(job) + notices(job)
    assert "er ikke et norsk organisasjonsnummer" in text and "er ikke en landkode etter ISO 3166" in text
    assert "Selger" in text and "kjenner ikke kolonnen" in text
