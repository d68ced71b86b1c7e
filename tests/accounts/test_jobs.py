"""Background jobs: the page starts one, polls its fragment, and downloads the result."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from accounts.models import Job
from kam.celery import app as celery_app
from tests.factories import EventFactory, UserFactory


def test_timeline_export_runs_as_a_job_and_downloads_as_csv(
    client, owner, customer, django_capture_on_commit_callbacks
):
    prankster = UserFactory(full_name='=HYPERLINK("http://evil.example","click")')
    EventFactory(customer=customer, actor=prankster, kind="member.removed", data={"person": "Marte Eide"})
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:timeline-export", args=[customer.pk]), HTTP_HX_REQUEST="true"
        )
    job = Job.objects.get()
    assert response.status_code == 200 and "<html" not in response.content.decode()
    status = client.get(
        reverse("accounts:job-status", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Download" in status and "hx-trigger" not in status  # finished: the fragment stops polling
    download = client.get(reverse("accounts:job-download", args=[job.pk]))
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in body  # read as text, never as a formula
    assert "removed Marte Eide from the account team" in body


def test_a_running_job_fragment_keeps_polling(client, owner, customer):
    job = Job.objects.create(
        kind="timeline.export", created_by=owner, customer=customer, progress=40, status=Job.Status.RUNNING
    )
    client.force_login(owner)
    fragment = client.get(
        reverse("accounts:job-status", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'data-hx-trigger="every 1s"' in fragment
    assert 'value="40"' in fragment


def test_someone_elses_job_is_not_found(client, contributor, owner, customer):
    job = Job.objects.create(kind="timeline.export", created_by=owner, customer=customer)
    client.force_login(contributor)
    assert client.get(reverse("accounts:job-status", args=[job.pk])).status_code == 404


@pytest.fixture
def eager_off():
    celery_app.conf.update(task_always_eager=False)
    yield
    celery_app.conf.update(task_always_eager=True)


def _database_url_for_worker() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or "postgres"
    return f"postgresql://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_picks_up_the_job_from_the_broker(client, owner, customer, eager_off):
    """Through the configured broker (Redis in CI, the file broker on the embedded default)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DATABASE_URL": _database_url_for_worker(),
    }
    worker = subprocess.Popen(
        [
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
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env=env,
        cwd=Path(settings.BASE_DIR),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        client.force_login(owner)
        client.post(reverse("accounts:timeline-export", args=[customer.pk]))
        job = Job.objects.get()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not job.is_finished:
            time.sleep(0.25)
            job.refresh_from_db()
        assert job.status == Job.Status.DONE, f"job ended as {job.status}: {job.message}"
        assert job.result["rows"] >= 1
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
    assert worker.returncode is not None, output
