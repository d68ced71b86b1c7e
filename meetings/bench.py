"""The meetings pages and the reminder sweep in `manage.py bench`.

The sweep runs over the large demo extended to 50,000 plan actions (`setup` adds the missing ones
in the rolled-back transaction, outside the timing): finding and storing every reminder due costs a
fixed number of queries per kind plus one insert per 2,000 new rows.
"""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from accounts.bench import SCENARIOS, BenchError, Scenario
from accounts.bench.jobs import JOBS, Job
from accounts.models import Customer, User
from meetings import reminders
from meetings.models import Reminder
from planning.models import AccountPlan, Action

ACTIONS = 50_000


def _meetings_tab(user: User | None) -> str:
    customer = Customer.objects.owned_by(user).key_accounts().order_by("pk").first()
    if customer is None:
        raise BenchError(f"{user} owns no key account; is the bench database seeded?")
    return reverse("meetings:customer-meetings", args=[customer.pk])


def _extend_actions() -> None:
    """Plans across the customers until there are 50,000 actions; a tenth of them fall due soon."""
    missing = ACTIONS - Action.objects.count()
    plans = list(
        AccountPlan.objects.exclude(status=AccountPlan.Status.ARCHIVED).values_list(
            "pk", "customer__owner_id"
        )
    )
    if missing <= 0 or not plans:
        return
    today = timezone.localdate()
    Action.objects.bulk_create(
        (
            Action(
                plan_id=plans[n % len(plans)][0],
                owner_id=plans[n % len(plans)][1],
                title=f"Bench action {n}",
                due=today + datetime.timedelta(days=(n % 400) - 40),
            )
            for n in range(missing)
        ),
        batch_size=5000,
    )


def _sweep() -> str:
    before = Reminder.objects.count()
    found = reminders.reminders_sweep()
    stored = Reminder.objects.count() - before
    return (
        f"{Action.objects.count():,} actions, {Customer.objects.count():,} customers: "
        f"{found['current']:,} reminders due, {stored:,} stored"
    )


SCENARIOS.append(Scenario("customer Meetings tab (KAM's key account)", "kam", _meetings_tab))
SCENARIOS.append(Scenario("notifications page (KAM)", "kam", lambda user: reverse("meetings:notifications")))
JOBS.append(Job("reminder sweep (50,000 actions)", _sweep, budget_s=10, setup=_extend_actions))
