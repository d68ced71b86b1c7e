"""The plan's item of the 30-day start: each key account has a concrete plan.

A plan counts when it holds at least one goal, one opportunity, one risk in the register, one key
person on the stakeholder map, and 3–5 open actions due in the next 6–12 months (three or more).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import ngettext

from accounts import checklist
from accounts.checklist import Result
from accounts.models import Stakeholder
from planning.models import AccountPlan, Action, Goal, Opportunity
from risk.models import RiskItem

MIN_ACTIONS = 3
HORIZON_DAYS = 365


def _count(queryset, group: str) -> Subquery:
    return Subquery(
        queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()
    )


def plan_complete(goals: int, opportunities: int, risks: int, people: int, actions: int) -> bool:
    return bool(goals and opportunities and risks and people and actions >= MIN_ACTIONS)


def _plan_annotations(today: datetime.date) -> dict[str, Exists | Subquery]:
    live = ~Q(plan__status=AccountPlan.Status.ARCHIVED)
    horizon = today + datetime.timedelta(days=HORIZON_DAYS)
    customer = OuterRef("pk")
    return {
        "plan_live": Exists(
            AccountPlan.objects.filter(customer=customer).exclude(status=AccountPlan.Status.ARCHIVED)
        ),
        "plan_goals": _count(Goal.objects.filter(live, plan__customer=customer), "plan__customer"),
        "plan_opportunities": _count(
            Opportunity.objects.filter(live, plan__customer=customer), "plan__customer"
        ),
        "plan_risks": _count(RiskItem.objects.filter(customer=customer), "customer"),
        "plan_people": _count(Stakeholder.objects.present().filter(customer=customer), "customer"),
        "plan_actions": _count(
            Action.objects.open().filter(live, plan__customer=customer, due__gte=today, due__lte=horizon),
            "plan__customer",
        ),
    }


COUNTS = ("plan_goals", "plan_opportunities", "plan_risks", "plan_people", "plan_actions")


def plans(kam_ids: Sequence[int], today: datetime.date, rows: checklist.KeyAccounts) -> dict[int, Result]:
    ready, todo = checklist.by_owner(
        rows, lambda row: bool(row["plan_live"] and plan_complete(*(row[name] or 0 for name in COUNTS)))
    )
    found = {}
    for kam in kam_ids:
        total = len(ready[kam]) + len(todo[kam])
        url = reverse("planning:customer-plan", args=[todo[kam][0]]) if todo[kam] else ""
        text = ngettext(
            "%(ready)s of %(count)s key account has a complete plan.",
            "%(ready)s of %(count)s key accounts have a complete plan.",
            total,
        ) % {
            "ready": len(ready[kam]),
            "count": total,
        }
        found[kam] = Result(bool(total) and not todo[kam], text, url)
    return found


def register() -> None:
    checklist.register_item("plans", plans, annotations=_plan_annotations)
