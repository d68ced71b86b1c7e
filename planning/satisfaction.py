"""The customer's satisfaction pulse as the account's "customer satisfaction" health component, and
the home-page notice of customer steps nobody on our side has looked at yet.

Registered from `PlanningConfig.ready()`. A pulse counts for a year; the score is the mean of the
latest answer of each customer contact, 1 → 0 and 5 → 100.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import health
from accounts.health import Reading, clamp
from planning import sharing_selectors
from planning.models import GuestActivity

PULSE_VALID_DAYS = 365


def pulse_score(latest: Sequence[int]) -> Reading:
    """Pure: the latest score (1–5) of each contact → a reading 0–100."""
    if not latest:
        return Reading(None, "pulse.none")
    mean = sum(latest) / len(latest)
    return Reading(
        clamp((mean - 1) * 25), "pulse.mean", {"count": len(latest), "mean": f"{mean:.1f}".replace(".0", "")}
    )


def satisfaction_provider(customers: Sequence[Any], today: datetime.date) -> dict[int, dict[str, Reading]]:
    since = timezone.now() - datetime.timedelta(days=PULSE_VALID_DAYS)
    rows = (
        GuestActivity.objects.filter(
            plan__customer__in=[c.pk for c in customers], kind=GuestActivity.Kind.PULSE, created_at__gte=since
        )
        .order_by("-created_at", "-pk")
        .values_list("plan__customer_id", "stakeholder_id", "score")
    )
    latest: dict[int, dict[int | None, int]] = defaultdict(dict)
    for customer_id, stakeholder_id, score in rows:
        latest[customer_id].setdefault(stakeholder_id, score)
    return {c.pk: {"satisfaction": pulse_score(list(latest.get(c.pk, {}).values()))} for c in customers}


def home_notices(user, today: datetime.date) -> list[tuple[str, str]]:
    """(sentence, link) per plan of the user's own accounts with customer steps not yet seen."""
    if not user.is_authenticated:
        return []
    return [
        (
            ngettext(
                "%(customer)s answered on the %(period)s plan: %(count)s new step.",
                "%(customer)s answered on the %(period)s plan: %(count)s new steps.",
                count,
            )
            % {"customer": name, "period": period, "count": count},
            reverse("planning:plan-detail", args=[plan_id]) + "#customer-activity",
        )
        for plan_id, name, period, count in sharing_selectors.unseen_by_plan(user)
    ]


def register() -> None:
    from accounts import home

    health.register_components(("satisfaction",), satisfaction_provider)
    health.register_reason(
        "pulse.none", lambda p: _("No contact at the customer has answered the satisfaction pulse this year.")
    )
    health.register_reason(
        "pulse.mean",
        lambda p: (
            ngettext(
                "%(count)s contact answered the satisfaction pulse: %(mean)s of 5.",
                "%(count)s contacts answered the satisfaction pulse: on average %(mean)s of 5.",
                p["count"],
            )
            % p
        ),
    )
    home.register_notice(home_notices)
