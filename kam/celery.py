"""The one Celery app, and every periodic schedule in one place."""

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kam.settings")

app = Celery("orchard")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def load_pdf_engine(**kwargs) -> None:
    """Load WeasyPrint when the worker starts (its pool processes inherit it), so the first PDF
    someone asks for does not also wait about a second for the engine to load."""
    from planning import pdfrender

    pdfrender.load_engine()


def _sweep_seconds() -> float:
    """How often reminders are swept and delivered (REMINDER_SWEEP_SECONDS, default five minutes)."""
    raw = os.environ.get("REMINDER_SWEEP_SECONDS", "300")
    try:
        seconds = float(raw)
    except ValueError:
        raise RuntimeError(f"REMINDER_SWEEP_SECONDS must be a number of seconds, not {raw!r}") from None
    if seconds <= 0:
        raise RuntimeError("REMINDER_SWEEP_SECONDS must be above zero")
    return seconds


app.conf.beat_schedule = {
    "sweep-reminders": {
        "task": "meetings.tasks.sweep",
        "schedule": _sweep_seconds(),
    },
    "clear-expired-sessions": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=15),
    },
    "purge-finished-jobs": {
        "task": "accounts.tasks.purge_finished_jobs",
        "schedule": crontab(hour=3, minute=30),
    },
    "remind-uninformed-stakeholders": {
        "task": "accounts.tasks.remind_uninformed_stakeholders",
        "schedule": crontab(hour=6, minute=10),
    },
    "take-health-snapshots": {
        "task": "accounts.tasks.take_health_snapshots",
        "schedule": crontab(hour=5, minute=40),
    },
}
