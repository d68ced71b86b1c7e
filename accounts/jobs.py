"""Kinds of background job and the code that runs each. Features register their own kinds."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _

from accounts import timeline
from accounts.exports import spreadsheet_value
from accounts.models import Event, Job

Progress = Callable[[int, str], None]
Runner = Callable[[Job, Progress], dict]

RUNNERS: dict[str, Runner] = {}


def register(kind: str) -> Callable[[Runner], Runner]:
    def decorator(runner: Runner) -> Runner:
        RUNNERS[kind] = runner
        return runner

    return decorator


def job_file_path(job: Job, suffix: str) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"job-{job.pk}{suffix}"


@register("timeline.export")
def export_timeline(job: Job, progress: Progress) -> dict:
    """Write the customer's whole timeline as CSV, in the language of the person who asked."""
    events = Event.objects.filter(customer=job.customer).select_related("actor").order_by("created_at", "pk")
    total = events.count() or 1
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    with translation.override(job.created_by.language):
        writer.writerow([_("When"), _("Who"), _("What")])
        for index, event in enumerate(events.iterator(chunk_size=500), start=1):
            who = str(event.actor) if event.actor else str(timeline.SYSTEM_ACTOR)
            when = formats.date_format(event.created_at, "Y-m-d H:i")
            writer.writerow(
                [spreadsheet_value(text) for text in (when, who, timeline.describe(event.kind, event.data))]
            )
            if index % 200 == 0:
                progress(
                    int(index * 100 / total),
                    _("%(done)s of %(total)s events") % {"done": index, "total": total},
                )
        name = _("timeline") + f"-{job.customer_id}.csv"
    path = job_file_path(job, ".csv")
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return {"file": path.name, "filename": name, "content_type": "text/csv", "rows": total}
