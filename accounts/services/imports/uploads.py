"""Uploads and jobs: keep a file that passed the safety checks until it is committed or refused, and
run its preview and commit as background jobs (`customers.import.preview`,
`customers.import.commit`) through `accounts.services.job_run`; a small file runs the same runner
while the person waits.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import jobs
from accounts.excel.reading import ParsedWorkbook, read_workbook
from accounts.excel.safety import INLINE_ROWS, FileRejected
from accounts.models import Job, User
from accounts.services import job_create, job_run
from accounts.services.imports.commit import import_commit
from accounts.services.imports.plan import ImportPlan
from accounts.services.imports.planning import import_plan

PREVIEW = "customers.import.preview"
COMMIT = "customers.import.commit"
IMPORTS_FOLDER = "imports"
KEEP_UPLOADS_DAYS = 14


class ImportNotReady(Exception):
    """The preview cannot be committed (still running, has errors, or its file is gone)."""


def uploads_folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / IMPORTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def import_upload(*, upload: UploadedFile, rows: int, has_formulas: bool, by: User) -> Job:
    """Keep the checked upload under a random name and start the preview job: at once for a small
    file (the person waits a moment), on the worker for a larger one (the page polls the job).

    `rows` and `has_formulas` come from `accounts.excel.safety.inspect_xlsx`, which the file passed.
    """
    _forget_old_uploads()
    name = f"{secrets.token_urlsafe(18)}.xlsx"
    with (uploads_folder() / name).open("wb") as file:
        for chunk in upload.chunks():
            file.write(chunk)
    params = {
        "file": name,
        "filename": Path(upload.name or "").name[:120],
        "rows": rows,
        "formulas": has_formulas,
    }
    return _start(kind=PREVIEW, by=by, params=params)


def import_commit_start(*, preview: Job, by: User) -> Job:
    """Start writing a previewed file. Raises ImportNotReady when the preview is unfinished, has
    errors, or its file is gone."""
    if preview.kind != PREVIEW or preview.status != Job.Status.DONE:
        raise ImportNotReady(_("The file has not been checked yet; wait for the preview to finish."))
    if preview.result.get("blocking", True):
        raise ImportNotReady(
            _("Nothing is imported while a row has an error. Fix the rows in your file and upload it again.")
        )
    if not (uploads_folder() / preview.params.get("file", "")).is_file():
        raise ImportNotReady(_("The uploaded file is no longer kept. Upload it again."))
    return _start(kind=COMMIT, by=by, params={**preview.params, "preview": preview.pk})


def _start(*, kind: str, by: User, params: dict[str, Any]) -> Job:
    if params["rows"] > INLINE_ROWS:
        return job_create(kind=kind, by=by, **params)
    job = Job.objects.create(kind=kind, created_by=by, params=params)
    job_run(job.pk)  # what the worker's task runs, called directly: no queue for a small file
    job.refresh_from_db()
    return job


def _forget_old_uploads() -> None:
    """Uploads are kept for the preview and the commit; after two weeks they are of no use."""
    cutoff = time.time() - KEEP_UPLOADS_DAYS * 86400
    for path in uploads_folder().glob("*.xlsx"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def _discard(job: Job) -> None:
    """A refused file is of no further use, nor is one already committed: it goes at once."""
    (uploads_folder() / Path(job.params.get("file", "")).name).unlink(missing_ok=True)


def _rejected(message: str) -> dict[str, Any]:
    return ImportPlan(file_errors=[message]).result()


def _read_upload(job: Job, progress: jobs.Progress, share: int) -> ParsedWorkbook | dict[str, Any]:
    path = uploads_folder() / job.params.get("file", "")
    if not path.is_file():
        return _rejected(_("The uploaded file is no longer kept. Upload it again."))
    total = max(int(job.params.get("rows", 0)), 1)

    def report(done: int) -> None:
        message = _("Read %(done)s of about %(total)s rows") % {"done": done, "total": total}
        progress(min(share, done * share // total), message)

    try:
        return read_workbook(path, has_formulas=job.params.get("formulas", True), progress=report)
    except FileRejected as error:
        return _rejected(str(error))


@jobs.register(PREVIEW)
def run_import_preview(job: Job, progress: jobs.Progress) -> dict[str, Any]:
    """Read the uploaded workbook and plan every row, in the language of the person importing."""
    with translation.override(job.created_by.language):
        parsed = _read_upload(job, progress, share=70)
        if isinstance(parsed, dict):
            _discard(job)
            return parsed
        progress(70, _("Matching the rows with Orchard…"))
        result = import_plan(parsed=parsed, by=job.created_by).result()
    if result["blocking"]:
        _discard(job)
    return result


@jobs.register(COMMIT)
def run_import_commit(job: Job, progress: jobs.Progress) -> dict[str, Any]:
    """Read the previewed workbook again and write it, all rows or none."""
    with translation.override(job.created_by.language):
        parsed = _read_upload(job, progress, share=50)
        if isinstance(parsed, dict):
            return {**parsed, "committed": False}
        progress(50, _("Saving…"))
        plan = import_commit(parsed=parsed, by=job.created_by, source=job.params.get("filename", ""))
    _discard(job)
    return plan.result(committed=not plan.has_errors)
