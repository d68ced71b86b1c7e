"""The reminder outbox: what the sweep finds, delivery in the recipient's language and time zone,
preferences (immediately, daily digest, off), scope at send and display time, the bell, the
notifications page, "Needs attention" grouped, and exactly once with two senders."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountMember, NextStep, Stakeholder
from meetings import delivery, reminders
from meetings.models import Deviation, Notification, NotificationPreference, Reminder
from meetings.models.reminders import Kind
from planning.models import Action
from risk.models import Contract
from tests.factories import CustomerFactory, UserFactory
from tests.meetings.conftest import make_meeting


def _sweep_and_deliver(now=None):
    reminders.reminders_sweep(now)
    return delivery.reminders_deliver(now=now)


@pytest.fixture
def due_things(customer, owner, contributor, plan, kari):
    today = timezone.localdate()
    Action.objects.create(
        plan=plan, title="Send the proposal", owner=contributor, due=today - datetime.timedelta(days=2)
    )
    Action.objects.create(plan=plan, title="Far away", owner=owner, due=today + datetime.timedelta(days=40))
    Deviation.objects.create(
        customer=customer, title="Late delivery", opened_on=today - datetime.timedelta(days=20)
    )
    Contract.objects.create(
        customer=customer,
        title="Frame agreement",
        start=datetime.date(2024, 1, 1),
        expiry=today + datetime.timedelta(days=100),
        notice_amount=3,
    )
    meeting = make_meeting(customer, owner, days=1)
    meeting.their_attendees.set([kari])
    return meeting


def test_the_sweep_finds_each_kind_once(due_things, owner, contributor):
    first = reminders.reminders_sweep()
    kinds = set(Reminder.objects.values_list("kind", flat=True))
    assert {Kind.ACTION_DUE, Kind.DEVIATION_OPEN, Kind.CONTRACT_NOTICE, Kind.MEETING_SOON} <= kinds
    assert Reminder.objects.get(kind=Kind.ACTION_DUE).recipient == contributor
    assert not Reminder.objects.filter(params__title="Far away").exists()
    again = reminders.reminders_sweep()
    assert first["written"] > 0 and again["written"] == 0


def test_a_meeting_reminder_carries_the_agenda_and_disc_advice_for_the_team(due_things, owner):
    due_things.agenda = "1. Results\n2. Next steps"
    due_things.save()
    _sweep_and_deliver()
    message = next(m for m in mail.outbox if "starts" in m.subject)
    assert message.to == [owner.email]
    assert "1. Results" in message.body and "Kari Nordmann" in message.body
    assert "Red: dominant" in message.body  # the owner is on the account team
    html = message.alternatives[0][0]
    assert "Kari Nordmann" in html and "<script" not in html


def test_delivery_speaks_the_recipients_language_and_time_zone(customer, owner, kari):
    owner.language, owner.time_zone = "nb", "America/New_York"
    owner.save()
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(hours=20)
    meeting = make_meeting(customer, owner, days=0)
    meeting.starts_at, meeting.ends_at = start, start + datetime.timedelta(hours=1)
    meeting.save()
    _sweep_and_deliver()
    message = mail.outbox[0]
    local = start.astimezone(datetime.timezone(datetime.timedelta(hours=-5)))
    assert "starter" in message.subject or "begynner" in message.subject
    assert f"{local:%H:%M}"[:2] in message.body  # the hour in New York, not in Oslo


def test_a_person_taken_off_the_team_gets_nothing_more(due_things, contributor, customer):
    reminders.reminders_sweep()
    AccountMember.objects.filter(user=contributor, customer=customer).delete()
    delivery.reminders_deliver()
    row = Reminder.objects.get(kind=Kind.ACTION_DUE)
    assert row.status == Reminder.Status.SKIPPED and row.skip_reason == "no_access"
    assert not [m for m in mail.outbox if contributor.email in m.to]
    assert not Notification.objects.filter(recipient=contributor).exists()


def test_notifications_are_scoped_at_display_time(client, due_things, contributor, customer):
    _sweep_and_deliver()
    client.force_login(contributor)
    assert "Send the proposal" in client.get(reverse("meetings:notifications")).content.decode()
    AccountMember.objects.filter(user=contributor, customer=customer).delete()
    page = client.get(reverse("meetings:notifications")).content.decode()
    assert "Send the proposal" not in page
    assert client.get(reverse("meetings:bell")).content.decode().strip() == ""


def test_preference_off_sends_no_mail_and_rings_no_bell(client, due_things, contributor):
    NotificationPreference.objects.create(user=contributor, kind=Kind.ACTION_DUE, delivery="off")
    _sweep_and_deliver()
    assert not [m for m in mail.outbox if contributor.email in m.to]
    note = Notification.objects.get(recipient=contributor)
    assert note.silenced
    client.force_login(contributor)
    assert client.get(reverse("meetings:bell")).content.decode().strip() == ""
    assert "Send the proposal" in client.get(reverse("accounts:home")).content.decode()


def test_the_daily_digest_gathers_the_days_reminders_in_one_mail(due_things, owner):
    for kind in (Kind.DEVIATION_OPEN, Kind.CONTRACT_NOTICE, Kind.MEETING_SOON):
        NotificationPreference.objects.create(user=owner, kind=kind, delivery="digest")
    early = timezone.now().astimezone(datetime.UTC).replace(hour=4, minute=0)  # 05:00 in Oslo: no digest yet
    _sweep_and_deliver(early)
    assert not [m for m in mail.outbox if owner.email in m.to and "this week" not in m.subject]
    assert Reminder.objects.filter(recipient=owner, status=Reminder.Status.DIGEST).count() == 3
    later = early.replace(hour=8)
    _sweep_and_deliver(later)
    _sweep_and_deliver(later + datetime.timedelta(minutes=5))
    mine = [m for m in mail.outbox if owner.email in m.to and "this week" not in m.subject]
    assert len(mine) == 1 and "3 reminders today" in mine[0].subject
    assert "Late delivery" in mine[0].body and "Frame agreement" in mine[0].body


def test_the_preferences_page_saves_each_kind(client, owner):
    client.force_login(owner)
    data = {kind.value: "immediately" for kind in Kind if kind not in (Kind.DIGEST, Kind.INVITE)}
    data[Kind.ACTION_DUE] = "digest"
    data[Kind.WEEKLY] = "off"
    assert client.post(reverse("meetings:notification-preferences"), data).status_code == 302
    assert dict(NotificationPreference.objects.filter(user=owner).values_list("kind", "delivery")) == {
        Kind.ACTION_DUE: "digest",
        Kind.WEEKLY: "off",
    }
    data[Kind.ACTION_DUE] = "loud"
    response = client.post(reverse("meetings:notification-preferences"), data)
    assert response.status_code == 400


def test_the_weekly_summary_goes_to_each_kam_once_a_week(customer, owner, due_things):
    monday = datetime.datetime(2027, 3, 1, 8, 0, tzinfo=datetime.UTC)  # 09:00 in Oslo
    _sweep_and_deliver(monday)
    _sweep_and_deliver(monday + datetime.timedelta(hours=3))
    weekly = [m for m in mail.outbox if "this week" in m.subject]
    assert len(weekly) == 1 and weekly[0].to == [owner.email]


def test_marking_read_and_the_bell(client, due_things, owner):
    _sweep_and_deliver()
    client.force_login(owner)
    count = int(client.get(reverse("meetings:bell")).content.decode().split("</span>")[0].rsplit(">", 1)[1])
    assert count == Notification.objects.filter(recipient=owner).count() > 0
    note = Notification.objects.filter(recipient=owner).first()
    client.post(reverse("meetings:notification-read", args=[note.pk]))
    note.refresh_from_db()
    assert note.read_at is not None
    client.post(reverse("meetings:notifications-read-all"))
    assert client.get(reverse("meetings:bell")).content.decode().strip() == ""


def test_someone_elses_notification_is_not_found(client, due_things, owner, contributor):
    _sweep_and_deliver()
    note = Notification.objects.filter(recipient=owner).first()
    client.force_login(contributor)
    assert client.post(reverse("meetings:notification-read", args=[note.pk])).status_code == 404


def test_needs_attention_groups_alike_items_with_a_count(client, owner, customer):
    for n in range(6):
        person = Stakeholder.objects.create(customer=customer, name=f"Person {n}")
        NextStep.objects.create(
            customer=customer,
            stakeholder=person,
            gap_key=f"inform:{person.pk}",
            kind="inform",
            text="Inform them",
        )
    _sweep_and_deliver()
    client.force_login(owner)
    page = client.get(reverse("accounts:home")).content.decode()
    assert "6 people to tell that we keep their details" in page
    assert page.count("Tell Person") == 0


def test_done_items_leave_needs_attention(client, due_things, contributor):
    _sweep_and_deliver()
    Action.objects.filter(title="Send the proposal").update(status=Action.Status.DONE)
    reminders.reminders_sweep()
    note = Notification.objects.get(recipient=contributor, kind=Kind.ACTION_DUE)
    assert note.cleared_at is not None


def _notifications(owner, count):
    customer = CustomerFactory(owner=owner)
    Notification.objects.bulk_create(
        Notification(
            recipient=owner,
            kind=Kind.ACTION_DUE,
            customer=customer,
            params={"title": f"A{n}", "due": "2027-01-01"},
        )
        for n in range(count)
    )


def test_the_notifications_page_costs_the_same_at_two_sizes(client, owner):
    client.force_login(owner)
    _notifications(owner, 3)
    client.get(reverse("meetings:notifications"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("meetings:notifications"))
    _notifications(owner, 120)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("meetings:notifications"))
    assert len(small) == len(large) <= 15


@pytest.mark.django_db(transaction=True)
def test_two_senders_at_once_deliver_each_reminder_exactly_once(owner):
    customers = [CustomerFactory(owner=owner) for _ in range(3)]
    now = timezone.now()
    Reminder.objects.bulk_create(
        Reminder(
            kind=Kind.DEVIATION_OPEN,
            key=f"test:{n}",
            recipient=owner,
            customer=customers[n % 3],
            params={"title": f"D{n}", "days": 20, "customer": "X"},
            due_at=now,
        )
        for n in range(120)
    )
    errors = []

    def send():
        from django.db import connection as own

        try:
            for _attempt in range(50):
                try:
                    delivery.reminders_deliver()
                except OperationalError:  # SQLite: "database is locked"; the rows stay pending
                    continue
                if not Reminder.objects.filter(status=Reminder.Status.PENDING).exists():
                    break
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Reminder.objects.filter(status=Reminder.Status.SENT).count() == 120
    assert len(mail.outbox) == 120
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox}) == 120
    assert Notification.objects.count() == 120


def test_a_reminder_due_while_nobody_sent_goes_out_later(owner, customer):
    """Rows wait in the database, not in the broker: whatever fell due while nothing ran goes out
    on the next sweep."""
    past = timezone.now() - datetime.timedelta(hours=6)
    Reminder.objects.create(
        kind=Kind.DEVIATION_OPEN,
        key="late:1",
        recipient=owner,
        customer=customer,
        params={"title": "Late", "days": 30, "customer": customer.name},
        due_at=past,
    )
    assert delivery.reminders_deliver() == 1
    assert len(mail.outbox) == 1


def test_a_failing_mail_server_leaves_the_row_for_a_retry(owner, customer, monkeypatch):
    Reminder.objects.create(
        kind=Kind.DEVIATION_OPEN,
        key="retry:1",
        recipient=owner,
        customer=customer,
        params={"title": "Late", "days": 30, "customer": customer.name},
        due_at=timezone.now(),
    )

    def refuse(self, messages):
        raise OSError("connection refused")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    delivery.reminders_deliver()
    row = Reminder.objects.get()
    assert (row.status, row.skip_reason, row.attempts) == (Reminder.Status.PENDING, "", 1), row.last_error
    assert "refused" in row.last_error
    assert not Notification.objects.exists()  # rolled back with the failed send
    monkeypatch.undo()
    delivery.reminders_deliver()
    assert mail.outbox == []  # not before its pause is over
    delivery.reminders_deliver(now=timezone.now() + datetime.timedelta(minutes=6))
    row.refresh_from_db()
    assert row.status == Reminder.Status.SENT and len(mail.outbox) == 1


def test_an_inactive_recipient_is_skipped(due_things, contributor):
    contributor.is_active = False
    contributor.save()
    _sweep_and_deliver()
    assert Reminder.objects.get(kind=Kind.ACTION_DUE).skip_reason in ("inactive", "no_access")


def test_a_foreign_reminder_stays_out_of_needs_attention(client, owner):
    other = UserFactory()
    stranger = CustomerFactory(owner=other)
    Notification.objects.create(
        recipient=owner, kind=Kind.ACTION_DUE, customer=stranger, params={"title": "Secret"}
    )
    client.force_login(owner)
    assert "Secret" not in client.get(reverse("accounts:home")).content.decode()


def test_beat_sweeps_the_reminders_on_every_setup_and_a_bad_interval_fails_loudly(monkeypatch):
    from kam import celery

    entry = celery.app.conf.beat_schedule["sweep-reminders"]
    assert entry["task"] == "meetings.tasks.sweep" and entry["schedule"] == 300
    monkeypatch.setenv("REMINDER_SWEEP_SECONDS", "often")
    with pytest.raises(RuntimeError, match="REMINDER_SWEEP_SECONDS"):
        celery._sweep_seconds()
