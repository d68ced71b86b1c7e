"""The risk item of the 30-day start: every key account has had a risk review."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import ngettext

from accounts import checklist
from accounts.checklist import Result
from risk.models import RiskReview


def risk_analysis(
    kam_ids: Sequence[int], today: datetime.date, rows: checklist.KeyAccounts
) -> dict[int, Result]:
    done, todo = checklist.by_owner(rows, lambda row: row["risk_reviewed"])
    found = {}
    for kam in kam_ids:
        total = len(done[kam]) + len(todo[kam])
        url = reverse("risk:customer-risk", args=[todo[kam][0]]) if todo[kam] else ""
        text = ngettext(
            "%(done)s of %(count)s key account has had a risk review.",
            "%(done)s of %(count)s key accounts have had a risk review.",
            total,
        ) % {
            "done": len(done[kam]),
            "count": total,
        }
        found[kam] = Result(bool(total) and not todo[kam], text, url)
    return found


def register() -> None:
    checklist.register_item(
        "risk_analysis",
        risk_analysis,
        annotations=lambda today: {
            "risk_reviewed": Exists(RiskReview.objects.filter(customer=OuterRef("pk")))
        },
    )
