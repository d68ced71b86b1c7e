"""The risk item of the 30-day start: every key account has had a risk review."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import ngettext

from accounts import checklist
from accounts.checklist import Result
from accounts.models import Customer
from risk.models import RiskReview


def risk_analysis(kam_ids: Sequence[int], today: datetime.date) -> dict[int, Result]:
    rows = (
        Customer.objects.key_accounts()
        .filter(owner__in=kam_ids)
        .annotate(reviewed=Exists(RiskReview.objects.filter(customer=OuterRef("pk"))))
        .order_by("name")
        .values_list("pk", "owner_id", "reviewed")
    )
    done: dict[int, list[int]] = defaultdict(list)
    todo: dict[int, list[int]] = defaultdict(list)
    for pk, owner, reviewed in rows:
        (done if reviewed else todo)[owner].append(pk)
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
    checklist.register_item("risk_analysis", risk_analysis)
