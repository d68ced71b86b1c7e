"""Every write of the meetings app: keyword-only, atomic, each records its timeline event.

Access is checked by the caller (a view through `accounts.access`); these functions trust the
customer they are given but check everything that comes with it: attendees belong to the
customer and its team, times are in order, a planned meeting is not in the past.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Customer, Interaction, Stakeholder, User
from accounts.services import event_record
from accounts.services.stakeholders import interaction_log
from accounts.versioning import EditConflict, versioned_update
from meetings import cadence
from meetings.models import CadenceRule, Deviation, Meeting, MeetingChange
from meetings.notifying import invites_queue
from planning.models import AccountPlan, Action
from planning.services.plans import action_create

MEETING_FIELDS = (
    "meeting_type",
    "title",
    "starts_at",
    "ends_at",
    "time_zone",
    "place",
    "video_url",
    "agenda",
)
DEVIATION_FIELDS = (
    "title",
    "description",
    "severity",
    "sla_breached",
    "owner",
    "opened_on",
    "resolution",
    "closed_on",
)
INTERACTION_SUMMARY_LIMIT = 5000

__all__ = ["EditConflict"]


def _refuse_unknown(fields: Iterable[str], allowed: Sequence[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not settable here: {', '.join(sorted(unknown))}")


# --- Cadence -------------------------------------------------------------------------------------
def cadence_default_set(
    *, tier: int, meeting_type: str, interval_months: int, by: User, version: int = 0
) -> CadenceRule:
    """Set a tier's rhythm for one meeting type. `version` is the one the editor read (0 when the
    tier had no rule of its own yet). Raises EditConflict when someone saved it meanwhile."""
    with transaction.atomic():
        rule = (
            CadenceRule.objects.select_for_update(of=("self",))
            .filter(tier=tier, customer__isnull=True, meeting_type=meeting_type)
            .first()
        )
        if rule is None:
            if version:
                raise EditConflict(None)
            rule = CadenceRule(
                tier=tier, meeting_type=meeting_type, interval_months=interval_months, updated_by=by
            )
            rule.full_clean()
            try:
                with transaction.atomic():
                    rule.save()
            except IntegrityError:
                raise EditConflict(
                    CadenceRule.objects.filter(tier=tier, meeting_type=meeting_type).first()
                ) from None
            return rule
        rule, _changed = versioned_update(
            rule, version, {"interval_months": interval_months, "updated_by": by}
        )
    return rule


def cadence_override_set(
    *,
    customer: Customer,
    meeting_type: str,
    interval_months: int | None,
    reason: str,
    by: User,
    version: int = 0,
) -> CadenceRule | None:
    """Give one customer its own rhythm for a meeting type, with the reason; `interval_months`
    None removes the override (the tier's rhythm applies again). Raises ValidationError without a
    reason, EditConflict when someone changed it meanwhile; nothing is written then."""
    reason = reason.strip()
    with transaction.atomic():
        rule = (
            CadenceRule.objects.select_for_update(of=("self",))
            .filter(customer=customer, meeting_type=meeting_type)
            .first()
        )
        if rule is not None and rule.version != version:
            raise EditConflict(rule)
        if rule is None and version:
            raise EditConflict(None)
        if interval_months is None:
            if rule is not None:
                rule.delete()
                event_record(customer=customer, kind="cadence.reset", by=by, meeting_type=meeting_type)
            return None
        if not reason:
            raise ValidationError({"reason": _("Say why this account needs a rhythm of its own.")})
        if rule is None:
            rule = CadenceRule(customer=customer, meeting_type=meeting_type, interval_months=interval_months)
        rule.interval_months, rule.reason, rule.updated_by = interval_months, reason, by
        rule.version = (rule.version or 0) + (1 if rule.pk else 0)
        rule.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                rule.save()
        except IntegrityError:
            raise EditConflict(
                CadenceRule.objects.filter(customer=customer, meeting_type=meeting_type).first()
            ) from None
        event_record(
            customer=customer,
            kind="cadence.set",
            by=by,
            meeting_type=meeting_type,
            cadence_months=str(interval_months),
            reason=reason,
        )
    return rule


# --- Meetings ------------------------------------------------------------------------------------
def _check_attendees(customer: Customer, our: Sequence[User], theirs: Sequence[Stakeholder]) -> None:
    errors = {}
    if any(s.customer_id != customer.pk for s in theirs):
        errors["their_attendees"] = _("Everyone on their side must be one of this customer's people.")
    if any(not u.is_active for u in our):
        errors["our_attendees"] = _("Choose people who can still sign in.")
    if errors:
        raise ValidationError(errors)


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime, *, planned: bool) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    if ends_at - starts_at > datetime.timedelta(days=14):
        raise ValidationError({"ends_at": _("A meeting lasts at most 14 days.")})
    if planned and starts_at < timezone.now() - datetime.timedelta(minutes=5):
        raise ValidationError(
            {
                "starts_at": _(
                    "A planned meeting cannot start in the past. If it has taken place, tick "
                    "“It has taken place” to record it."
                )
            }
        )


def meeting_schedule(
    *,
    customer: Customer,
    by: User,
    meeting_type: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    time_zone: str,
    our_attendees: Sequence[User] = (),
    their_attendees: Sequence[Stakeholder] = (),
    place: str = "",
    video_url: str = "",
    agenda: str = "",
    already_held: bool = False,
) -> Meeting:
    """Put a meeting in the calendar (or record one that took place: `already_held`).

    Raises ValidationError (nothing written) when it ends before it starts, a planned meeting
    starts in the past, or an attendee belongs to another customer.
    """
    our, theirs = list(our_attendees), list(their_attendees)
    _check_attendees(customer, our, theirs)
    _check_times(starts_at, ends_at, planned=not already_held)
    if already_held and starts_at > timezone.now():
        raise ValidationError({"starts_at": _("A meeting that has taken place cannot start in the future.")})
    with transaction.atomic():
        meeting = Meeting(
            customer=customer,
            meeting_type=meeting_type,
            title=title.strip(),
            starts_at=starts_at,
            ends_at=ends_at,
            time_zone=time_zone,
            place=place.strip(),
            video_url=video_url.strip(),
            agenda=agenda.strip(),
            organizer=by,
            created_by=by,
            status=Meeting.Status.HELD if already_held else Meeting.Status.PLANNED,
            held_on=cadence.local_day(starts_at, time_zone) if already_held else None,
        )
        meeting.full_clean()
        meeting.save()
        meeting.our_attendees.set(our or [by])
        meeting.their_attendees.set(theirs)
        MeetingChange.objects.create(
            meeting=meeting, kind=MeetingChange.Kind.SCHEDULED, new_starts_at=starts_at, by=by
        )
        event_record(
            customer=customer,
            kind="meeting.scheduled",
            by=by,
            meeting=meeting.title,
            meeting_type=meeting_type,
            meeting_start=starts_at.isoformat(),
        )
    return meeting


def meeting_update(
    *,
    meeting: Meeting,
    by: User,
    version: int,
    our_attendees: Sequence[User] | None = None,
    their_attendees: Sequence[Stakeholder] | None = None,
    reason: str = "",
    **changes: Any,
) -> Meeting:
    """Change a planned meeting; a new time is a reschedule, kept in its history with the old one.
    Any change raises the invite's SEQUENCE, so calendars replace the old invitation.

    Raises ValidationError for a meeting that is no longer planned or a bad value, EditConflict
    for a stale version; nothing is written in either case.
    """
    _refuse_unknown(changes, MEETING_FIELDS)
    if meeting.status != Meeting.Status.PLANNED:
        raise ValidationError(
            _("Only a planned meeting can be changed; this one is %(status)s.")
            % {"status": meeting.get_status_display().lower()}
        )
    our = list(our_attendees) if our_attendees is not None else None
    theirs = list(their_attendees) if their_attendees is not None else None
    _check_attendees(meeting.customer, our or [], theirs or [])
    starts_at, ends_at = changes.get("starts_at", meeting.starts_at), changes.get("ends_at", meeting.ends_at)
    moved = starts_at != meeting.starts_at or ends_at != meeting.ends_at
    _check_times(starts_at, ends_at, planned=moved)
    with transaction.atomic():
        old_start = meeting.starts_at
        old_our = set(meeting.our_attendees.values_list("pk", flat=True))
        old_theirs = set(meeting.their_attendees.values_list("pk", flat=True))
        current, changed = versioned_update(meeting, version, changes)
        row_changed = bool(changed)
        if our is not None and {u.pk for u in our} != old_our:
            current.our_attendees.set(our)
            changed.append("our_attendees")
        if theirs is not None and {s.pk for s in theirs} != old_theirs:
            current.their_attendees.set(theirs)
            changed.append("their_attendees")
        if not changed:
            return current
        Meeting.objects.filter(pk=current.pk).update(sequence=models.F("sequence") + 1)
        if not row_changed:
            # Attendees alone changed: the row's compare-and-swap wrote nothing, so bump here.
            Meeting.objects.filter(pk=current.pk).update(version=models.F("version") + 1)
        current.refresh_from_db()
        kind = MeetingChange.Kind.RESCHEDULED if moved else MeetingChange.Kind.CHANGED
        MeetingChange.objects.create(
            meeting=current,
            kind=kind,
            old_starts_at=old_start if moved else None,
            new_starts_at=current.starts_at if moved else None,
            reason=reason.strip()[:300],
            fields=sorted(set(changed)),
            by=by,
        )
        # Calendars that got the invitation get the new version (a higher SEQUENCE) too.
        invites_queue(meeting=current, only_if_sent_before=True)
        event_record(
            customer=current.customer,
            kind="meeting.rescheduled" if moved else "meeting.changed",
            by=by,
            meeting=current.title,
            meeting_start=current.starts_at.isoformat(),
        )
    return current


def meeting_cancel(*, meeting: Meeting, by: User, reason: str = "") -> Meeting:
    """Cancel a planned meeting (once, however often asked); the history keeps it and the invite's
    SEQUENCE rises so calendars take the cancellation. Raises ValidationError unless planned."""
    with transaction.atomic():
        done = Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.PLANNED).update(
            status=Meeting.Status.CANCELLED,
            cancel_reason=reason.strip()[:300],
            sequence=models.F("sequence") + 1,
            version=models.F("version") + 1,
            updated_at=timezone.now(),
        )
        if not done:
            raise ValidationError(_("Only a planned meeting can be cancelled."))
        MeetingChange.objects.create(
            meeting=meeting, kind=MeetingChange.Kind.CANCELLED, reason=reason.strip()[:300], by=by
        )
        event_record(customer=meeting.customer, kind="meeting.cancelled", by=by, meeting=meeting.title)
        meeting.refresh_from_db()
        # Whoever got the invitation gets METHOD:CANCEL, so the meeting leaves their calendar.
        invites_queue(meeting=meeting, only_if_sent_before=True)
    return meeting


@dataclass(frozen=True)
class NextStep:
    title: str
    owner: User
    due: datetime.date


class NoPlan(ValidationError):
    """Next steps become plan actions; the customer has no plan to put them in."""


def meeting_record_outcome(
    *,
    meeting: Meeting,
    by: User,
    version: int,
    notes: str,
    why_it_matters: str = "",
    decisions: str = "",
    customer_rating: int | None = None,
    our_rating: int | None = None,
    our_attendees: Sequence[User] | None = None,
    their_attendees: Sequence[Stakeholder] | None = None,
    next_steps: Sequence[NextStep] = (),
    today: datetime.date | None = None,
) -> tuple[Meeting, list[Action]]:
    """Record what happened: the meeting is held; its next steps become plan actions that name it;
    the first time, each of their people who came has "last contacted" moved to the meeting's
    day and the contact log gets an entry.

    Raises ValidationError for a meeting that has not started or was cancelled, a next step
    without a plan to put it in, or an attendee of another customer; EditConflict for a stale
    version. Nothing is written in any of these cases.
    """
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("This meeting was cancelled; schedule a new one to record what happened."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("This meeting has not started yet; record what happened after it."))
    customer = meeting.customer
    our = list(our_attendees) if our_attendees is not None else list(meeting.our_attendees.all())
    theirs = list(their_attendees) if their_attendees is not None else list(meeting.their_attendees.all())
    _check_attendees(customer, our, theirs)
    plan = None
    if next_steps:
        plan = AccountPlan.objects.filter(customer=customer).current().first()
        if plan is None:
            raise NoPlan(
                _("%(customer)s has no account plan for the next steps to go into: create the plan first.")
                % {"customer": customer}
            )
    held_on = cadence.local_day(meeting.starts_at, meeting.time_zone)
    first_time = meeting.status != Meeting.Status.HELD
    with transaction.atomic():
        current, changed = versioned_update(
            meeting,
            version,
            {
                "notes": notes.strip(),
                "why_it_matters": why_it_matters.strip(),
                "decisions": decisions.strip(),
                "customer_rating": customer_rating,
                "our_rating": our_rating,
                "status": Meeting.Status.HELD,
                "held_on": held_on,
            },
        )
        if {u.pk for u in our} != set(current.our_attendees.values_list("pk", flat=True)):
            current.our_attendees.set(our)
        if {s.pk for s in theirs} != set(current.their_attendees.values_list("pk", flat=True)):
            current.their_attendees.set(theirs)
        if not changed:  # attendees or next steps only: the edit still counts as a new version
            Meeting.objects.filter(pk=current.pk).update(version=models.F("version") + 1)
            current.version += 1
        actions = [
            action_create(plan=plan, by=by, title=step.title, owner=step.owner, due=step.due, meeting=current)
            for step in next_steps
        ]
        if first_time:
            MeetingChange.objects.create(meeting=current, kind=MeetingChange.Kind.HELD, by=by)
            if theirs:
                interaction_log(
                    customer=customer,
                    by=by,
                    occurred_on=held_on,
                    kind=Interaction.Kind.MEETING,
                    summary=_contact_summary(current),
                    why_it_matters=current.why_it_matters[:INTERACTION_SUMMARY_LIMIT],
                    stakeholders=theirs,
                    our_people=our,
                )
        event_record(
            customer=customer,
            kind="meeting.held" if first_time else "meeting.notes",
            by=by,
            meeting=current.title,
            actions=len(actions),
        )
    return current, actions


def _contact_summary(meeting: Meeting) -> str:
    """The contact-log line for a meeting: its title, then as much of the notes as fits."""
    text = f"{meeting.title}\n\n{meeting.notes}".strip()
    if len(text) > INTERACTION_SUMMARY_LIMIT:
        text = text[: INTERACTION_SUMMARY_LIMIT - 1].rstrip() + "…"
    return text


# --- Deviations ----------------------------------------------------------------------------------
def _check_deviation(values: dict[str, Any]) -> None:
    if values.get("closed_on") and not (values.get("resolution") or "").strip():
        raise ValidationError({"resolution": _("Say how it was resolved before closing it.")})
    if values.get("closed_on") and values["closed_on"] > timezone.localdate():
        raise ValidationError({"closed_on": _("A deviation cannot be closed in the future.")})


def deviation_open(*, customer: Customer, by: User, title: str, **fields: Any) -> Deviation:
    """Record a deviation in delivery. Raises ValidationError (nothing written) on a bad value,
    e.g. closed before opened, or closed without a resolution."""
    _refuse_unknown(fields, DEVIATION_FIELDS)
    _check_deviation(fields)
    with transaction.atomic():
        deviation = Deviation(customer=customer, title=title.strip(), created_by=by, **fields)
        deviation.full_clean()
        deviation.save()
        event_record(
            customer=customer,
            kind="deviation.opened",
            by=by,
            deviation=deviation.title,
            deviation_severity=deviation.severity,
        )
        if deviation.closed_on:
            event_record(customer=customer, kind="deviation.closed", by=by, deviation=deviation.title, days=0)
    return deviation


def deviation_update(*, deviation: Deviation, by: User, version: int, **changes: Any) -> Deviation:
    """Change or close a deviation if nobody saved it since `version`. Raises EditConflict or
    ValidationError; nothing is written in either case."""
    _refuse_unknown(changes, DEVIATION_FIELDS)
    merged = {name: changes.get(name, getattr(deviation, name)) for name in ("closed_on", "resolution")}
    _check_deviation(merged)
    with transaction.atomic():
        was_open = Deviation.objects.filter(pk=deviation.pk, closed_on__isnull=True).exists()
        current, changed = versioned_update(deviation, version, changes)
        if not changed:
            return current
        if was_open and current.closed_on:
            event_record(
                customer=current.customer,
                kind="deviation.closed",
                by=by,
                deviation=current.title,
                days=current.days_to_resolve,
            )
        else:
            event_record(customer=current.customer, kind="deviation.updated", by=by, deviation=current.title)
    return current
