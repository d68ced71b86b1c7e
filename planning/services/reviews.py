"""Reviews freeze the plan in a snapshot; a roll-over starts the next period with what is still open."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from accounts.models import User
from accounts.services import event_record
from planning import progress, selectors, snapshots
from planning.models import AccountPlan, PlanReview, PlanSnapshot
from planning.services.editing import editable
from planning.services.plans import check_period_free


def snapshot_take(*, plan: AccountPlan, reason: str = PlanSnapshot.Reason.REVIEW) -> PlanSnapshot:
    """Freeze the plan, its customer's white space and stakeholders as they are now."""
    taken_at = timezone.now()
    data = snapshots.build(selectors.snapshot_sections(plan), taken_at)
    totals = data["totals"]
    return PlanSnapshot.objects.create(
        plan=plan,
        taken_at=taken_at,
        reason=reason,
        data=data,
        captured=Decimal(totals["captured"]),
        open_potential=Decimal(totals["open_potential"]),
    )


def review_record(
    *,
    plan: AccountPlan,
    by: User,
    business: str,
    living_up: str,
    feedback: str = "",
    news: str = "",
    reviewed_on: datetime.date | None = None,
) -> PlanReview:
    """Record a review with its four answers, freeze a snapshot, and set the next review a quarter
    (a month, in change) later. Raises ValidationError (nothing written) on an archived plan or a
    missing answer."""
    editable(plan)
    reviewed_on = reviewed_on or timezone.localdate()
    with transaction.atomic():
        review = PlanReview(
            plan=plan,
            reviewed_on=reviewed_on,
            reviewed_by=by,
            business=business.strip(),
            living_up=living_up.strip(),
            feedback=feedback.strip(),
            news=news.strip(),
            next_review_due=progress.next_review_due(reviewed_on, plan.customer_in_change),
        )
        review.full_clean(exclude=["snapshot"])
        review.snapshot = snapshot_take(plan=plan)
        review.save()
        plan.last_reviewed_on, plan.next_review_due = reviewed_on, review.next_review_due
        plan.latest_review = review
        plan.save(update_fields=["last_reviewed_on", "next_review_due", "latest_review", "updated_at"])
        event_record(
            customer=plan.customer,
            kind="plan.reviewed",
            by=by,
            period=plan.period,
            next_due=review.next_review_due.isoformat(),
        )
    return review


def plan_rollover(*, plan: AccountPlan, by: User, period: int | None = None) -> AccountPlan:
    """Start the next period's plan with everything still open, and archive this one.

    Carries over goals not yet reached, open opportunities, open actions and every responsibility,
    each keeping its key so "what changed" can compare across the two plans. The old plan is frozen
    in a snapshot first. Raises ValidationError (nothing written) when the plan is archived already
    or the new period has a plan.
    """
    editable(plan)
    period = period or plan.period + 1
    goal_rows = selectors.goal_rows(plan)
    with transaction.atomic():
        check_period_free(plan.customer, period)
        snapshot_take(plan=plan, reason=PlanSnapshot.Reason.ROLLOVER)
        was_active = plan.status == AccountPlan.Status.ACTIVE
        plan.status = AccountPlan.Status.ARCHIVED
        plan.version += 1
        plan.save(update_fields=["status", "version", "updated_at"])
        new = AccountPlan.objects.create(
            customer=plan.customer,
            period=period,
            status=AccountPlan.Status.ACTIVE if was_active else AccountPlan.Status.DRAFT,
            summary=plan.summary,
            customer_in_change=plan.customer_in_change,
            in_change_reason=plan.in_change_reason,
            last_reviewed_on=plan.last_reviewed_on,
            latest_review=plan.latest_review,
            next_review_due=plan.next_review_due,
            rolled_over_from=plan,
            created_by=by,
        )
        carried = _carry_over(plan, new, goal_rows)
        event_record(
            customer=plan.customer,
            kind="plan.rolled_over",
            by=by,
            old=plan.period,
            new=period,
            carried=carried,
        )
    return new


def _carry_over(old: AccountPlan, new: AccountPlan, goal_rows: list[selectors.GoalRow]) -> int:
    goals = {}
    for row in goal_rows:
        if row.progress is None or row.progress < 1:
            goals[row.goal.pk] = _copy(row.goal, plan=new)
    opportunities = {}
    for item in old.opportunities.open():
        opportunities[item.pk] = _copy(item, plan=new, goal=goals.get(item.goal_id))
    actions = [
        _copy(
            item, plan=new, goal=goals.get(item.goal_id), opportunity=opportunities.get(item.opportunity_id)
        )
        for item in old.actions.open()
    ]
    responsibilities = [_copy(item, plan=new) for item in old.responsibilities.all()]
    return len(goals) + len(opportunities) + len(actions) + len(responsibilities)


def _copy(item: models.Model, **overrides: Any) -> Any:
    """A fresh row with the same values (and key) as `item`, saved with `overrides` applied."""
    clone = type(item).objects.get(pk=item.pk)
    clone.pk = clone.id = None
    clone._state.adding = True
    clone.version = 1
    for name, value in overrides.items():
        setattr(clone, name, value)
    clone.save()
    return clone
