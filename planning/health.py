"""The plan's health components: plan freshness, goal progress and actions done on time.

Registered with the core's health registry from `PlanningConfig.ready()`. The provider reads the
current plan of every customer given with its actions counted, and its goals, in two queries (the
financial figures are the ones the core's trends read); the scoring functions are pure.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import health
from accounts.health import Reading, clamp
from accounts.health_components import financial_periods
from planning import progress
from planning.models import AccountPlan, Action, Goal

# Overdue reviews lose this many points a day from 40 (a month late is 10, six weeks is 0).
OVERDUE_START, OVERDUE_PER_DAY = 40, 1
# Goal progress is judged against the share of the plan year gone, but never below a quarter of it.
MIN_EXPECTED = Decimal("0.25")


def freshness_reading(plan_due: datetime.date | None, in_change: bool, today: datetime.date) -> Reading:
    if plan_due is None:
        return Reading(0, "plan.none")
    state = progress.freshness(plan_due, today, in_change=in_change)
    params = {"due": plan_due.isoformat(), "days": abs(state.days)}
    if state.state == progress.FRESH:
        return Reading(100, "plan.fresh", params)
    if state.state == progress.DUE:
        return Reading(75, "plan.due", params)
    return Reading(clamp(OVERDUE_START - OVERDUE_PER_DAY * abs(state.days)), "plan.overdue", params)


def goal_reading(fractions: Sequence[Decimal], period: int, today: datetime.date) -> Reading:
    """The goals' mean progress against the share of the plan year gone."""
    if not fractions:
        return Reading(None, "goals.none")
    mean = sum(fractions, Decimal(0)) / len(fractions)
    start, end = datetime.date(period, 1, 1), datetime.date(period, 12, 31)
    gone = Decimal(min(max((today - start).days, 0), 365)) / Decimal(365)
    expected = max(gone, MIN_EXPECTED) if today <= end else Decimal(1)
    return Reading(
        clamp(float(mean / expected * 100)),
        "goals.progress",
        {"count": len(fractions), "mean": round(float(mean) * 100), "gone": round(float(gone) * 100)},
    )


def actions_reading(due: int, on_time: int, overdue_open: int) -> Reading:
    """Of the actions due by today, the share done by their date."""
    if not due:
        return Reading(None, "actions.none_due")
    return Reading(
        clamp(100 * on_time / due), "actions.on_time", {"due": due, "on_time": on_time, "open": overdue_open}
    )


def plan_provider(customers: Sequence[Any], today: datetime.date) -> dict[int, dict[str, Reading]]:
    ids = [c.pk for c in customers]
    plans: dict[int, AccountPlan] = {}
    for plan in (
        AccountPlan.objects.filter(customer__in=ids)
        .current()
        .only("pk", "customer_id", "status", "period", "next_review_due", "customer_in_change")
        .annotate(**_action_annotations(today))
    ):
        plans.setdefault(plan.customer_id, plan)
    goals = _goal_fractions([p.pk for p in plans.values()], ids)
    actions = {
        p.pk: (p.actions_due or 0, p.actions_on_time or 0, p.actions_overdue or 0) for p in plans.values()
    }
    found = {}
    for customer_id in ids:
        plan = plans.get(customer_id)
        if plan is None:
            found[customer_id] = {"plan_freshness": freshness_reading(None, False, today)}
            continue
        found[customer_id] = {
            "plan_freshness": freshness_reading(plan.next_review_due, plan.customer_in_change, today),
            "goal_progress": goal_reading(goals.get(plan.pk, []), plan.period, today),
            "actions_on_time": actions_reading(*actions.get(plan.pk, (0, 0, 0))),
        }
    return found


def _goal_fractions(plan_ids: list[int], customer_ids: list[int]) -> dict[int, list[Decimal]]:
    goals = list(Goal.objects.filter(plan__in=plan_ids).select_related("plan").defer("plan__summary"))
    figures: dict[int, list[progress.PeriodFigures]] = defaultdict(list)
    if any(g.is_financial for g in goals):
        for row in financial_periods(customer_ids):
            figures[row[0]].append(progress.PeriodFigures(*row[1:]))
    fractions: dict[int, list[Decimal]] = defaultdict(list)
    for goal in goals:
        if goal.is_financial:
            current = progress.financial_current(goal.metric, figures.get(goal.plan.customer_id, []))
            value = progress.progress(goal.baseline, goal.target, current.value)
        elif goal.progress_entered is not None:
            value = progress.entered_progress(goal.progress_entered)
        else:
            value = progress.progress(goal.baseline, goal.target, goal.current_value)
        if value is not None:
            fractions[goal.plan_id].append(value)
    return fractions


def _action_annotations(today: datetime.date) -> dict[str, Subquery]:
    """On each plan: its actions due by today, those done by their date, those still open and
    overdue; cancelled ones left out. "By their date" compares the day of completion in UTC, as
    the stored time reads."""
    due = Action.objects.filter(plan=OuterRef("pk"), due__lt=today).exclude(status=Action.Status.CANCELLED)
    done = Action.Status.DONE
    on_time = due.filter(status=done).annotate(completed_day=TruncDate("completed_at", tzinfo=datetime.UTC))
    on_time = on_time.filter(Q(completed_at__isnull=True) | Q(completed_day__lte=F("due")))
    return {
        "actions_due": _count(due),
        "actions_on_time": _count(on_time),
        "actions_overdue": _count(due.exclude(status=done)),
    }


def _count(actions) -> Subquery:
    return Subquery(
        actions.order_by().values("plan").annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()
    )


def _date(iso: str) -> str:
    return formats.date_format(datetime.date.fromisoformat(iso), "SHORT_DATE_FORMAT")


def register() -> None:
    health.register_components(("plan_freshness", "goal_progress", "actions_on_time"), plan_provider)
    reasons = {
        "plan.none": lambda p: _("There is no current account plan."),
        "plan.fresh": lambda p: (
            _("The plan is reviewed; the next review is due %(due)s.") % {"due": _date(p["due"])}
        ),
        "plan.due": lambda p: (
            ngettext(
                "The plan's review is due in %(days)s day (%(due)s).",
                "The plan's review is due in %(days)s days (%(due)s).",
                p["days"],
            )
            % {"days": p["days"], "due": _date(p["due"])}
        ),
        "plan.overdue": lambda p: (
            ngettext(
                "The plan's review is %(days)s day overdue (it was due %(due)s).",
                "The plan's review is %(days)s days overdue (it was due %(due)s).",
                p["days"],
            )
            % {"days": p["days"], "due": _date(p["due"])}
        ),
        "goals.none": lambda p: _("The plan has no goal whose progress can be measured yet."),
        "goals.progress": lambda p: (
            ngettext(
                "Its %(count)s goal is %(mean)s %% of the way, with %(gone)s %% of the plan year gone.",
                "Its %(count)s goals are %(mean)s %% of the way on average, with %(gone)s %% of the plan year gone.",
                p["count"],
            )
            % p
        ),
        "actions.none_due": lambda p: _("No planned action has fallen due yet."),
        "actions.on_time": lambda p: (
            ngettext(
                "%(on_time)s of %(due)s action due so far was done on time; %(open)s still open.",
                "%(on_time)s of %(due)s actions due so far were done on time; %(open)s still open.",
                p["due"],
            )
            % p
        ),
    }
    for code, render in reasons.items():
        health.register_reason(code, render)
