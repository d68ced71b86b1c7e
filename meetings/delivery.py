"""Delivering the outbox: in-app notifications and e-mails, each reminder to its recipient once.

A sender takes a batch of due rows with `select_for_update(skip_locked=True)` (another sender
skips them) and marks them with its own claim token in the same statement that reads them again
(on SQLite, which has no row locks, that conditional UPDATE is what keeps a second sender out).
It then writes each notification, sends each e-mail and stamps each row inside that one
transaction: if the process dies half way, the transaction rolls back and every row of the batch
is still pending for the next sweep — nothing is lost. An e-mail carries a Message-ID made from
the reminder, so a message sent in the instant between the send and the commit of a killed sender
is the same message when it is sent again (an outbox that keeps one file per Message-ID, like
`meetings.mail.MessageFileBackend`, holds it once).

Scope is checked at send time: a reminder for a customer the recipient may no longer see (taken
off the account team) is skipped, never sent.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import uuid
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts import disc
from accounts.models import AccountMember, Customer, Stakeholder, Team, User
from meetings import calendar, notices
from meetings.models import Meeting, Notification, NotificationPreference, Reminder
from meetings.models.reminders import Kind

log = logging.getLogger(__name__)
BATCH = 25
IN_APP = {
    Kind.MEETING_SOON,
    Kind.CADENCE_OVERDUE,
    Kind.PLAN_REVIEW,
    Kind.STAKEHOLDER_SILENT,
    Kind.ACTION_DUE,
    Kind.CONTRACT_NOTICE,
    Kind.DEVIATION_OPEN,
    Kind.INFORM_PERSON,
    Kind.NEXT_STEP,
}
DIGEST_HOUR = 7


MAX_ATTEMPTS = 5
RETRY_AFTER = datetime.timedelta(minutes=5)


def message_id(reminder: Reminder) -> str:
    """The same for every attempt at the same reminder, in every process."""
    digest = hashlib.sha256(reminder.key.encode()).hexdigest()[:16]
    return f"<reminder-{reminder.pk}-{digest}@orchard>"


@dataclass
class Scope:
    """Who may see which customer, for one batch, in three queries."""

    admins: set[int]
    owners: dict[int, int]
    teams: dict[int, int | None]
    members: set[tuple[int, int]]
    leads: set[tuple[int, int]]

    def visible(self, user: User, customer_id: int | None) -> bool:
        if customer_id is None:
            return True
        if user.pk in self.admins:
            return True
        if self.owners.get(customer_id) == user.pk or (user.pk, customer_id) in self.members:
            return True
        team = self.teams.get(customer_id)
        return team is not None and (user.pk, team) in self.leads

    def internal(self, user: User, customer_id: int) -> bool:
        """On the account team (owner or member): may read DISC styles and personal notes."""
        return self.owners.get(customer_id) == user.pk or (user.pk, customer_id) in self.members


def _scope(rows: Sequence[Reminder]) -> Scope:
    users = {r.recipient_id for r in rows if r.recipient_id}
    customers = {r.customer_id for r in rows if r.customer_id}
    facts = Customer.objects.filter(pk__in=customers).values_list("pk", "owner_id", "team_id")
    members = AccountMember.objects.filter(user__in=users, customer__in=customers).values_list(
        "user_id", "customer_id"
    )
    leads = Team.leaders.through.objects.filter(user__in=users).values_list("user_id", "team_id")
    return Scope(
        admins={r.recipient_id for r in rows if r.recipient_id and r.recipient.is_superuser},
        owners={pk: owner for pk, owner, _team in facts},
        teams={pk: team for pk, _owner, team in facts},
        members=set(members),
        leads=set(leads),
    )


def _preferences(rows: Sequence[Reminder]) -> dict[tuple[int, str], str]:
    users = {r.recipient_id for r in rows if r.recipient_id}
    found = NotificationPreference.objects.filter(user__in=users).values_list("user_id", "kind", "delivery")
    return {(user, kind): delivery for user, kind, delivery in found}


# --- The sender ----------------------------------------------------------------------------------
def reminders_deliver(*, now: datetime.datetime | None = None, limit: int = 100_000) -> int:
    """Deliver every due reminder (up to `limit`); returns how many rows were settled."""
    now = now or timezone.now()
    settled = 0
    while settled < limit:
        count = _deliver_batch(now)
        if not count:
            break
        settled += count
    return settled


def _deliver_batch(now: datetime.datetime) -> int:
    with transaction.atomic():
        due = Reminder.objects.filter(status=Reminder.Status.PENDING, due_at__lte=now)
        ids = list(
            due.select_for_update(skip_locked=True, of=("self",))
            .order_by("due_at", "pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            return 0
        token = uuid.uuid4().hex
        Reminder.objects.filter(pk__in=ids, status=Reminder.Status.PENDING).update(claim=token)
        rows = list(
            Reminder.objects.filter(claim=token, status=Reminder.Status.PENDING).select_related("recipient")
        )
        if not rows:
            return 0
        scope, preferences = _scope(rows), _preferences(rows)
        for row in rows:
            _settle(row, scope, preferences, now)
    return len(rows)


def _settle(row: Reminder, scope: Scope, preferences: dict, now: datetime.datetime) -> None:
    """Decide, notify, send and stamp one row; a failed send leaves it pending for a retry."""
    user = row.recipient
    try:
        with transaction.atomic():
            if row.kind == Kind.INVITE:
                _send_invite(row, user, scope)
                _stamp(row, Reminder.Status.SENT, now)
                return
            if user is None or not user.is_active:
                _stamp(row, Reminder.Status.SKIPPED, now, "inactive")
                return
            if not scope.visible(user, row.customer_id):
                _stamp(row, Reminder.Status.SKIPPED, now, "no_access")
                return
            if row.kind == Kind.DIGEST:
                _send_digest(row, user, now)
                _stamp(row, Reminder.Status.SENT, now)
                return
            delivery = preferences.get((user.pk, row.kind), NotificationPreference.Delivery.IMMEDIATELY)
            if row.kind in IN_APP:
                Notification.objects.get_or_create(
                    reminder=row,
                    defaults={
                        "recipient": user,
                        "kind": row.kind,
                        "customer_id": row.customer_id,
                        "params": row.params,
                        "silenced": delivery == NotificationPreference.Delivery.OFF,
                        "created_at": now,
                    },
                )
            if delivery == NotificationPreference.Delivery.OFF:
                _stamp(row, Reminder.Status.SKIPPED, now, "off")
            elif delivery == NotificationPreference.Delivery.DIGEST and row.kind != Kind.WEEKLY:
                _stamp(row, Reminder.Status.DIGEST, now)
            else:
                _send_one(row, user, scope)
                _stamp(row, Reminder.Status.SENT, now)
    except Exception as error:  # a mail server refusing one message must not stop the rest
        log.warning("Reminder %s not delivered: %s", row.pk, error)
        gave_up = row.attempts + 1 >= MAX_ATTEMPTS
        Reminder.objects.filter(pk=row.pk).update(
            attempts=row.attempts + 1,
            last_error=str(error)[:300],
            claim="",
            # Tried again after a pause that grows with each failure (5, 10, 20, 40 minutes).
            due_at=now + RETRY_AFTER * 2**row.attempts,
            status=Reminder.Status.SKIPPED if gave_up else Reminder.Status.PENDING,
            skip_reason="failed" if gave_up else "",
        )


def _stamp(row: Reminder, status: str, now: datetime.datetime, reason: str = "") -> None:
    Reminder.objects.filter(pk=row.pk).update(
        status=status, sent_at=now, skip_reason=reason, attempts=row.attempts + 1, claim=""
    )


# --- E-mails -------------------------------------------------------------------------------------
def _zone(user: User) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(user.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def _mail(row: Reminder, to: str, template: str, context: dict, attachments=()) -> None:
    subject = render_to_string(f"meetings/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"meetings/email/{template}.txt", context)
    html = render_to_string(f"meetings/email/{template}.html", context)
    message = EmailMultiAlternatives(
        " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [to],
        headers={"Message-ID": message_id(row)},
    )
    message.attach_alternative(html, "text/html")
    for name, content, mimetype in attachments:
        message.attach(name, content, mimetype)
    message.send()


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path if path else ""


def _send_one(row: Reminder, user: User, scope: Scope) -> None:
    with translation.override(user.language), timezone.override(_zone(user)):
        context = {
            "user": user,
            "sentence": notices.sentence(row.kind, row.params),
            "link": _site(notices.link(row.kind, row.params)),
            "preferences": _site(reverse("meetings:notification-preferences")),
        }
        if row.kind == Kind.MEETING_SOON:
            context.update(_meeting_brief(row.params.get("meeting"), scope.internal(user, row.customer_id)))
        if row.kind == Kind.WEEKLY:
            from meetings.weekly import week_summary

            context.update(week_summary(user, timezone.localdate()))
            _mail(row, user.email, "weekly", context)
            return
        _mail(row, user.email, "reminder", context)


def _meeting_brief(meeting_id: int | None, internal: bool) -> dict:
    """The agenda and who comes; DISC advice on each of their people for the account team only."""
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        return {}
    people = Stakeholder.objects.filter(meetings=meeting).order_by("name")
    people = people if internal else people.without_internal()
    attendees = []
    for person in people:
        guide = disc.GUIDANCE.get(person.disc) if internal else None
        advice = f"{guide.name}: {guide.meet}" if guide else ""
        attendees.append({"name": person.name, "title": person.title, "advice": advice})
    return {"meeting": meeting, "attendees": attendees}


def _send_digest(row: Reminder, user: User, now: datetime.datetime) -> None:
    waiting = list(
        Reminder.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(recipient=user, status=Reminder.Status.DIGEST, digest__isnull=True)
        .order_by("due_at", "pk")
    )
    visible = set(
        Customer.objects.filter(pk__in={r.customer_id for r in waiting if r.customer_id})
        .filter(Q(pk__in=_visible_ids(user)))
        .values_list("pk", flat=True)
    )
    kept = [r for r in waiting if r.customer_id is None or r.customer_id in visible]
    with translation.override(user.language), timezone.override(_zone(user)):
        lines = [
            {"text": notices.sentence(r.kind, r.params), "link": _site(notices.link(r.kind, r.params))}
            for r in kept
        ]
        context = {
            "user": user,
            "lines": lines,
            "sentence": notices.sentence(Kind.DIGEST, {"count": len(lines)}),
            "preferences": _site(reverse("meetings:notification-preferences")),
        }
        if lines:
            _mail(row, user.email, "digest", context)
    Reminder.objects.filter(pk__in=[r.pk for r in waiting]).update(
        digest=row, status=Reminder.Status.SENT, sent_at=now
    )


def _visible_ids(user: User):
    from accounts import access

    return access.visible_customers(user).values("pk")


def _send_invite(row: Reminder, user: User | None, scope: Scope) -> None:
    """The invitation to one attendee. A customer's person gets nothing internal: the agenda as
    written, the time, the place and the people; never DISC, risks or notes."""
    meeting = (
        Meeting.objects.select_related("organizer", "customer").filter(pk=row.params.get("meeting")).first()
    )
    if meeting is None:
        return
    if user is not None and not scope.visible(user, meeting.customer_id):
        return
    language = (
        user.language
        if user is not None
        else (meeting.organizer.language if meeting.organizer else settings.LANGUAGE_CODE)
    )
    zone = _zone(user) if user is not None else zoneinfo.ZoneInfo(meeting.time_zone)
    ics = calendar.invitation(invite_entry(meeting), now=timezone.now())
    with translation.override(language), timezone.override(zone):
        context = {
            "meeting": meeting,
            "cancelled": meeting.status == Meeting.Status.CANCELLED,
            "ours": user is not None,
            "link": _site(meeting.get_absolute_url()) if user is not None else "",
        }
        method = "CANCEL" if meeting.status == Meeting.Status.CANCELLED else "REQUEST"
        _mail(
            row,
            row.email or user.email,
            "invite",
            context,
            [("invite.ics", ics, f"text/calendar; method={method}")],
        )


def invite_entry(meeting: Meeting) -> calendar.Entry:
    """The meeting as an invitation: attendees with an address, the agenda as written."""
    organizer = meeting.organizer
    ours = [calendar.Person(u.full_name or u.email, u.email) for u in meeting.our_attendees.all() if u.email]
    theirs = [
        calendar.Person(s.name, s.email)
        for s in Stakeholder.objects.filter(meetings=meeting).without_internal()
        if s.email
    ]
    return calendar.Entry(
        uid=meeting.uid,
        summary=meeting.title,
        start=meeting.starts_at,
        end=meeting.ends_at,
        time_zone=meeting.time_zone,
        location=meeting.place,
        description=meeting.agenda,
        url=meeting.video_url,
        sequence=meeting.sequence,
        cancelled=meeting.status == Meeting.Status.CANCELLED,
        organizer=calendar.Person(organizer.full_name or organizer.email, organizer.email)
        if organizer
        else None,
        attendees=ours + theirs,
    )


# --- Digests -------------------------------------------------------------------------------------
def digests_due(now: datetime.datetime):
    """One digest a day per person with reminders waiting for it, from 07:00 in their time zone."""
    from meetings.reminders import Occurrence

    waiting = (
        Reminder.objects.filter(status=Reminder.Status.DIGEST, digest__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for user in User.objects.filter(pk__in=waiting, is_active=True).only("pk", "time_zone"):
        local = now.astimezone(_zone(user))
        if local.hour < DIGEST_HOUR:
            continue
        key = f"digest:{user.pk}:{local.date().isoformat()}"
        yield Occurrence(Kind.DIGEST, key, user.pk, None, {}, now)
