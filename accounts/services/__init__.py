"""Every write in the core app. Each service is atomic and records its timeline event."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts import background, jobs
from accounts.models import AccountMember, Customer, CustomerUnit, Event, Job, Team, User
from accounts.versioning import EditConflict, bump, versioned_update  # noqa: F401 - edit views catch it here

log = logging.getLogger(__name__)

CUSTOMER_EDITABLE_FIELDS = (
    "name",
    "org_number",
    "external_id",
    "status",
    "tier",
    "parent",
    "industry",
    "country",
    "website",
    "next_step",
    "target_date",
)


def event_record(*, customer: Customer, kind: str, by: User | None, **data: Any) -> Event:
    """Append one line to the customer's timeline. `data` fills the sentence for `kind`."""
    return Event.objects.create(customer=customer, actor=by, kind=kind, data=data)


def customer_create(*, name: str, owner: User, by: User, team: Team | None = None, **fields: Any) -> Customer:
    """Create a customer owned by `owner`; the team defaults to the owner's first team.

    Raises ValidationError (nothing written) when a field or a uniqueness rule is broken.
    """
    unknown = set(fields) - set(CUSTOMER_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not settable here: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        if team is None:
            team = owner.teams.order_by("name").first()
        customer = Customer(name=name.strip(), owner=owner, team=team, **fields)
        customer.full_clean()
        customer.save()
        event_record(customer=customer, kind="customer.created", by=by, status=customer.status)
    return customer


def customer_update(*, customer: Customer, by: User, version: int, **changes: Any) -> Customer:
    """Change the customer's own fields if nobody saved them since `version`; a status change gets
    its own timeline line.

    Raises EditConflict (see `accounts.versioning`) when the version is stale or missing,
    ValidationError on a bad value; nothing is written in either case.
    """
    unknown = set(changes) - set(CUSTOMER_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        # Read before the locked compare-and-swap: if the row moves in between, the swap refuses.
        old_status = Customer.objects.filter(pk=customer.pk).values_list("status", flat=True).first()
        customer, changed = versioned_update(customer, version, changes)
        if "status" in changed:
            event_record(
                customer=customer, kind="customer.status_changed", by=by, old=old_status, new=customer.status
            )
        other = [field for field in changed if field != "status"]
        if other:
            event_record(customer=customer, kind="customer.updated", by=by, fields=other)
    return customer


def unit_add(
    *, customer: Customer, by: User, kind: str, name: str, country: str = "", note: str = ""
) -> CustomerUnit:
    """Add a business unit, country or location. Raises ValidationError on a duplicate name."""
    with transaction.atomic():
        unit = CustomerUnit(customer=customer, kind=kind, name=name.strip(), country=country, note=note)
        unit.full_clean()
        unit.save()
        event_record(customer=customer, kind="unit.added", by=by, unit=unit.name, unit_kind=kind)
    return unit


def unit_delete(*, unit: CustomerUnit, by: User) -> None:
    with transaction.atomic():
        unit.delete()
        event_record(customer=unit.customer, kind="unit.removed", by=by, unit=unit.name, unit_kind=unit.kind)


def customer_hand_over(*, customer: Customer, new_owner: User, by: User) -> Customer:
    """Make another KAM the owner. The old owner stays on the account team as a contributor."""
    from accounts.notify import notify_owner_changed
    from accounts.services.owners import _take_over

    with transaction.atomic():
        old_owner = customer.owner
        if old_owner.pk == new_owner.pk:
            return customer
        customer.owner = new_owner
        customer.save(update_fields=["owner", "updated_at"])
        Customer.objects.filter(pk=customer.pk).update(version=bump())  # an open edit form is stale now
        _take_over(customer, old_owner, new_owner, by, keep_old=True)
        notify_owner_changed(owner=new_owner, customers=[customer], by=by)
    return customer


def member_add(
    *, customer: Customer, user: User, role: str, by: User, responsibility: str = ""
) -> AccountMember:
    """Put a person on the account team, or change their role if they are on it already."""
    if user.pk == customer.owner_id:
        raise ValueError("The owner is always on the account team.")
    with transaction.atomic():
        member, created = AccountMember.objects.get_or_create(
            customer=customer, user=user, defaults={"role": role, "responsibility": responsibility}
        )
        if created:
            event_record(customer=customer, kind="member.added", by=by, person=str(user), role=role)
        elif member.role != role or member.responsibility != responsibility:
            member.role = role
            member.responsibility = responsibility
            member.full_clean()
            member.save(update_fields=["role", "responsibility"])
            event_record(customer=customer, kind="member.role_changed", by=by, person=str(user), role=role)
    return member


def member_remove(*, member: AccountMember, by: User) -> None:
    with transaction.atomic():
        customer, person = member.customer, str(member.user)
        member.delete()
        event_record(customer=customer, kind="member.removed", by=by, person=person)


def user_set_preferences(*, user: User, language: str | None = None, time_zone: str | None = None) -> User:
    """Remember the user's language and time zone; both are validated against the known lists."""
    fields = []
    if language is not None and language != user.language:
        user.language = language
        fields.append("language")
    if time_zone is not None and time_zone != user.time_zone:
        user.time_zone = time_zone
        fields.append("time_zone")
    if fields:
        user.full_clean(exclude=["password", "email", "full_name"])
        user.save(update_fields=fields)
    return user


def job_create(*, kind: str, by: User, customer: Customer | None = None, **params: Any) -> Job:
    """Create a job row and queue its task once the row is committed (the worker must find it)."""
    job = Job.objects.create(kind=kind, created_by=by, customer=customer, params=params)
    background.enqueue_on_commit(background.RUN_JOB, job.pk)
    return job


def job_run(job_id: int) -> None:
    """Run a queued job with the runner registered for its kind, recording progress and the result,
    or the error as the job's message. A job already finished (or gone) is left alone.

    The worker's task calls this; a small import calls it directly while the person waits.
    """
    job = Job.objects.select_related("created_by", "customer").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return
    runner = jobs.RUNNERS.get(job.kind)
    if runner is None:
        job_finish(job=job, error=f"Unknown job kind {job.kind}")
        return
    job_progress(job=job, progress=0)
    try:
        result = runner(job, lambda pct, msg="": job_progress(job=job, progress=pct, message=msg))
    except Exception as exc:
        log.exception("Job %s failed", job_id)
        job_finish(job=job, error=str(exc) or exc.__class__.__name__)
        return
    job_finish(job=job, result=result)


def job_progress(*, job: Job, progress: int, message: str = "") -> None:
    """Record progress without touching the rest of the row (the page polls it)."""
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RUNNING, progress=max(0, min(progress, 100)), message=message[:300]
    )


def job_finish(*, job: Job, result: dict | None = None, error: str = "") -> None:
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED if error else Job.Status.DONE,
        progress=100 if not error else job.progress,
        message=error[:300],
        result=result or {},
        finished_at=timezone.now(),
    )


def password_reset_request(*, email: str) -> None:
    """Queue a reset e-mail for every active account with this address. Says nothing either way,
    so the answer to a stranger is the same as the answer to a colleague."""
    for user_id in User.objects.filter(email__iexact=email.strip(), is_active=True).values_list(
        "pk", flat=True
    ):
        background.enqueue_on_commit(background.SEND_PASSWORD_RESET, user_id)
