"""Reminders through a real Celery worker and beat on the configured broker and database
(PostgreSQL and Redis in CI): due reminders are delivered by the schedule, a worker killed with
SIGKILL in the middle of a batch loses nothing and sends nothing twice, and a reminder that falls
due while the broker is down goes out once it is back."""

import datetime
import email
import os
import signal
import subprocess
import sys
import time
from email import policy
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from kam.celery import app as celery_app
from meetings import tasks
from meetings.delivery import BATCH
from meetings.models import Notification, Reminder
from meetings.models.reminders import Kind
from planning.models import AccountPlan, Action
from tests.conftest import services_required
from tests.factories import CustomerFactory
from tests.meetings.outage import Relay

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def eager_off():
    celery_app.conf.update(task_always_eager=False)
    yield
    celery_app.conf.update(task_always_eager=True)


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    user = db["USER"] or "postgres"
    return f"postgresql://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start(args: list[str], mail_dir: Path, **extra: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DATABASE_URL": _database_url(),
        "ORCHARD_TEST_MAIL_DIR": str(mail_dir),
        **extra,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "kam", *args, "--loglevel", "WARNING"],
        env=env,
        cwd=Path(settings.BASE_DIR),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _worker(mail_dir: Path, **extra: str) -> subprocess.Popen:
    return _start(
        ["worker", "--pool", "solo", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        mail_dir,
        **extra,
    )


def _stop(process: subprocess.Popen) -> str:
    if process.poll() is None:
        process.terminate()
    try:
        output, _ = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return (output or b"").decode(errors="replace")


def _mails(mail_dir: Path) -> list[Path]:
    return sorted(mail_dir.glob("*.eml"))


def _wait(condition, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def test_beat_and_a_worker_deliver_due_reminders(owner, customer, tmp_path, eager_off):
    plan = AccountPlan.objects.create(
        customer=customer,
        period=2026,
        status="active",
        next_review_due=timezone.localdate() + datetime.timedelta(days=90),
    )
    today = timezone.localdate()
    for n in range(3):
        Action.objects.create(
            plan=plan, title=f"Overdue {n}", owner=owner, due=today - datetime.timedelta(days=n + 1)
        )
    mail_dir = tmp_path / "mail"
    worker = _worker(mail_dir)
    beat = _start(["beat", "-s", str(tmp_path / "beat-schedule")], mail_dir, REMINDER_SWEEP_SECONDS="1")
    try:
        delivered = _wait(
            lambda: Reminder.objects.filter(kind=Kind.ACTION_DUE, status=Reminder.Status.SENT).count() == 3
        )
        time.sleep(4)  # a few more sweeps: nothing new, nothing twice
    finally:
        beat_output, worker_output = _stop(beat), _stop(worker)
    assert delivered, worker_output[-3000:] + beat_output[-2000:]
    sent = Reminder.objects.filter(status=Reminder.Status.SENT).exclude(kind=Kind.DIGEST)
    files = _mails(mail_dir)
    assert len(files) == sent.count() >= 3
    attempts = (mail_dir / "attempts.log").read_text().split()
    assert len(attempts) == len(set(attempts)) == len(files)
    bodies = "".join(f.read_text(errors="replace") for f in files)
    assert "Overdue 0" in bodies and "Overdue 2" in bodies
    assert Notification.objects.filter(kind=Kind.ACTION_DUE).count() == 3


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(owner, tmp_path, eager_off):
    customers = [CustomerFactory(owner=owner) for _ in range(4)]
    total = 160
    now = timezone.now()
    Reminder.objects.bulk_create(
        Reminder(
            kind=Kind.DEVIATION_OPEN,
            key=f"kill:{n}",
            recipient=owner,
            customer=customers[n % 4],
            params={"title": f"Deviation {n}", "days": 20, "customer": "Kunde"},
            due_at=now,
        )
        for n in range(total)
    )
    mail_dir = tmp_path / "mail"
    first = _worker(mail_dir, ORCHARD_TEST_MAIL_DELAY="0.05")
    try:
        tasks.deliver.delay()
        started = _wait(lambda: len(_mails(mail_dir)) >= BATCH + 5, seconds=120)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=20)
    finally:
        first_output = _stop(first)
    assert started, first_output[-3000:]
    settled_at_kill = set(
        Reminder.objects.exclude(status=Reminder.Status.PENDING).values_list("pk", flat=True)
    )
    assert 0 < len(settled_at_kill) < total, "the kill must land in the middle of the work"
    second = _worker(mail_dir)
    try:
        tasks.deliver.delay()
        finished = _wait(
            lambda: not Reminder.objects.filter(status=Reminder.Status.PENDING).exists(), seconds=120
        )
    finally:
        second_output = _stop(second)
    assert finished, second_output[-3000:]
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == total
    assert Notification.objects.count() == total
    files = _mails(mail_dir)
    assert len(files) == total  # nothing lost, nothing twice in the outbox
    attempts = (mail_dir / "attempts.log").read_text().split()
    again = {message for message in set(attempts) if attempts.count(message) > 1}
    # Only the batch in flight at the kill can have been handed to the mail server twice (same
    # Message-ID, so the outbox holds it once); a row committed as sent is never sent again.
    assert len(again) <= BATCH
    resent_rows = {int(message.split("-")[1]) for message in again}
    assert not resent_rows & settled_at_kill


def test_a_reminder_that_falls_due_while_the_broker_is_down_goes_out_once_it_is_back(
    owner, customer, tmp_path, eager_off
):
    if not settings.REDIS_URL:
        # The embedded default's broker is a folder that cannot go down; where services are
        # required (CI), a missing Redis fails the test instead of skipping it.
        if services_required():
            pytest.fail("REDIS_URL is not set: the broker-outage test needs Redis as the broker")
        pytest.skip("needs Redis as the broker (the embedded default's broker is a folder)")
    broker = urlsplit(settings.REDIS_URL)
    relay = Relay((broker.hostname or "127.0.0.1", broker.port or 6379))
    relay.up()
    through_relay = urlunsplit(broker._replace(netloc=f"127.0.0.1:{relay.port}"))
    plan = AccountPlan.objects.create(
        customer=customer,
        period=2026,
        status="active",
        next_review_due=timezone.localdate() + datetime.timedelta(days=90),
    )
    today = timezone.localdate()
    Action.objects.create(plan=plan, title="Due before the outage", owner=owner, due=today)
    mail_dir = tmp_path / "mail"
    worker = _worker(mail_dir, REDIS_URL=through_relay)
    beat = _start(
        ["beat", "-s", str(tmp_path / "beat-schedule")],
        mail_dir,
        REDIS_URL=through_relay,
        REMINDER_SWEEP_SECONDS="1",
    )
    try:
        working = _wait(lambda: _sent_about("Due before the outage", mail_dir) == 1)
        relay.down()
        Action.objects.create(plan=plan, title="Due during the outage", owner=owner, due=today)
        time.sleep(6)  # several sweeps fall due while the broker cannot be reached
        during = _sent_about("Due during the outage", mail_dir)
        swept_during = Reminder.objects.filter(params__title="Due during the outage").exists()
        relay.up()
        delivered = _wait(lambda: _sent_about("Due during the outage", mail_dir) == 1, seconds=120)
        time.sleep(4)  # more sweeps once it is back: nothing twice
    finally:
        relay.down()
        beat_output, worker_output = _stop(beat), _stop(worker)
    assert working, worker_output[-3000:] + beat_output[-2000:]
    assert during == 0 and not swept_during, "nothing is swept or sent while the broker is down"
    assert delivered, worker_output[-3000:] + beat_output[-2000:]
    assert _sent_about("Due before the outage", mail_dir) == 1
    assert _sent_about("Due during the outage", mail_dir) == 1
    assert Reminder.objects.filter(kind=Kind.ACTION_DUE, status=Reminder.Status.SENT).count() == 2


def _sent_about(title: str, mail_dir: Path) -> int:
    """The reminders e-mailed about this action (the weekly summary may also name it; not counted)."""
    subjects = [
        email.message_from_bytes(m.read_bytes(), policy=policy.default)["Subject"] for m in _mails(mail_dir)
    ]
    return sum(f"“{title}”" in subject for subject in subjects)
