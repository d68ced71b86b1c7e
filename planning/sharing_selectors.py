"""Reads for our side of sharing: the sharing page and the customer's activity on the plan page.

A fixed number of queries each, whatever the size of the plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from planning.models import AccountPlan, GuestActivity, Invitation, Offering, WhiteSpaceRow
from planning.selectors import PlanPage, attach

ACTIVITY_SHOWN = 40


@dataclass
class SharingPage:
    plan: AccountPlan
    goals: list
    opportunities: list
    actions: list
    rows: list[tuple[Offering, bool]]
    invitations: list[Invitation]
    shared_count: int


def sharing_page(plan: AccountPlan) -> SharingPage:
    goals = list(plan.goals.only("pk", "title", "shared", "criteria_shared", "success_criteria", "plan_id"))
    opportunities = list(plan.opportunities.only("pk", "name", "shared", "plan_id"))
    actions = list(
        plan.actions.select_related("assignee").only(
            "pk", "title", "shared", "due", "status", "plan_id", "assignee__name"
        )
    )
    shared_rows = dict(
        WhiteSpaceRow.objects.filter(customer_id=plan.customer_id).values_list("offering_id", "shared")
    )
    offerings = Offering.objects.filter(Q(cells__customer_id=plan.customer_id) | Q(pk__in=list(shared_rows)))
    rows = [(o, shared_rows.get(o.pk, False)) for o in offerings.distinct().order_by("order", "name")]
    invitations = list(
        Invitation.objects.filter(plan=plan)
        .select_related("stakeholder", "created_by")
        .annotate(steps=Count("activity", filter=~Q(activity__kind=GuestActivity.Kind.OPENED)))
        .order_by("-sent_at", "-pk")
    )
    shared_count = (
        int(plan.summary_shared)
        + sum(g.shared for g in goals)
        + sum(o.shared for o in opportunities)
        + sum(a.shared for a in actions)
        + sum(shared for _o, shared in rows)
    )
    return SharingPage(plan, goals, opportunities, actions, rows, invitations, shared_count)


@dataclass
class ActivityLine:
    row: GuestActivity
    item: str
    is_new: bool


_ACTIVITY_FIELDS = (
    "pk",
    "kind",
    "text",
    "score",
    "data",
    "created_at",
    "seen_at",
    "reply",
    "replied_at",
    "version",
    "plan_id",
    "stakeholder__name",
    "offering__name",
    "replied_by__full_name",
)


def plan_activity(plan: AccountPlan, page: PlanPage | None = None) -> list[ActivityLine]:
    """The customer's latest steps on this plan, newest first, with what each was about.

    With the plan page's reads (`page`), the goals, opportunities and actions named come from
    them instead of three more joins, which PostgreSQL took longer to plan than to run.
    """
    rows = GuestActivity.objects.filter(plan=plan).exclude(kind=GuestActivity.Kind.OPENED)
    if page is None:
        rows = rows.select_related("stakeholder", "offering", "replied_by", "goal", "opportunity", "action")
        rows = rows.only(*_ACTIVITY_FIELDS, "goal__title", "opportunity__name", "action__title")
    else:
        rows = rows.select_related("stakeholder", "offering", "replied_by")
        rows = rows.only(*_ACTIVITY_FIELDS, "goal", "opportunity", "action")
    rows = list(rows[:ACTIVITY_SHOWN])
    if page is not None:
        attach(rows, "goal", {row.goal.pk: row.goal for row in page.goals})
        attach(rows, "opportunity", {o.pk: o for o in page.opportunities})
        attach(rows, "action", {a.pk: a for a in (*page.open_actions, *page.closed_actions)})
    lines = []
    for row in rows:
        item = row.goal or row.opportunity or row.action or row.offering
        lines.append(ActivityLine(row, str(item) if item else "", row.seen_at is None))
    return lines


def unseen_by_plan(user) -> list[tuple[int, str, int, int]]:
    """Plans of the user's own accounts with customer steps nobody has looked at yet."""
    counts = (
        GuestActivity.objects.filter(plan__customer__owner=user, seen_at__isnull=True)
        .exclude(kind=GuestActivity.Kind.OPENED)
        .values("plan_id", "plan__customer__name", "plan__period")
        .annotate(count=Count("pk"))
        .order_by("plan__customer__name")
    )
    return [
        (row["plan_id"], row["plan__customer__name"], row["plan__period"], row["count"]) for row in counts
    ]
