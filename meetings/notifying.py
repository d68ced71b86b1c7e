"""Writes around reminders: invitations into the outbox, read marks, preferences, and the
personal calendar feed's secret address (only its hash is stored)."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access
from accounts.models import Stakeholder, User
from meetings import calendar
from meetings.models import CalendarFeed, Meeting, Notification, NotificationPreference, Reminder
from meetings.models.reminders import Kind
from planning.models import AccountPlan, Action
from risk.models import Contract

FEED_DAYS_BACK = 90
FEED_DAYS_AHEAD = 400


# --- Invitations ---------------------------------------------------------------------------------
def invites_queue(*, meeting: Meeting, only_if_sent_before: bool = False) -> int:
    """Put one invitation per attendee with an address into the outbox for the meeting's current
    SEQUENCE (a cancelled meeting's goes out as METHOD:CANCEL). With `only_if_sent_before`, only
    when invitations went out before (a change or a cancellation follows them to calendars)."""
    if (
        only_if_sent_before
        and not Reminder.objects.filter(kind=Kind.INVITE, params__meeting=meeting.pk).exists()
    ):
        return 0
    now = timezone.now()
    rows = []
    for user in meeting.our_attendees.filter(is_active=True).exclude(email=""):
        rows.append((user.pk, "", f"invite:{meeting.pk}:{meeting.sequence}:user:{user.pk}"))
    for person in Stakeholder.objects.filter(meetings=meeting).without_internal().exclude(email=""):
        rows.append((None, person.email, f"invite:{meeting.pk}:{meeting.sequence}:person:{person.pk}"))
    made = [
        Reminder(
            kind=Kind.INVITE,
            key=key,
            recipient_id=user_id,
            email=email,
            customer_id=meeting.customer_id,
            params={"meeting": meeting.pk, "sequence": meeting.sequence, "title": meeting.title},
            due_at=now,
        )
        for user_id, email, key in rows
    ]
    existing = set(Reminder.objects.filter(key__in=[r.key for r in made]).values_list("key", flat=True))
    fresh = [r for r in made if r.key not in existing]
    Reminder.objects.bulk_create(fresh, ignore_conflicts=True)
    if fresh:
        from meetings import tasks

        transaction.on_commit(lambda: tasks.deliver.delay())
    return len(fresh)


def invitation_bytes(meeting: Meeting) -> bytes:
    from meetings.delivery import invite_entry

    return calendar.invitation(invite_entry(meeting), now=timezone.now())


# --- Notifications -------------------------------------------------------------------------------
def notification_read(*, notification: Notification) -> None:
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def notifications_read_all(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def preferences_set(*, user: User, choices: dict[str, str]) -> None:
    """Store each kind's delivery; "immediately" is the default and needs no row."""
    with transaction.atomic():
        for kind, delivery in choices.items():
            if delivery in ("", NotificationPreference.Delivery.IMMEDIATELY):
                NotificationPreference.objects.filter(user=user, kind=kind).delete()
            else:
                NotificationPreference.objects.update_or_create(
                    user=user, kind=kind, defaults={"delivery": delivery}
                )


def preferences_of(user: User) -> dict[str, str]:
    return dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))


# --- The personal calendar feed ------------------------------------------------------------------
def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_renew(*, user: User) -> str:
    """Revoke the user's live address (if any) and make a new one; returns the secret token,
    which is shown once and never stored."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        try:
            CalendarFeed.objects.create(user=user, token_hash=token_hash(token))
        except IntegrityError:  # a second renew at the same instant: the other one wins
            raise
    return token


def feed_revoke(*, user: User) -> int:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def feed_for_token(token: str) -> CalendarFeed | None:
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def feed_entries(user: User, today: datetime.date) -> list[calendar.Entry]:
    """What the feed holds, scoped to what the user may see now: their meetings, the review dates
    of plans they own, their actions' due dates and the notice dates of their accounts' contracts.
    Nothing internal goes in: no DISC, no notes, no risks."""
    visible = access.visible_customers(user).values("pk")
    first = today - datetime.timedelta(days=FEED_DAYS_BACK)
    last = today + datetime.timedelta(days=FEED_DAYS_AHEAD)
    entries: list[calendar.Entry] = []
    meetings = (
        Meeting.objects.filter(
            customer__in=visible, our_attendees=user, starts_at__date__gte=first, starts_at__date__lte=last
        )
        .select_related("customer")
        .order_by("starts_at")
    )
    for meeting in meetings:
        entries.append(
            calendar.Entry(
                uid=meeting.uid,
                summary=f"{meeting.title} · {meeting.customer.name}",
                start=meeting.starts_at,
                end=meeting.ends_at,
                time_zone=meeting.time_zone,
                location=meeting.place,
                url=meeting.video_url,
                sequence=meeting.sequence,
                cancelled=meeting.status == Meeting.Status.CANCELLED,
            )
        )
    plans = (
        AccountPlan.objects.filter(
            customer__in=visible, customer__owner=user, next_review_due__gte=first, next_review_due__lte=last
        )
        .exclude(status=AccountPlan.Status.ARCHIVED)
        .select_related("customer")
    )
    for plan in plans:
        entries.append(
            calendar.Entry(
                uid=f"plan-review-{plan.pk}-{plan.next_review_due:%Y%m%d}@orchard",
                summary=_("Plan review · %(customer)s") % {"customer": plan.customer.name},
                start=plan.next_review_due,
            )
        )
    actions = Action.objects.filter(
        plan__customer__in=visible,
        owner=user,
        status__in=[Action.Status.OPEN, Action.Status.IN_PROGRESS],
        due__gte=first,
        due__lte=last,
    ).select_related("plan__customer")
    for action in actions:
        entries.append(
            calendar.Entry(
                uid=f"action-{action.key}@orchard",
                summary=f"{action.title} · {action.plan.customer.name}",
                start=action.due,
            )
        )
    contracts = Contract.objects.filter(
        customer__in=visible, customer__owner=user, expiry__gte=today
    ).select_related("customer")
    for contract in contracts:
        notice = contract.notice_by
        if first <= notice <= last:
            entries.append(
                calendar.Entry(
                    uid=f"contract-notice-{contract.pk}-{notice:%Y%m%d}@orchard",
                    summary=_("Notice date: %(contract)s · %(customer)s")
                    % {"contract": contract.title, "customer": contract.customer.name},
                    start=notice,
                )
            )
    return entries


UNREAD = Q(read_at__isnull=True, silenced=False)


def unread_count(user: User) -> int:
    """The bell's number: unread, not silenced, on customers the user may still see (one query)."""
    return access.visible_rows(user, Notification.objects.filter(UNREAD, recipient=user)).count()


def inbox_counts(user: User, listed: Q) -> tuple[int, int]:
    """How many of the user's visible notifications match `listed`, and the bell's number, in one
    query: the inbox shows both."""
    rows = access.visible_rows(user, Notification.objects.filter(recipient=user))
    counts = rows.aggregate(listed=Count("pk", filter=listed), unread=Count("pk", filter=UNREAD))
    return counts["listed"], counts["unread"]
