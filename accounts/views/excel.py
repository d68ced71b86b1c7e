"""Excel: the import template, upload, preview and commit of an import, and the exports."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access, selectors
from accounts.excel import safety, template, writing
from accounts.excel.forms import XLSX_MIME, ImportUploadForm
from accounts.excel.outcome import outcome_table
from accounts.forms import CustomerFilterForm
from accounts.models import Job
from accounts.services import imports
from kam.http import render_page


@require_GET
def import_template_view(request: HttpRequest) -> HttpResponse:
    file = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    template.build_template(file, owner_email=request.user.email)
    return _xlsx(file, "orchard-import-template.xlsx")


@require_http_methods(["GET", "POST"])
def import_upload_view(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = ImportUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        inspection = form.inspection
        job = imports.import_upload(
            upload=form.cleaned_data["file"],
            rows=inspection.rows,
            has_formulas=inspection.has_formulas,
            by=request.user,
        )
        return redirect("accounts:import-preview", job_id=job.pk)
    context = {"form": form, "limits": safety.limits()}
    return render(request, "accounts/import_upload.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def import_preview_view(request: HttpRequest, job_id: int) -> HttpResponse:
    job = access.get_job_for_user(request.user, job_id)
    if job.kind not in {imports.PREVIEW, imports.COMMIT}:
        raise Http404("No such import")
    error = ""
    if request.method == "POST":
        try:
            commit = imports.import_commit_start(preview=job, by=request.user)
        except imports.ImportNotReady as refusal:
            error = str(refusal)
        else:
            return redirect("accounts:import-preview", job_id=commit.pk)
    return render_page(
        request,
        "accounts/import_preview.html",
        "accounts/partials/import_status.html",
        _preview_context(request, job, error),
        status=400 if error else 200,
    )


def _preview_context(request: HttpRequest, job: Job, error: str) -> dict:
    context = {"job": job, "is_commit": job.kind == imports.COMMIT, "commit_error": error}
    if job.status == Job.Status.DONE:
        context["outcome"] = outcome_table(
            job.result,
            show=request.GET.get("show"),
            page=request.GET.get("page"),
            done=bool(job.result.get("committed")),
        )
    return context


@require_GET
def customer_export_view(request: HttpRequest) -> HttpResponse:
    """The customer list as a workbook, with exactly the list page's search, filters and sort."""
    choices = selectors.customer_filter_choices(request.user)
    form = CustomerFilterForm(
        request.GET,
        owners=choices.owners,
        teams=choices.teams,
        industries=choices.industries,
        countries=choices.countries,
    )
    customers = selectors.customer_list(request.user, form.filters())
    name = f"{slugify(_('customers'))}-{timezone.localdate():%Y-%m-%d}.xlsx"
    return _workbook(imports.export_sheets(customers), name)


@require_GET
def financials_export_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    name = f"{slugify(_('financials'))}-{slugify(customer.name) or customer.pk}.xlsx"
    return _workbook(imports.export_financial_sheets(customer), name)


def _workbook(sheets: Iterable, filename: str) -> FileResponse:
    # A temporary file, not memory: openpyxl's write-only mode streams rows to disk.
    file = tempfile.TemporaryFile()  # noqa: SIM115  (FileResponse closes it)
    writing.write_workbook(file, sheets)
    return _xlsx(file, filename)


def _xlsx(file, filename: str) -> FileResponse:
    file.seek(0)
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_MIME)
