"""Which reminders are due now, as rows in the outbox. Each kind is found in a fixed number of
queries whatever the number of customers; rows are written in batches with their unique key, so a
second sweep (or a second worker sweeping at the same moment) stores nothing twice.

Delivery is `meetings.delivery`; the wording is `meetings.notices`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from accounts.models import Customer, NextStep, Relationship, Stakeholder, User
from meetings import cadence, selectors
from meetings.models import Deviation, Meeting, Notification, Reminder
from meetings.models.reminders import Kind
from planning.models import AccountPlan, Action
from risk.models import Contract

MEETING_DAYS = 2  # a meeting is reminded this many days before it starts
ACTION_DAYS = 3
PLAN_DAYS = 7
CONTRACT_DAYS = 30
DEVIATION_DAYS = 14
SILENT_DAYS = 90
WRITE_BATCH = 2000
WEEKLY_HOUR = 7  # Monday 07:00 in the KAM's own time zone


@dataclass(frozen=True)
class Occurrence:
    kind: str
    key: str
    recipient_id: int
    customer_id: int | None
    params: dict[str, Any] = field(default_factory=dict)
    due_at: datetime.datetime | None = None


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


# --- Each kind -----------------------------------------------------------------------------------
def meetings_soon(now: datetime.datetime) -> Iterator[Occurrence]:
    horizon = now + datetime.timedelta(days=_setting("REMINDER_MEETING_DAYS", MEETING_DAYS))
    rows = (
        Meeting.objects.filter(status=Meeting.Status.PLANNED, starts_at__gt=now, starts_at__lte=horizon)
        .select_related("customer")
        .prefetch_related("our_attendees")
    )
    for meeting in rows:
        start = meeting.starts_at.isoformat()
        params = {
            "meeting": meeting.pk,
            "title": meeting.title,
            "start": start,
            "customer": meeting.customer.name,
            "customer_id": meeting.customer_id,
        }
        for person in meeting.our_attendees.all():
            key = f"meeting_soon:{meeting.pk}:{meeting.starts_at:%Y%m%d%H%M}:{person.pk}"
            yield Occurrence(Kind.MEETING_SOON, key, person.pk, meeting.customer_id, params, now)


def cadence_overdue(now: datetime.datetime, today: datetime.date) -> Iterator[Occurrence]:
    customers = list(Customer.objects.key_accounts().only("pk", "name", "tier", "owner_id", "created_at"))
    rhythms = selectors.rhythms(customers, today)
    for customer in customers:
        for kind, rhythm in rhythms.get(customer.pk, {}).items():
            if rhythm.state.state != cadence.OVERDUE:
                continue
            due = rhythm.state.due.isoformat()
            params = {"type": kind, "due": due, "customer": customer.name, "customer_id": customer.pk}
            key = f"cadence:{customer.pk}:{kind}:{due}:{customer.owner_id}"
            yield Occurrence(Kind.CADENCE_OVERDUE, key, customer.owner_id, customer.pk, params, now)


def plan_reviews(now: datetime.datetime, today: datetime.date) -> Iterator[Occurrence]:
    soon = today + datetime.timedelta(days=_setting("REMINDER_PLAN_DAYS", PLAN_DAYS))
    plans = (
        AccountPlan.objects.exclude(status=AccountPlan.Status.ARCHIVED)
        .filter(next_review_due__lte=soon)
        .select_related("customer")
        .only("pk", "next_review_due", "customer__name", "customer__owner_id")
    )
    for plan in plans:
        overdue = plan.next_review_due < today
        due = plan.next_review_due.isoformat()
        params = {
            "plan": plan.pk,
            "due": due,
            "overdue": overdue,
            "customer": plan.customer.name,
            "customer_id": plan.customer_id,
        }
        key = f"plan_review:{plan.pk}:{due}:{'overdue' if overdue else 'due'}:{plan.customer.owner_id}"
        yield Occurrence(Kind.PLAN_REVIEW, key, plan.customer.owner_id, plan.customer_id, params, now)


def silent_stakeholders(now: datetime.datetime, today: datetime.date) -> Iterator[Occurrence]:
    """Key people (influence 4–5, or economic buyer or champion) of key accounts not contacted for
    SILENT_DAYS: to the person who owns the relationship, else the account owner."""
    since = today - datetime.timedelta(days=_setting("REMINDER_SILENT_DAYS", SILENT_DAYS))
    people = (
        Stakeholder.objects.present()
        .filter(customer__status=Customer.Status.KEY)
        .filter(Q(influence__gte=4) | Q(decision_role__in=["economic_buyer", "champion"]))
        .filter(
            Q(last_contacted_on__lt=since) | Q(last_contacted_on__isnull=True, created_at__date__lt=since)
        )
        .select_related("customer")
        .only("pk", "name", "last_contacted_on", "customer__name", "customer__owner_id")
    )
    people = list(people)
    holders = dict(
        Relationship.objects.filter(stakeholder__in=[p.pk for p in people], is_owner=True).values_list(
            "stakeholder_id", "user_id"
        )
    )
    for person in people:
        last = person.last_contacted_on.isoformat() if person.last_contacted_on else None
        recipient = holders.get(person.pk, person.customer.owner_id)
        params = {
            "stakeholder": person.pk,
            "name": person.name,
            "last": last,
            "customer": person.customer.name,
            "customer_id": person.customer_id,
        }
        key = f"silent:{person.pk}:{last or 'never'}:{recipient}"
        yield Occurrence(Kind.STAKEHOLDER_SILENT, key, recipient, person.customer_id, params, now)


def actions_due(now: datetime.datetime, today: datetime.date) -> Iterator[Occurrence]:
    soon = today + datetime.timedelta(days=_setting("REMINDER_ACTION_DAYS", ACTION_DAYS))
    rows = (
        Action.objects.filter(status__in=[Action.Status.OPEN, Action.Status.IN_PROGRESS], due__lte=soon)
        .exclude(plan__status=AccountPlan.Status.ARCHIVED)
        .values_list("pk", "title", "due", "owner_id", "plan_id", "plan__customer_id", "plan__customer__name")
    )
    for pk, title, due, owner_id, plan_id, customer_id, customer_name in rows.iterator(chunk_size=5000):
        overdue = due < today
        params = {
            "action": pk,
            "title": title,
            "due": due.isoformat(),
            "overdue": overdue,
            "plan": plan_id,
            "customer": customer_name,
            "customer_id": customer_id,
        }
        key = f"action:{pk}:{due.isoformat()}:{'overdue' if overdue else 'due'}:{owner_id}"
        yield Occurrence(Kind.ACTION_DUE, key, owner_id, customer_id, params, now)


def contract_notices(now: datetime.datetime, today: datetime.date) -> Iterator[Occurrence]:
    soon = today + datetime.timedelta(days=_setting("REMINDER_CONTRACT_DAYS", CONTRACT_DAYS))
    rows = Contract.objects.filter(expiry__gte=today).select_related("customer")
    for contract in rows.only(
        "pk", "title", "expiry", "notice_amount", "notice_unit", "customer__name", "customer__owner_id"
    ):
        notice = contract.notice_by
        if not today <= notice <= soon:
            continue
        params = {
            "contract": contract.pk,
            "title": contract.title,
            "notice": notice.isoformat(),
            "customer": contract.customer.name,
            "customer_id": contract.customer_id,
        }
        owner = contract.customer.owner_id
        key = f"notice:{contract.pk}:{notice.isoformat()}:{owner}"
        yield Occurrence(Kind.CONTRACT_NOTICE, key, owner, contract.customer_id, params, now)


def deviations_open(now: datetime.datetime, today: datetime.date) -> Iterator[Occurrence]:
    limit = _setting("REMINDER_DEVIATION_DAYS", DEVIATION_DAYS)
    rows = (
        Deviation.objects.filter(
            closed_on__isnull=True, opened_on__lte=today - datetime.timedelta(days=limit)
        )
        .select_related("customer")
        .only("pk", "title", "opened_on", "owner_id", "customer__name", "customer__owner_id")
    )
    for deviation in rows:
        recipient = deviation.owner_id or deviation.customer.owner_id
        params = {
            "deviation": deviation.pk,
            "title": deviation.title,
            "days": (today - deviation.opened_on).days,
            "customer": deviation.customer.name,
            "customer_id": deviation.customer_id,
        }
        # Once when it passes the limit, again each further limit it stays open.
        round_ = (today - deviation.opened_on).days // limit
        key = f"deviation:{deviation.pk}:{round_}:{recipient}"
        yield Occurrence(Kind.DEVIATION_OPEN, key, recipient, deviation.customer_id, params, now)


def next_steps(now: datetime.datetime) -> Iterator[Occurrence]:
    """Open next steps of the stakeholder map: "inform the person", and the gap engine's others."""
    rows = NextStep.objects.filter(status=NextStep.Status.OPEN).select_related("customer", "stakeholder")
    for step in rows.only(
        "pk",
        "kind",
        "text",
        "text_kind",
        "text_params",
        "assignee_id",
        "customer__name",
        "customer__owner_id",
        "stakeholder__name",
    ):
        recipient = step.assignee_id or step.customer.owner_id
        kind = Kind.INFORM_PERSON if step.kind == NextStep.Kind.INFORM else Kind.NEXT_STEP
        params = {
            "step": step.pk,
            "text": step.text,
            "text_kind": step.text_kind,
            "text_params": step.text_params,
            "name": step.stakeholder.name if step.stakeholder_id else "",
            "stakeholder": step.stakeholder_id,
            "customer": step.customer.name,
            "customer_id": step.customer_id,
        }
        yield Occurrence(kind, f"step:{step.pk}:{recipient}", recipient, step.customer_id, params, now)


def weekly(now: datetime.datetime) -> Iterator[Occurrence]:
    """ "Your orchard this week" for every KAM with a key account, Monday morning in their time zone."""
    kams = User.objects.filter(is_active=True, pk__in=Customer.objects.key_accounts().values("owner_id"))
    for kam in kams.only("pk", "time_zone"):
        local = now.astimezone(_zone(kam.time_zone))
        monday = local.date() - datetime.timedelta(days=local.weekday())
        if local.weekday() == 0 and local.hour < WEEKLY_HOUR:
            continue
        year, week, _weekday = monday.isocalendar()
        yield Occurrence(
            Kind.WEEKLY,
            f"weekly:{kam.pk}:{year}-W{week:02d}",
            kam.pk,
            None,
            {"week": f"{year}-W{week:02d}"},
            now,
        )


def _zone(name: str):
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def occurrences(now: datetime.datetime) -> Iterator[Occurrence]:
    today = timezone.localdate(now)
    yield from meetings_soon(now)
    yield from cadence_overdue(now, today)
    yield from plan_reviews(now, today)
    yield from silent_stakeholders(now, today)
    yield from actions_due(now, today)
    yield from contract_notices(now, today)
    yield from deviations_open(now, today)
    yield from next_steps(now)


# --- Writing the outbox --------------------------------------------------------------------------
def _write(found: Iterable[Occurrence]) -> tuple[int, set[str]]:
    """Store the occurrences not stored yet (the unique key decides); returns (written, all keys)."""
    keys: set[str] = set()
    batch: list[Occurrence] = []
    written = 0
    for occurrence in found:
        if occurrence.key in keys:
            continue
        keys.add(occurrence.key)
        batch.append(occurrence)
        if len(batch) >= WRITE_BATCH:
            written += _flush(batch)
            batch = []
    if batch:
        written += _flush(batch)
    return written, keys


COLUMNS = ("kind", "key", "recipient_id", "email", "customer_id", "params", "due_at", "status")


def _flush(batch: list[Occurrence]) -> int:
    """One INSERT … ON CONFLICT DO NOTHING for the batch (PostgreSQL and SQLite alike): a row a
    concurrent sweep stored meanwhile is left as it is. Values are prepared by the model's own
    fields, but only the two that need it, so 2,000 rows cost milliseconds, not seconds."""
    existing = set(Reminder.objects.filter(key__in=[o.key for o in batch]).values_list("key", flat=True))
    fresh = [o for o in batch if o.key not in existing]
    if not fresh:
        return 0
    params_field, due_field = Reminder._meta.get_field("params"), Reminder._meta.get_field("due_at")
    moments = {o.due_at: due_field.get_db_prep_save(o.due_at, connection) for o in fresh}
    rows = [
        (
            o.kind,
            o.key,
            o.recipient_id,
            "",
            o.customer_id,
            params_field.get_db_prep_save(o.params, connection),
            moments[o.due_at],
            Reminder.Status.PENDING.value,
        )
        for o in fresh
    ]
    table = connection.ops.quote_name(Reminder._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in COLUMNS + _DEFAULTED)
    marks = ", ".join(["%s"] * len(COLUMNS)) + ", " + ", ".join(_DEFAULT_SQL)
    conflict = connection.ops.quote_name("key")
    # Built from the model's own quoted names and constants; every value goes in as a parameter.
    sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT ({conflict}) DO NOTHING"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(fresh)


# Columns the INSERT fills with constants: no reason, no claim, no attempt yet, created now.
_DEFAULTED = ("skip_reason", "claim", "attempts", "last_error", "created_at")
_DEFAULT_SQL = ("''", "''", "0", "''", "CURRENT_TIMESTAMP")


def reminders_sweep(now: datetime.datetime | None = None) -> dict[str, int]:
    """Store every reminder due now and clear the notifications whose reason has gone (the action
    was done, the meeting held, the person contacted). Safe to run any number of times at once."""
    now = now or timezone.now()
    written, keys = _write(occurrences(now))
    from meetings.delivery import digests_due

    weekly_written, _weekly_keys = _write(weekly(now))
    digest_written, _digest_keys = _write(digests_due(now))
    cleared = _clear_gone(keys, now)
    return {"written": written + weekly_written + digest_written, "current": len(keys), "cleared": cleared}


CLEARABLE = [
    Kind.MEETING_SOON,
    Kind.CADENCE_OVERDUE,
    Kind.PLAN_REVIEW,
    Kind.STAKEHOLDER_SILENT,
    Kind.ACTION_DUE,
    Kind.CONTRACT_NOTICE,
    Kind.DEVIATION_OPEN,
    Kind.INFORM_PERSON,
    Kind.NEXT_STEP,
]


def _clear_gone(current: set[str], now: datetime.datetime) -> int:
    open_rows = Notification.objects.filter(
        cleared_at__isnull=True, kind__in=CLEARABLE, reminder__isnull=False
    )
    gone = [pk for pk, key in open_rows.values_list("pk", "reminder__key") if key not in current]
    cleared = 0
    for start in range(0, len(gone), WRITE_BATCH):
        cleared += Notification.objects.filter(pk__in=gone[start : start + WRITE_BATCH]).update(
            cleared_at=now
        )
    return cleared
