"""PDF account plans and QBR packs: both variants, versions kept, nothing internal in a customer copy
(read back with pdftotext), a large plan still renders, only our static files are fetched, and a
render that runs too long is stopped."""

from __future__ import annotations

import datetime
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from accounts.models import CustomerUnit, Job
from accounts.tasks import run_job
from planning import documents, pdfrender, qbr
from planning.models import Action, Offering, PlanDocument, WhiteSpaceCell, WhiteSpaceRow
from tests.sharing.conftest import MARKER
from tests.sharing.test_guest import assert_clean

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(settings.ARTIFACTS_DIR) / "pdf"


def make(plan, kind: str, user) -> tuple[Job, PlanDocument]:
    job = Job.objects.create(
        kind=documents.JOB_KIND,
        created_by=user,
        customer=plan.customer,
        params={"plan": plan.pk, "document": kind},
    )
    run_job(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    return job, PlanDocument.objects.get(pk=job.result["document"])


def text_of(document: PlanDocument) -> str:
    path = documents.document_path(document)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def keep_pictures(document: PlanDocument, name: str, last: int | None = None) -> None:
    """The pages as PNGs beside the test artifacts, for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pages = ["-l", str(last)] if last else []
    path = str(documents.document_path(document))
    subprocess.run(["pdftoppm", "-r", "60", *pages, "-png", path, str(ARTIFACTS / name)], check=True)


@pytest.mark.parametrize("language", ["en", "nb", "sv"])
@pytest.mark.parametrize("kind", [PlanDocument.Kind.CUSTOMER, PlanDocument.Kind.QBR_CUSTOMER])
def test_a_customer_copy_holds_nothing_internal(full_plan, owner, kind, language):
    owner.language = language
    owner.save()
    _job, document = make(full_plan, kind, owner)
    text = text_of(document)
    assert_clean(text, f"{kind} PDF ({language})")
    assert "Shared goal one" in text and "Uptime above 99 %" in text
    assert "Nordfjord" in text or full_plan.customer.name in text
    mark = {"en": "CUSTOMER COPY", "nb": "KUNDENS EKSEMPLAR", "sv": "KUNDENS EXEMPLAR"}[language]
    assert mark in text.upper()
    if language == "en":
        keep_pictures(document, f"{kind}-{language}")


def test_the_internal_plan_has_everything_with_cover_contents_and_page_numbers(full_plan, owner):
    job, document = make(full_plan, PlanDocument.Kind.INTERNAL, owner)
    text = text_of(document)
    assert "INTERNAL" in text.upper() and "Contents" in text
    assert f"{MARKER} goal note" in text and f"{MARKER} risk" in text  # ours to read
    assert f"{MARKER} notes" not in text  # personal notes stay on the stakeholder pages
    assert re.search(rf"\b2\s*/\s*{document.pages}\b", text) and re.search(
        rf"\b{document.pages}\s*/\s*{document.pages}\b", text
    )
    assert job.result["filename"].endswith("-v1.pdf")
    keep_pictures(document, "internal-en")


def test_the_qbr_pack_has_results_actions_and_registered_sections(full_plan, owner):
    def decisions(plan, user):
        return qbr.QbrSection(
            "Decisions at the last QBR", columns=["Decision"], rows=[["Extend the pilot to Bergen"]]
        )

    qbr.register_section("test.decisions", decisions)
    try:
        _job, document = make(full_plan, PlanDocument.Kind.QBR, owner)
    finally:
        qbr._SECTIONS.pop("test.decisions")
    text = text_of(document)
    for heading in ("Goals", "Overdue", "Next steps", "White space", "Decisions at the last QBR"):
        assert heading in text
    assert "Extend the pilot to Bergen" in text
    keep_pictures(document, "qbr-en")


def test_versions_are_kept_and_numbered(full_plan, owner):
    make(full_plan, PlanDocument.Kind.CUSTOMER, owner)
    make(full_plan, PlanDocument.Kind.CUSTOMER, owner)
    numbers = list(
        PlanDocument.objects.filter(plan=full_plan).order_by("number").values_list("number", flat=True)
    )
    assert numbers == [1, 2]
    assert all(documents.document_path(d).is_file() for d in PlanDocument.objects.all())


def test_nordic_letters_come_out_right(full_plan, owner):
    full_plan.customer.name = "Bjørkåsen Ærlig Öström AB"
    full_plan.customer.save()
    _job, document = make(full_plan, PlanDocument.Kind.CUSTOMER, owner)
    assert "Bjørkåsen Ærlig Öström AB" in text_of(document)


def test_a_plan_with_500_actions_and_200_white_space_rows_still_renders(full_plan, owner):
    Action.objects.bulk_create(
        Action(
            plan=full_plan,
            title=f"Follow-up {n} with the plant",
            owner=owner,
            due=datetime.date(2027, 1, 1) + datetime.timedelta(days=n % 300),
            shared=n % 2 == 0,
        )
        for n in range(500)
    )
    unit = CustomerUnit.objects.get(customer=full_plan.customer)
    offerings = Offering.objects.bulk_create(Offering(name=f"Service line {n:03d}") for n in range(200))
    WhiteSpaceRow.objects.bulk_create(
        WhiteSpaceRow(customer=full_plan.customer, offering=o, shared=True) for o in offerings
    )
    WhiteSpaceCell.objects.bulk_create(
        WhiteSpaceCell(
            customer=full_plan.customer, offering=o, unit=unit, status="open", potential=Decimal(1000 + i)
        )
        for i, o in enumerate(offerings)
    )
    _job, internal = make(full_plan, PlanDocument.Kind.INTERNAL, owner)
    _job, customer = make(full_plan, PlanDocument.Kind.CUSTOMER, owner)
    assert internal.pages > 15 and customer.pages > 8
    text = text_of(internal)
    assert "Follow-up 499 with the plant" in text and "Service line 199" in text
    assert text.count("ACTION") > 5  # the table header repeats on every page of the table
    keep_pictures(internal, "large-internal", last=6)


def test_the_fetcher_serves_only_our_static_files():
    fetcher = pdfrender.static_fetcher()
    ok = fetcher.fetch(settings.SITE_URL + "/static/css/pdf.css")
    assert b"@page" in ok.read()
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/static/css/pdf.css",
        "file:///etc/passwd",
        settings.SITE_URL + "/static/../kam/settings.py",
        settings.SITE_URL + "/media/jobs/job-1.pdf",
        "data:text/plain,hello",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_the_fetcher_serves_the_documents_own_pictures_and_no_others():
    fetcher = pdfrender.static_fetcher({"chart.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>'})
    assert b"<svg" in fetcher.fetch(pdfrender.picture_url("chart.svg")).read()
    for url in (
        pdfrender.picture_url("other.svg"),
        pdfrender.picture_url("../css/pdf.css"),
        "https://example.com/pdf-pictures/chart.svg",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    with pytest.raises(ValueError):
        pdfrender.static_fetcher().fetch(pdfrender.picture_url("chart.svg"))


def test_the_org_chart_is_drawn_in_the_internal_pdf(full_plan, owner, contact):
    _job, document = make(full_plan, PlanDocument.Kind.INTERNAL, owner)
    text = text_of(document)
    # once in the people table, once in the org chart drawn from its picture
    assert text.count(contact.name) >= 2


def test_a_document_that_fetches_elsewhere_renders_without_it(tmp_path):
    html = '<html><body><p>Hello</p><img src="http://127.0.0.2:9/x.png"><img src="file:///etc/hostname"></body></html>'
    assert pdfrender.render(html, tmp_path / "x.pdf") == 1


def test_a_render_that_takes_too_long_is_stopped(tmp_path):
    html = "<html><body>" + "<table>" + "<tr><td>x</td></tr>" * 20000 + "</table></body></html>"
    with pytest.raises(pdfrender.PdfTimeout):
        pdfrender.render(html, tmp_path / "slow.pdf", time_limit=0.5)
    assert not (tmp_path / "slow.pdf").exists()


def test_missing_libraries_give_a_clear_message(monkeypatch, full_plan, client, owner, tmp_path):
    monkeypatch.setattr(
        pdfrender, "unavailable_reason", lambda: "PDF export needs the system libraries Pango"
    )
    client.force_login(owner)
    page = client.get(f"/plans/{full_plan.pk}/documents/").content.decode()
    assert "PDFs cannot be made on this server yet" in page
    response = client.post(f"/plans/{full_plan.pk}/documents/", {"kind": "internal"}, follow=True)
    assert "PDFs cannot be made on this server yet" in response.content.decode()
    assert not Job.objects.exists()
    with pytest.raises(pdfrender.PdfUnavailable):
        pdfrender.render("<p>x</p>", tmp_path / "never.pdf")


def test_the_page_queues_a_job_and_the_version_downloads(full_plan, client, owner, viewer, outsider):
    client.force_login(owner)
    response = client.post(f"/plans/{full_plan.pk}/documents/", {"kind": "customer"})
    assert response.status_code == 200
    job = Job.objects.get()
    assert job.params == {"plan": full_plan.pk, "document": "customer"}
    with translation.override("en"):
        run_job(job.pk)
    document = PlanDocument.objects.get()
    client.force_login(viewer)
    download = client.get(f"/documents/{document.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    client.force_login(outsider)
    assert client.get(f"/documents/{document.pk}/download/").status_code == 404
