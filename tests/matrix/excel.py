"""Rows for the Excel import (template, upload, preview and commit) and the exports."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from accounts.models import Job
from accounts.services import imports
from tests.matrix import ALL_200, ALL_405, FOREIGN_VIEW, OWN_VIEW, Row, codes, customer_kwargs

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EVERYONE_REDIRECTED = codes("302 302 302 302 302 302 302 302")
OWN_JOB_GET = codes("302 404 404 404 200 404 404 200")
OWN_JOB_POST = codes("302 404 404 404 302 404 404 302")


def _workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Customers"
    sheet.append(["name", "organisation number"])
    sheet.append(["Matrise Kraft AS", "912 345 670"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload_data(cast, target):
    return {"file": SimpleUploadedFile("customers.xlsx", _workbook(), content_type=XLSX)}


def preview_kwargs(cast, target):
    """A finished, error-free preview started by the cast's owner, its file still kept."""
    name = "matrix-preview.xlsx"
    (imports.uploads_folder() / name).write_bytes(_workbook())
    job = Job.objects.create(
        kind=imports.PREVIEW,
        created_by=cast.owner,
        status=Job.Status.DONE,
        params={"file": name, "filename": "customers.xlsx", "rows": 2, "formulas": False},
        result={"rows": [], "counts": {}, "blocking": False, "file_errors": []},
    )
    return {"job_id": job.pk}


ROWS: dict[str, Row] = {
    "accounts:import-upload": Row(get=ALL_200, post=EVERYONE_REDIRECTED, data=upload_data),
    "accounts:import-template": Row(get=ALL_200),
    "accounts:import-preview": Row(kwargs=preview_kwargs, get=OWN_JOB_GET, post=OWN_JOB_POST),
    "accounts:customer-export": Row(get=ALL_200),
    "accounts:financials-export": Row(
        kwargs=customer_kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, post=ALL_405, foreign_post=ALL_405
    ),
}
