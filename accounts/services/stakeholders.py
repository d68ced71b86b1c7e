"""Every write on the stakeholder map: people, relationships, the contact log, next steps, erasure.

Each service is atomic and records its timeline event. Events name a stakeholder by `stakeholder`
(the name, blanked on erasure) and `stakeholder_id`; they never carry DISC styles or personal
notes, because leaders read the timeline too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import gaps, generated, orgchart
from accounts.erasure import run_erasure_hooks
from accounts.models import (
    Customer,
    Event,
    Interaction,
    NextStep,
    Relationship,
    Stakeholder,
    StakeholderChange,
    User,
)
from accounts.services import event_record
from accounts.versioning import bump, versioned_update

EDITABLE_FIELDS = frozenset(
    {
        "name",
        "title",
        "unit",
        "email",
        "phone",
        "level",
        "function",
        "influence",
        "attitude",
        "decision_role",
        "disc",
        "reports_to",
        "notes",
        "source",
        "informed_on",
        "has_left",
        "left_on",
        "successor",
    }
)
# Only the account team sees these; they never appear in the timeline, not even by field name.
INTERNAL_FIELDS = frozenset({"disc", "notes"})
TRACKED_FIELDS = ("attitude", "influence")
ERASED_MARK = "[erased]"


def stakeholder_create(*, customer: Customer, by: User, name: str, **fields: Any) -> Stakeholder:
    """Add a person to the customer's map; records their starting attitude and influence.

    Raises ValidationError (nothing written) for a bad field, a manager, successor or unit from
    another customer.
    """
    _refuse_unknown(fields)
    with transaction.atomic():
        stakeholder = Stakeholder(customer=customer, name=name.strip(), created_by=by, **fields)
        _check_links(stakeholder)
        stakeholder.full_clean()
        stakeholder.save()
        for field in TRACKED_FIELDS:
            _record_change(stakeholder, field, "", getattr(stakeholder, field), by)
        event_record(
            customer=customer,
            kind="stakeholder.added",
            by=by,
            stakeholder=stakeholder.name,
            stakeholder_id=stakeholder.pk,
        )
    return stakeholder


def stakeholder_update(*, stakeholder: Stakeholder, by: User, version: int, **changes: Any) -> Stakeholder:
    """Change a person's details if nobody saved them since `version`. Attitude and influence
    changes go to their history.

    Raises EditConflict when the version is stale or missing, ValidationError (nothing written)
    when the new manager would close a reporting circle (A → B → A) or belongs to another customer,
    or when a field is invalid.
    """
    _refuse_unknown(changes)
    with transaction.atomic():
        # Read before the locked compare-and-swap: if the row moves in between, the swap refuses.
        old = Stakeholder.objects.filter(pk=stakeholder.pk).values(*TRACKED_FIELDS).first() or {}
        current, changed = versioned_update(stakeholder, version, changes, prepare=_prepare_update)
        if not changed:
            return current
        for field in TRACKED_FIELDS:
            if field in changed:
                _record_change(current, field, old.get(field, ""), getattr(current, field), by)
        _record_update_events(current, changed, by)
    return current


def _prepare_update(current: Stakeholder, changed: list[str]) -> None:
    if "has_left" in changed:  # the date someone left is kept only while they are gone
        current.left_on = (current.left_on or timezone.localdate()) if current.has_left else None
        changed.append("left_on")
    _check_links(current)


def _record_update_events(stakeholder: Stakeholder, changed: Sequence[str], by: User) -> None:
    names = {"stakeholder": stakeholder.name, "stakeholder_id": stakeholder.pk}
    if "has_left" in changed and stakeholder.has_left:
        event_record(customer=stakeholder.customer, kind="stakeholder.left", by=by, **names)
    if "attitude" in changed:
        event_record(
            customer=stakeholder.customer,
            kind="stakeholder.attitude_changed",
            by=by,
            attitude=stakeholder.attitude,
            **names,
        )
    shown = [f for f in changed if f not in INTERNAL_FIELDS | {"has_left", "left_on", "attitude"}]
    if shown:
        event_record(
            customer=stakeholder.customer,
            kind="stakeholder.updated",
            by=by,
            stakeholder_fields=shown,
            **names,
        )


def relationship_set(
    *,
    stakeholder: Stakeholder,
    user: User,
    by: User,
    strength: int,
    target: int,
    is_owner: bool = False,
) -> Relationship:
    """Record (or change) how well one of our people knows a stakeholder. Making someone the owner
    takes ownership from whoever held it. A strength change goes to the stakeholder's history."""
    with transaction.atomic():
        if is_owner:
            Relationship.objects.filter(stakeholder=stakeholder, is_owner=True).exclude(user=user).update(
                is_owner=False
            )
        relationship = (
            Relationship.objects.select_for_update(of=("self",))
            .filter(stakeholder=stakeholder, user=user)
            .first()
        )
        created = relationship is None
        old_strength = None if created else relationship.strength
        if created:
            relationship = Relationship(stakeholder=stakeholder, user=user)
        relationship.strength, relationship.target, relationship.is_owner = strength, target, is_owner
        relationship.full_clean()
        relationship.save()
        names = {"stakeholder": stakeholder.name, "stakeholder_id": stakeholder.pk, "person": str(user)}
        if created:
            _record_change(stakeholder, "strength", "", strength, by, user=user)
            event_record(
                customer=stakeholder.customer,
                kind="relationship.added",
                by=by,
                strength=str(strength),
                **names,
            )
        elif old_strength != strength:
            _record_change(stakeholder, "strength", old_strength, strength, by, user=user)
            event_record(
                customer=stakeholder.customer,
                kind="relationship.changed",
                by=by,
                old_strength=str(old_strength),
                new_strength=str(strength),
                **names,
            )
    return relationship


def relationship_remove(*, relationship: Relationship, by: User) -> None:
    """End a relationship record (the history of its strength stays with the stakeholder)."""
    with transaction.atomic():
        stakeholder = relationship.stakeholder
        person = str(relationship.user)
        relationship.delete()
        event_record(
            customer=stakeholder.customer,
            kind="relationship.removed",
            by=by,
            stakeholder=stakeholder.name,
            stakeholder_id=stakeholder.pk,
            person=person,
        )


def interaction_log(
    *,
    customer: Customer,
    by: User,
    occurred_on: date,
    kind: str,
    summary: str,
    stakeholders: Iterable[Stakeholder],
    our_people: Iterable[User],
    why_it_matters: str = "",
) -> Interaction:
    """Log a contact and move each of their people's "last contacted" date forward.

    Raises ValidationError when a person belongs to another customer or nobody took part.
    """
    stakeholders, our_people = list(stakeholders), list(our_people)
    if not stakeholders:
        raise ValidationError({"stakeholders": _("Choose at least one of their people.")})
    if any(s.customer_id != customer.pk for s in stakeholders):
        raise ValidationError({"stakeholders": _("Everyone on their side must work at this customer.")})
    with transaction.atomic():
        interaction = Interaction(
            customer=customer,
            occurred_on=occurred_on,
            kind=kind,
            summary=summary.strip(),
            why_it_matters=why_it_matters.strip(),
            created_by=by,
        )
        interaction.full_clean()
        interaction.save()
        interaction.stakeholders.set(stakeholders)
        interaction.our_people.set(our_people or [by])
        ids = [s.pk for s in stakeholders]
        Stakeholder.objects.filter(pk__in=ids).filter(
            Q(last_contacted_on__isnull=True) | Q(last_contacted_on__lt=occurred_on)
        ).update(last_contacted_on=occurred_on)
        event_record(
            customer=customer,
            kind="interaction.logged",
            by=by,
            interaction_kind=kind,
            stakeholders=[s.name for s in stakeholders],
            stakeholder_ids=ids,
        )
    return interaction


def interaction_delete(*, interaction: Interaction, by: User) -> None:
    """Remove a contact-log entry; each person's "last contacted" falls back to their latest other entry."""
    with transaction.atomic():
        ids = list(interaction.stakeholders.values_list("pk", flat=True))
        customer, kind = interaction.customer, interaction.kind
        interaction.delete()
        _refresh_last_contacted(ids)
        event_record(customer=customer, kind="interaction.removed", by=by, interaction_kind=kind)


def _refresh_last_contacted(stakeholder_ids: Sequence[int]) -> None:
    latest = dict(
        Interaction.objects.filter(stakeholders__in=stakeholder_ids)
        .values_list("stakeholders")
        .annotate(latest=Max("occurred_on"))
    )
    people = list(Stakeholder.objects.filter(pk__in=stakeholder_ids))
    for person in people:
        person.last_contacted_on = latest.get(person.pk)
    Stakeholder.objects.bulk_update(people, ["last_contacted_on"])


def next_step_store(
    *,
    customer: Customer,
    by: User | None,
    gap_key: str,
    kind: str,
    text: str,
    stakeholder: Stakeholder | None = None,
    assignee: User | None = None,
    due_on: date | None = None,
    text_kind: str = "",
    text_params: dict | None = None,
) -> tuple[NextStep, bool]:
    """Store the next step for a gap, unless one is already open for it; returns (step, created).

    The plan and meeting features pick open steps up from here.
    """
    if stakeholder is not None and stakeholder.customer_id != customer.pk:
        raise ValidationError(_("That person is not at this customer."))
    with transaction.atomic():
        existing = NextStep.objects.filter(
            customer=customer, gap_key=gap_key, status=NextStep.Status.OPEN
        ).first()
        if existing:
            return existing, False
        step = NextStep(
            customer=customer,
            stakeholder=stakeholder,
            gap_key=gap_key[:120],
            kind=kind,
            text=text[:400],
            text_kind=text_kind,
            text_params=text_params or {},
            assignee=assignee,
            due_on=due_on,
            created_by=by,
        )
        step.full_clean()
        step.save()
        event_record(
            customer=customer,
            kind="next_step.stored",
            by=by,
            step_kind=kind,
            stakeholder_id=stakeholder.pk if stakeholder else None,
        )
    return step, True


def next_step_close(*, step: NextStep, by: User, status: str) -> NextStep:
    """Mark a step done or dismissed. Raises ValidationError for any other status."""
    if status not in {NextStep.Status.DONE, NextStep.Status.DISMISSED}:
        raise ValidationError(_("A step can only be marked done or dismissed."))
    with transaction.atomic():
        step.status, step.closed_at = status, timezone.now()
        step.save(update_fields=["status", "closed_at"])
        event_record(customer=step.customer, kind=f"next_step.{status}", by=by, step_kind=step.kind)
    return step


def stakeholders_remind_uninformed(*, today: date | None = None) -> int:
    """Store an "inform the person" step, for the account owner, for everyone added more than 30
    days ago who has not been told we keep their details. Runs daily; never stores a step twice.
    Each customer's timeline gets one line for the run, not one per person."""
    today = today or timezone.localdate()
    cutoff = timezone.now() - timedelta(days=gaps.INFORM_AFTER_DAYS)
    taken = set(
        NextStep.objects.filter(status=NextStep.Status.OPEN, gap_key__startswith="inform:").values_list(
            "gap_key", flat=True
        )
    )
    people = (
        Stakeholder.objects.filter(informed_on__isnull=True, has_left=False, created_at__lt=cutoff)
        .select_related("customer__owner")
        .order_by("customer_id", "pk")
    )
    stored: dict[int, tuple[Customer, int]] = {}
    with transaction.atomic():
        for person in people.iterator(chunk_size=500):
            if f"inform:{person.pk}" in taken:
                continue
            _inform_step(person, today).save()
            customer, count = stored.get(person.customer_id, (person.customer, 0))
            stored[person.customer_id] = (customer, count + 1)
        for customer, count in stored.values():
            event_record(customer=customer, kind="next_step.reminded", by=None, count=count)
    return sum(count for _customer, count in stored.values())


def _inform_step(person: Stakeholder, today: date) -> NextStep:
    owner = person.customer.owner
    params = {"name": person.name, "days": (today - timezone.localdate(person.created_at)).days}
    with translation.override(owner.language):  # the stored fallback; readers get their own language
        text = generated.render(gaps.NOT_INFORMED, params)
    return NextStep(
        customer=person.customer,
        stakeholder=person,
        gap_key=f"inform:{person.pk}",
        kind=NextStep.Kind.INFORM,
        text=text[:400],
        text_kind=gaps.NOT_INFORMED,
        text_params=params,
        assignee=owner,
        due_on=today + timedelta(days=7),
    )


@dataclass(frozen=True)
class Erasure:
    """What an erasure removed, in numbers (names are gone, so nothing else is reported)."""

    interactions_deleted: int
    interactions_redacted: int
    events_scrubbed: int


def erasure_preview(stakeholder: Stakeholder) -> tuple[int, int]:
    """(contact-log entries that will be deleted, shared entries that will lose their text)."""
    counts = {"solo": 0, "shared": 0}
    for interaction in stakeholder.interactions.prefetch_related("stakeholders"):
        counts["solo" if len(interaction.stakeholders.all()) == 1 else "shared"] += 1
    return counts["solo"], counts["shared"]


def stakeholder_erase(*, stakeholder: Stakeholder, by: User) -> Erasure:
    """Erase a person irreversibly: their row, relationships, history and next steps; the
    contact-log entries only they took part in; the text of entries shared with others; and their
    name, e-mail and phone wherever else the customer's records hold them (timeline, other people's
    notes, stored next steps, the admin log, and whatever higher apps registered in
    `accounts.erasure`). Nothing that names them remains.
    """
    with transaction.atomic():
        person = Stakeholder.objects.select_for_update(of=("self",)).get(pk=stakeholder.pk)
        customer = person.customer
        identifiers = _identifiers(person) | _former_names(customer, person.pk)
        pattern = _identifier_pattern(identifiers)
        deleted, redacted = _erase_interactions(person)
        scrubbed = _scrub_events(customer, person.pk, pattern)
        _scrub_texts(customer, person.pk, pattern)
        _erase_admin_log(identifiers)
        run_erasure_hooks(person, pattern)
        person.delete()
        event_record(
            customer=customer,
            kind="stakeholder.erased",
            by=by,
            interactions_deleted=deleted,
            interactions_redacted=redacted,
        )
    return Erasure(deleted, redacted, scrubbed)


def _identifiers(person: Stakeholder) -> set[str]:
    """What names the person in free text: name, e-mail address, phone (short scraps are left alone)."""
    return {value.strip() for value in (person.name, person.email, person.phone) if len(value.strip()) >= 3}


def _former_names(customer: Customer, person_id: int) -> set[str]:
    """Names the timeline recorded for the person before a correction (a typo fixed, a new surname)."""
    names = set()
    for data in Event.objects.filter(customer=customer).values_list("data", flat=True):
        if not isinstance(data, dict):
            continue
        if data.get("stakeholder_id") == person_id and isinstance(data.get("stakeholder"), str):
            names.add(data["stakeholder"])
        ids, listed = data.get("stakeholder_ids"), data.get("stakeholders")
        if isinstance(ids, list) and isinstance(listed, list) and person_id in ids:
            names.update(
                n for i, n in zip(ids, listed, strict=False) if i == person_id and isinstance(n, str)
            )
    return {name.strip() for name in names if len(name.strip()) >= 3}


def _identifier_pattern(identifiers: set[str]) -> re.Pattern | None:
    if not identifiers:
        return None
    alternatives = sorted((re.escape(value) for value in identifiers), key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _erase_interactions(person: Stakeholder) -> tuple[int, int]:
    entries = list(person.interactions.prefetch_related("stakeholders"))
    solo = [i.pk for i in entries if len(i.stakeholders.all()) == 1]
    shared = [i for i in entries if i.pk not in solo]
    Interaction.objects.filter(pk__in=solo).delete()
    now = timezone.now()
    for entry in shared:
        entry.stakeholders.remove(person)
        entry.summary, entry.why_it_matters, entry.redacted_at = "", "", now
    Interaction.objects.bulk_update(shared, ["summary", "why_it_matters", "redacted_at"])
    return len(solo), len(shared)


def _scrub_events(customer: Customer, person_id: int, pattern: re.Pattern | None) -> int:
    changed = []
    for event in Event.objects.filter(customer=customer).only("pk", "data"):
        if not isinstance(event.data, dict):
            continue
        data = _scrub_value(event.data, pattern)
        if data.get("stakeholder_id") == person_id:
            data["stakeholder"] = ""
        ids = data.get("stakeholder_ids")
        if isinstance(ids, list) and person_id in ids:
            names = list(data.get("stakeholders") or [])
            data["stakeholders"] = ["" if i == person_id else n for i, n in zip(ids, names, strict=False)]
        if data != event.data:
            event.data = data
            changed.append(event)
    Event.objects.bulk_update(changed, ["data"], batch_size=500)
    return len(changed)


def _scrub_value(value: Any, pattern: re.Pattern | None) -> Any:
    if pattern is None:
        return value
    if isinstance(value, str):
        return pattern.sub(ERASED_MARK, value)
    if isinstance(value, list):
        return [_scrub_value(item, pattern) for item in value]
    if isinstance(value, dict):
        return {key: _scrub_value(item, pattern) for key, item in value.items()}
    return value


def _scrub_texts(customer: Customer, person_id: int, pattern: re.Pattern | None) -> None:
    """Other people's notes, the contact log and stored next steps may name the person too."""
    if pattern is None:
        return
    for model, fields, rows in (
        (
            Stakeholder,
            ("title", "notes", "source"),
            Stakeholder.objects.filter(customer=customer).exclude(pk=person_id),
        ),
        (Interaction, ("summary", "why_it_matters"), Interaction.objects.filter(customer=customer)),
        (NextStep, ("text",), NextStep.objects.filter(customer=customer).exclude(stakeholder_id=person_id)),
    ):
        changed = []
        for row in rows.only("pk", *fields):
            new = {f: pattern.sub(ERASED_MARK, getattr(row, f)) for f in fields}
            if any(new[f] != getattr(row, f) for f in fields):
                for f, value in new.items():
                    setattr(row, f, value)
                changed.append(row)
        model.objects.bulk_update(changed, list(fields), batch_size=500)
        if model is Stakeholder and changed:  # an edit form opened before must not bring the name back
            Stakeholder.objects.filter(pk__in=[row.pk for row in changed]).update(version=bump())
    _scrub_step_values(customer, person_id, pattern)


def _scrub_step_values(customer: Customer, person_id: int, pattern: re.Pattern) -> None:
    """A stored step's values (the names its sentence is worded with) may name the person too."""
    changed = []
    for step in (
        NextStep.objects.filter(customer=customer).exclude(stakeholder_id=person_id).only("pk", "text_params")
    ):
        params = step.text_params if isinstance(step.text_params, dict) else {}
        new = {k: pattern.sub(ERASED_MARK, v) if isinstance(v, str) else v for k, v in params.items()}
        if new != params:
            step.text_params = new
            changed.append(step)
    NextStep.objects.bulk_update(changed, ["text_params"], batch_size=500)


def _erase_admin_log(identifiers: set[str]) -> None:
    """Administrators' change history repeats names (object names, changed fields): drop those lines."""
    if not identifiers:
        return
    mentions = Q()
    for value in identifiers:
        mentions |= Q(object_repr__icontains=value) | Q(change_message__icontains=value)
    LogEntry.objects.filter(mentions).delete()


def _record_change(
    stakeholder: Stakeholder, field: str, old: Any, new: Any, by: User | None, user: User | None = None
) -> None:
    StakeholderChange.objects.create(
        stakeholder=stakeholder,
        field=field,
        user=user,
        old_value="" if old in (None, "") else str(old),
        new_value=str(new),
        changed_by=by,
    )


def _check_links(stakeholder: Stakeholder) -> None:
    """Manager, successor and unit must be at the same customer; reporting lines may not circle."""
    errors: dict[str, str] = {}
    manager = stakeholder.reports_to
    if manager is not None:
        if manager.customer_id != stakeholder.customer_id:
            errors["reports_to"] = _("The manager must work at the same customer.")
        elif manager.pk == stakeholder.pk:
            errors["reports_to"] = _("A person cannot report to themself.")
        elif stakeholder.pk is not None:
            parents = dict(
                Stakeholder.objects.filter(customer_id=stakeholder.customer_id).values_list(
                    "pk", "reports_to"
                )
            )
            chain = orgchart.would_create_cycle(parents, stakeholder.pk, manager.pk)
            if chain:
                names = dict(Stakeholder.objects.filter(pk__in=chain).values_list("pk", "name"))
                path = " → ".join([stakeholder.name, *(names.get(pk, "?") for pk in chain)])
                errors["reports_to"] = _(
                    "%(manager)s reports, directly or through others, to %(name)s (%(path)s): "
                    "the reporting lines would go round in a circle."
                ) % {"manager": manager.name, "name": stakeholder.name, "path": path}
    successor = stakeholder.successor
    if successor is not None and (
        successor.customer_id != stakeholder.customer_id or successor.pk == stakeholder.pk
    ):
        errors["successor"] = _("The successor must be someone else at the same customer.")
    if stakeholder.unit is not None and stakeholder.unit.customer_id != stakeholder.customer_id:
        errors["unit"] = _("Choose one of this customer's units.")
    if errors:
        raise ValidationError(errors)


def _refuse_unknown(fields: dict) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not settable here: {', '.join(sorted(unknown))}")
