"""Writes for the plan and its sections: goals, opportunities, actions, responsibilities."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import timeline
from accounts.models import Customer, User
from accounts.services import event_record
from planning import progress
from planning.models import AccountPlan, Action, Goal, Opportunity, Responsibility, WhiteSpaceCell
from planning.services.editing import check_fields, editable, ensure_on_team, same_customer, versioned_update

PLAN_FIELDS = ("summary", "summary_shared", "status", "customer_in_change", "in_change_reason")
GOAL_FIELDS = (
    "kind",
    "metric",
    "title",
    "baseline",
    "baseline_date",
    "target",
    "due",
    "current_value",
    "progress_entered",
    "success_criteria",
    "note",
    "shared",
    "criteria_shared",
)
OPPORTUNITY_FIELDS = (
    "name",
    "customer_goal",
    "goal",
    "offering",
    "unit",
    "value",
    "probability",
    "stage",
    "expected_close",
    "note",
    "shared",
)
ACTION_FIELDS = (
    "title",
    "owner",
    "assignee",
    "due",
    "status",
    "goal",
    "opportunity",
    "risk",
    "meeting",
    "note",
    "shared",
)

_PLAN_FIELD_LABELS = {name: AccountPlan._meta.get_field(name).verbose_name for name in PLAN_FIELDS}
timeline.register_label("plan_fields", lambda code: _PLAN_FIELD_LABELS.get(code, code))


# --- Plans ---------------------------------------------------------------------------------------
def plan_create(
    *,
    customer: Customer,
    by: User,
    period: int,
    summary: str = "",
    status: str = AccountPlan.Status.DRAFT,
    customer_in_change: bool = False,
    in_change_reason: str = "",
    today: datetime.date | None = None,
) -> AccountPlan:
    """Start the plan for one period; the first review is due a quarter (a month, in change) later.

    Raises ValidationError (nothing written) for a second plan for the same period, a second active
    plan, or a bad value.
    """
    today = today or timezone.localdate()
    plan = AccountPlan(
        customer=customer,
        period=period,
        summary=summary.strip(),
        status=status,
        customer_in_change=customer_in_change,
        in_change_reason=in_change_reason.strip(),
        next_review_due=progress.next_review_due(today, customer_in_change),
        created_by=by,
    )
    try:
        with transaction.atomic():
            check_period_free(customer, period)
            if status == AccountPlan.Status.ACTIVE:
                _check_no_other_active(plan)
            plan.full_clean(validate_unique=False, validate_constraints=False)
            plan.save()
            event_record(customer=customer, kind="plan.created", by=by, period=period)
    except IntegrityError as error:  # a colleague created the same period a moment ago
        raise ValidationError({"period": _duplicate_message(customer, period)}) from error
    return plan


def _duplicate_message(customer: Customer, period: int) -> str:
    return _("%(customer)s already has a plan for %(period)s. Open it instead of starting a second one.") % {
        "customer": customer,
        "period": period,
    }


def check_period_free(customer: Customer, period: int) -> None:
    if AccountPlan.objects.filter(customer=customer, period=period).exists():
        raise ValidationError({"period": _duplicate_message(customer, period)})


def _check_no_other_active(plan: AccountPlan) -> None:
    other = AccountPlan.objects.active().filter(customer_id=plan.customer_id).exclude(pk=plan.pk).first()
    if other is not None:
        raise ValidationError(
            {
                "status": _(
                    "The plan for %(period)s is active already. Roll it over or archive it first: a customer "
                    "has one active plan at a time."
                )
                % {"period": other.period}
            }
        )


def plan_update(*, plan: AccountPlan, by: User, version: int, **changes: Any) -> AccountPlan:
    """Change the plan's summary, status or "in change" flag; a flag change moves the next review.

    Raises EditConflict on a stale version, ValidationError on a bad value (nothing written).
    """
    check_fields(changes, PLAN_FIELDS)
    with transaction.atomic():
        if changes.get("status") == AccountPlan.Status.ACTIVE:
            _check_no_other_active(plan)
        current, changed = versioned_update(plan, version, changes)
        if "customer_in_change" in changed:
            base = current.last_reviewed_on or timezone.localdate(current.created_at)
            current.next_review_due = progress.next_review_due(base, current.customer_in_change)
            current.save(update_fields=["next_review_due"])
        if changed:
            event_record(
                customer=current.customer,
                kind="plan.updated",
                by=by,
                period=current.period,
                plan_fields=changed,
            )
    return current


# --- Goals ---------------------------------------------------------------------------------------
def goal_create(*, plan: AccountPlan, by: User, **fields: Any) -> Goal:
    """Add a goal. Raises ValidationError (nothing written), e.g. for a due date before the baseline."""
    check_fields(fields, GOAL_FIELDS)
    editable(plan)
    with transaction.atomic():
        order = plan.goals.aggregate(top=models.Max("order"))["top"]
        goal = Goal(plan=plan, order=(order or 0) + 1, **fields)
        goal.full_clean()
        goal.save()
        event_record(customer=plan.customer, kind="goal.added", by=by, goal=goal.title)
    return goal


def goal_update(*, goal: Goal, by: User, version: int, **changes: Any) -> Goal:
    """Change a goal if nobody saved it since `version`. Raises EditConflict or ValidationError."""
    check_fields(changes, GOAL_FIELDS)
    editable(goal.plan)
    with transaction.atomic():
        current, changed = versioned_update(goal, version, changes)
        if changed:
            event_record(customer=goal.plan.customer, kind="goal.changed", by=by, goal=current.title)
    return current


def goal_delete(*, goal: Goal, by: User) -> None:
    editable(goal.plan)
    with transaction.atomic():
        event_record(customer=goal.plan.customer, kind="goal.removed", by=by, goal=goal.title)
        goal.delete()


# --- Opportunities -------------------------------------------------------------------------------
def opportunity_create(
    *, plan: AccountPlan, by: User, cell: WhiteSpaceCell | None = None, **fields: Any
) -> Opportunity:
    """Add an opportunity. Raises ValidationError (nothing written) for a probability outside 0–100 %,
    a negative value, or a goal or unit that is not this plan's or customer's."""
    check_fields(fields, OPPORTUNITY_FIELDS)
    editable(plan)
    same_customer(plan, fields)
    with transaction.atomic():
        opportunity = Opportunity(plan=plan, cell=cell, **fields)
        opportunity.full_clean()
        opportunity.save()
        event_record(customer=plan.customer, kind="opportunity.added", by=by, opportunity=opportunity.name)
    return opportunity


def opportunity_update(*, opportunity: Opportunity, by: User, version: int, **changes: Any) -> Opportunity:
    """Change an opportunity if nobody saved it since `version`. Raises EditConflict or ValidationError."""
    check_fields(changes, OPPORTUNITY_FIELDS)
    editable(opportunity.plan)
    same_customer(opportunity.plan, changes)
    with transaction.atomic():
        current, changed = versioned_update(opportunity, version, changes)
        if changed:
            event_record(
                customer=opportunity.plan.customer,
                kind="opportunity.changed",
                by=by,
                opportunity=current.name,
            )
    return current


def opportunity_delete(*, opportunity: Opportunity, by: User) -> None:
    editable(opportunity.plan)
    with transaction.atomic():
        event_record(
            customer=opportunity.plan.customer,
            kind="opportunity.removed",
            by=by,
            opportunity=opportunity.name,
        )
        opportunity.delete()


# --- Actions -------------------------------------------------------------------------------------
def action_create(*, plan: AccountPlan, by: User, add_owner_to_team: bool = False, **fields: Any) -> Action:
    """Add an action. The owner must be on the account team: OwnerNotOnTeam is raised (nothing
    written) unless `add_owner_to_team` is set, when they join it as a contributor first (the
    caller has checked that `by` may manage the account team)."""
    check_fields(fields, ACTION_FIELDS)
    editable(plan)
    same_customer(plan, fields)
    with transaction.atomic():
        ensure_on_team(plan.customer, fields["owner"], by, add_owner_to_team)
        action = Action(plan=plan, **fields)
        if action.status == Action.Status.DONE:
            action.completed_at = timezone.now()
        action.full_clean()
        action.save()
        event_record(
            customer=plan.customer, kind="action.added", by=by, action=action.title, owner=str(action.owner)
        )
    return action


def action_update(
    *, action: Action, by: User, version: int, add_owner_to_team: bool = False, **changes: Any
) -> Action:
    """Change an action if nobody saved it since `version`. Raises EditConflict, OwnerNotOnTeam or
    ValidationError (nothing written in any case)."""
    check_fields(changes, ACTION_FIELDS)
    editable(action.plan)
    same_customer(action.plan, changes)
    with transaction.atomic():
        if "owner" in changes and changes["owner"].pk != action.owner_id:
            ensure_on_team(action.plan.customer, changes["owner"], by, add_owner_to_team)
        if "status" in changes:
            done = changes["status"] == Action.Status.DONE
            changes["completed_at"] = (action.completed_at or timezone.now()) if done else None
        current, changed = versioned_update(action, version, changes)
        if changed:
            kind = (
                "action.completed"
                if "status" in changed and current.status == Action.Status.DONE
                else "action.changed"
            )
            event_record(customer=action.plan.customer, kind=kind, by=by, action=current.title)
    return current


def action_complete(*, action: Action, by: User) -> Action:
    """Mark an action done (once, however often it is asked); records the timeline event and bumps
    the version, so an edit form opened before is refused. Raises ValidationError if the plan is archived."""
    editable(action.plan)
    now = timezone.now()
    with transaction.atomic():
        done = (
            Action.objects.filter(pk=action.pk)
            .exclude(status=Action.Status.DONE)
            .update(
                status=Action.Status.DONE, completed_at=now, version=models.F("version") + 1, updated_at=now
            )
        )
        if done:
            event_record(customer=action.plan.customer, kind="action.completed", by=by, action=action.title)
    current = Action.objects.select_related("owner", "goal", "opportunity", "risk", "meeting").get(
        pk=action.pk
    )
    current.plan = action.plan
    return current


def action_delete(*, action: Action, by: User) -> None:
    editable(action.plan)
    with transaction.atomic():
        event_record(customer=action.plan.customer, kind="action.removed", by=by, action=action.title)
        action.delete()


# --- Responsibilities ----------------------------------------------------------------------------
def responsibility_add(
    *, plan: AccountPlan, by: User, person: User, area: str, note: str = "", add_to_team: bool = False
) -> Responsibility:
    """Say who on our side does what. The person must be on the account team (see action_create)."""
    editable(plan)
    with transaction.atomic():
        ensure_on_team(plan.customer, person, by, add_to_team, field_name="person")
        if plan.responsibilities.filter(person=person, area__iexact=area.strip()).exists():
            raise ValidationError(
                {
                    "area": _("%(person)s is already responsible for %(area)s.")
                    % {"person": person, "area": area}
                }
            )
        item = Responsibility(plan=plan, person=person, area=area.strip(), note=note.strip())
        item.full_clean()
        item.save()
        event_record(
            customer=plan.customer, kind="responsibility.added", by=by, person=str(person), area=item.area
        )
    return item


def responsibility_remove(*, responsibility: Responsibility, by: User) -> None:
    editable(responsibility.plan)
    with transaction.atomic():
        event_record(
            customer=responsibility.plan.customer,
            kind="responsibility.removed",
            by=by,
            person=str(responsibility.person),
            area=responsibility.area,
        )
        responsibility.delete()
